package dev.writ.protocol.bench;

import dev.writ.protocol.ProtocolException;
import dev.writ.protocol.crypto.KeyRing;
import dev.writ.protocol.crypto.SigningKey;
import dev.writ.protocol.evidence.ChainHead;
import dev.writ.protocol.evidence.EvidenceRecords;
import dev.writ.protocol.evidence.VerifiedRecord;
import dev.writ.protocol.wire.EvidenceKind;
import dev.writ.protocol.wire.EvidenceRecord;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * One evidence record: seal (encode the body, sign it, hash it) and open (parse, key, signature).
 * An admission seals several records (proposal, decision, issuance), so this is a per-record cost.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class EvidenceBench {
    private SigningKey key;
    private KeyRing keys;
    private ChainHead head;
    private byte[] payloadHash;
    private EvidenceRecord record;

    @Setup
    public void setup() throws ProtocolException {
        key = SigningKey.generate();
        keys = KeyRing.of(BenchFixtures.DOMAIN, key.verifyingKey());
        head = new ChainHead(BenchFixtures.DOMAIN, "lane-0", 1_000, BenchFixtures.bytes(11, 32));
        payloadHash = BenchFixtures.bytes(13, 32);
        record = seal().record();
        EvidenceRecords.open(record, keys);
    }

    @Benchmark
    public VerifiedRecord seal() {
        return EvidenceRecords.seal(key, "node-1", head, EvidenceKind.ISSUANCE, "01JDBENCH0000000000000000",
                payloadHash, 1_795_000_000_000L);
    }

    @Benchmark
    public VerifiedRecord open() throws ProtocolException {
        return EvidenceRecords.open(record, keys);
    }
}

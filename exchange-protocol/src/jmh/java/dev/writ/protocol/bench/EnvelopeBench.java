package dev.writ.protocol.bench;

import dev.writ.protocol.ProtocolException;
import dev.writ.protocol.crypto.KeyRing;
import dev.writ.protocol.crypto.SigningKey;
import dev.writ.protocol.envelope.Envelopes;
import dev.writ.protocol.envelope.OpenedEnvelope;
import dev.writ.protocol.wire.EnvelopeType;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * Proof envelopes, the unit of exchange between domains: seal (hash the payload, sign the header)
 * and encode to bytes; decode and open (parse, key, signature, payload hash).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class EnvelopeBench {
    /** 256 B: a beacon or revocation entry; 16 KiB: an evidence batch or a small bundle. */
    @Param({"256", "16384"})
    public int payloadBytes;

    private SigningKey key;
    private KeyRing keys;
    private byte[] payload;
    private byte[] prevHash;
    private byte[] sealed;

    @Setup
    public void setup() throws ProtocolException {
        key = SigningKey.generate();
        keys = KeyRing.of(BenchFixtures.DOMAIN, key.verifyingKey());
        payload = BenchFixtures.bytes(payloadBytes, payloadBytes);
        prevHash = BenchFixtures.bytes(7, 32);
        sealed = sealToBytes();
        Envelopes.open(sealed, keys);
    }

    @Benchmark
    public byte[] sealToBytes() {
        return Envelopes.seal(key, EnvelopeType.EVIDENCE, BenchFixtures.DOMAIN, 42, prevHash, payload,
                1_795_000_000_000L).envelope().toByteArray();
    }

    @Benchmark
    public OpenedEnvelope open() throws ProtocolException {
        return Envelopes.open(sealed, keys);
    }
}

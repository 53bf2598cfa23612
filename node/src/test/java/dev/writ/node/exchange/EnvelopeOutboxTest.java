package dev.writ.node.exchange;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.writ.node.evidence.Dialect;
import dev.writ.node.evidence.EvidenceStore;
import dev.writ.protocol.crypto.Hashes;
import dev.writ.protocol.crypto.KeyRing;
import dev.writ.protocol.crypto.SigningKey;
import dev.writ.protocol.envelope.Envelopes;
import dev.writ.protocol.envelope.OpenedEnvelope;
import dev.writ.protocol.wire.EnvelopeType;
import dev.writ.protocol.wire.RevocationEntry;
import java.nio.file.Path;
import java.time.Duration;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The domain's published lineage: where it continues after a failover, what partners get again, and no number twice. */
class EnvelopeOutboxTest {
    @TempDir
    Path dir;
    JdbcDataSource db;
    final SigningKey key = SigningKey.generate();

    @BeforeEach
    void schema() {
        db = new JdbcDataSource();
        db.setURL("jdbc:h2:file:" + dir.resolve("outbox") + ";DB_CLOSE_DELAY=-1");
        new EvidenceStore(db, Dialect.H2, Duration.ofSeconds(5), Duration.ofSeconds(1)).createSchema();
    }

    private OpenedEnvelope envelope(EnvelopeOutbox.Tail tail, byte payload) {
        return Envelopes.seal(key, EnvelopeType.BEACON, "acme", tail.nextSeq(), tail.prevHash(), new byte[] {payload}, 1);
    }

    @Test
    void theLineageContinuesFromTheStoredTailAndANumberIsTakenOnce() throws Exception {
        EnvelopeOutbox outbox = new EnvelopeOutbox(db, "acme");
        EnvelopeOutbox.Tail empty = outbox.tail();
        assertThat(empty.nextSeq()).isZero();
        assertThat(empty.prevHash()).isEqualTo(Hashes.zeroHash());

        OpenedEnvelope first = envelope(empty, (byte) 1);
        assertThat(outbox.append(first, 0)).isTrue();
        EnvelopeOutbox.Tail tail = new EnvelopeOutbox(db, "acme").tail(); // another publisher after a failover
        assertThat(tail.nextSeq()).isEqualTo(1);
        assertThat(tail.prevHash()).isEqualTo(first.hash());

        OpenedEnvelope second = envelope(tail, (byte) 2);
        assertThat(outbox.append(second, 3)).isTrue();
        assertThat(outbox.tail().revocationEpoch()).isEqualTo(3);
        assertThat(outbox.append(envelope(tail, (byte) 9), 3)).as("a second envelope with number 1").isFalse();

        var repaired = outbox.range(0, Long.MAX_VALUE, 10);
        assertThat(repaired).hasSize(2);
        assertThat(Envelopes.open(repaired.get(1), KeyRing.of("acme", key.verifyingKey())).hash()).isEqualTo(second.hash());
        assertThat(outbox.range(1, 1, 10)).hasSize(1);
        assertThat(new EnvelopeOutbox(db, "globex").tail().nextSeq()).as("domains do not share a lineage").isZero();
    }

    @Test
    void pruningBelowACheckpointKeepsItAndEveryRevocationEntryAndSaysWhereItPruned() {
        EnvelopeOutbox outbox = new EnvelopeOutbox(db, "acme");
        long epoch = 0;
        for (int i = 0; i < 30; i++) {
            EnvelopeOutbox.Tail tail = outbox.tail();
            OpenedEnvelope e;
            if (i == 5 || i == 22) {
                epoch++;
                e = Envelopes.seal(key, EnvelopeType.REVOCATION_ENTRY, "acme", tail.nextSeq(), tail.prevHash(),
                        RevocationEntry.newBuilder().setDomain("acme").setEpoch(epoch).setSubject("w" + i).build().toByteArray(),
                        i);
            } else if (i == 10 || i == 20) {
                e = Envelopes.seal(key, EnvelopeType.CHECKPOINT, "acme", tail.nextSeq(), tail.prevHash(), new byte[] {1}, 1000L * i);
            } else {
                e = envelope(tail, (byte) i);
            }
            assertThat(outbox.append(e, epoch)).isTrue();
        }
        assertThat(outbox.floor()).isZero();
        assertThat(outbox.checkpoints()).extracting(EnvelopeOutbox.Checkpoint::seq).containsExactly(10L, 20L);
        assertThat(outbox.checkpoints().get(1).sealedAtMillis()).isEqualTo(20_000);
        assertThatThrownBy(() -> outbox.prune(15)).hasMessageContaining("not a stored checkpoint");

        assertThat(outbox.prune(20)).isEqualTo(19); // 0..19 but the revocation entry at 5
        assertThat(outbox.floor()).isEqualTo(20);
        assertThat(outbox.checkpoints()).extracting(EnvelopeOutbox.Checkpoint::seq).containsExactly(20L);
        assertThat(outbox.revocationEntries()).extracting(RevocationEntry::getEpoch).containsExactly(1L, 2L);
        assertThat(outbox.revocationRange(0, 19, 10)).hasSize(1);
        assertThat(outbox.range(0, Long.MAX_VALUE, 100)).hasSize(11); // 5, and 20..29
        assertThat(outbox.tail().nextSeq()).isEqualTo(30);
        assertThat(outbox.tail().revocationEpoch()).isEqualTo(2);
    }
}

package dev.writ.node.revocation;

import static org.assertj.core.api.Assertions.assertThat;

import dev.writ.node.evidence.Dialect;
import dev.writ.node.evidence.EvidenceStore;
import dev.writ.protocol.wire.RevocationEntry;
import dev.writ.protocol.wire.RevocationEntry.Kind;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RevocationLedgerTest {
    @TempDir
    Path dir;
    JdbcDataSource db;

    @BeforeEach
    void schema() {
        db = new JdbcDataSource();
        db.setURL("jdbc:h2:file:" + dir.resolve("ledger") + ";DB_CLOSE_DELAY=-1");
        new EvidenceStore(db, Dialect.H2, Duration.ofSeconds(5), Duration.ofSeconds(1)).createSchema();
    }

    @Test
    void everyNewRevocationTakesTheNextEpoch() {
        RevocationLedger ledger = new RevocationLedger(db, "acme");
        RevocationEntry first = ledger.revoke(Kind.AGENT, "spiffe://acme/agent/a", "compromised", "ops", 1_000);
        RevocationEntry second = ledger.revoke(Kind.WRIT, "jti-1", "suspicious", "ops", 2_000);
        assertThat(first.getEpoch()).isEqualTo(1);
        assertThat(second.getEpoch()).isEqualTo(2);
        assertThat(second.getDomain()).isEqualTo("acme");
        assertThat(ledger.since(0).entries()).containsExactly(first, second);
        assertThat(ledger.since(1).entries()).containsExactly(second);
        assertThat(ledger.since(2).entries()).isEmpty();
        assertThat(ledger.since(2).ledgerEpoch()).isEqualTo(2);
    }

    @Test
    void revokingTheSameSubjectAgainAnswersTheExistingEntry() {
        RevocationLedger ledger = new RevocationLedger(db, "acme");
        RevocationEntry first = ledger.revoke(Kind.AGENT, "spiffe://acme/agent/a", "compromised", "ops", 1_000);
        RevocationEntry again = ledger.revoke(Kind.AGENT, "spiffe://acme/agent/a", "still compromised", "sre", 5_000);
        assertThat(again).isEqualTo(first);
        assertThat(ledger.revoke(Kind.WRIT, "spiffe://acme/agent/a", "other kind", "ops", 6_000).getEpoch()).isEqualTo(2);
    }

    @Test
    void domainsKeepTheirOwnEpochs() {
        new RevocationLedger(db, "acme").revoke(Kind.WRIT, "jti-1", "r", "ops", 1);
        RevocationEntry other = new RevocationLedger(db, "globex").revoke(Kind.WRIT, "jti-1", "r", "ops", 1);
        assertThat(other.getEpoch()).isEqualTo(1);
        assertThat(new RevocationLedger(db, "globex").since(0).entries()).containsExactly(other);
    }

    @Test
    void nodesRevokingAtOnceGetContiguousDistinctEpochs() {
        ExecutorService pool = Executors.newFixedThreadPool(6);
        try {
            List<CompletableFuture<RevocationEntry>> futures = new ArrayList<>();
            for (int i = 0; i < 30; i++) {
                String jti = "jti-" + i;
                // each call as if from another node: its own ledger object over the shared database
                futures.add(CompletableFuture.supplyAsync(
                        () -> new RevocationLedger(db, "acme").revoke(Kind.WRIT, jti, "r", "ops", 1), pool));
            }
            List<Long> epochs = futures.stream().map(CompletableFuture::join).map(RevocationEntry::getEpoch).sorted().toList();
            assertThat(epochs).containsExactlyElementsOf(java.util.stream.LongStream.rangeClosed(1, 30).boxed().toList());
        } finally {
            pool.shutdownNow();
        }
    }
}

package dev.writ.contracts.anchor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigInteger;
import java.sql.Connection;
import java.sql.SQLException;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;

class AnchorOutboxTest {
    private final DataSource db = OutboxDatabases.h2();
    private final AnchorOutbox outbox = new AnchorOutbox(db);

    @Test
    void queuedBatchesContinueTheDomainWideLeafCount() throws SQLException {
        OutboxDatabases.seal(db, "acme", 0, 3, OutboxDatabases.root("acme", 0), 10);
        OutboxEntry second = OutboxDatabases.seal(db, "acme", 1, 5, OutboxDatabases.root("acme", 1), 11);
        OutboxEntry otherDomain = OutboxDatabases.seal(db, "globex", 0, 2, OutboxDatabases.root("globex", 0), 12);
        assertThat(second.firstSeq()).isEqualTo(3);
        assertThat(second.lastSeq()).isEqualTo(7);
        assertThat(otherDomain.firstSeq()).isZero();
        assertThat(outbox.open("acme", 10)).extracting(OutboxEntry::batchSeq).containsExactly(0L, 1L);
    }

    @Test
    void aRolledBackSealLeavesNoRow() throws SQLException {
        try (Connection c = db.getConnection()) {
            c.setAutoCommit(false);
            AnchorOutbox.enqueue(c, "acme", 0, 3, OutboxDatabases.root("acme", 0), 10);
            c.rollback();
        }
        assertThat(outbox.stats("acme").open()).isZero();
    }

    @Test
    void aBatchIsQueuedOnce() throws SQLException {
        OutboxDatabases.seal(db, "acme", 0, 3, OutboxDatabases.root("acme", 0), 10);
        assertThatThrownBy(() -> OutboxDatabases.seal(db, "acme", 0, 3, OutboxDatabases.root("acme", 0), 10))
                .isInstanceOf(SQLException.class);
    }

    @Test
    void rowsKeepEveryFieldThroughTheirStates() throws SQLException {
        OutboxEntry queued = OutboxDatabases.seal(db, "acme", 0, 3, OutboxDatabases.root("acme", 0), 10);
        Fees fees = new Fees(new BigInteger("123456789012345678901234567890"), BigInteger.valueOf(7));
        OutboxEntry sent = queued.sent("0x" + "ab".repeat(32), 4, fees, 99, 20);
        outbox.update(sent);
        assertThat(outbox.get("acme", 0)).contains(sent);
        OutboxEntry confirmed = sent.onChain(OutboxState.CONFIRMED, sent.txHash(), 100, 30);
        outbox.update(confirmed);
        assertThat(outbox.get("acme", 0)).contains(confirmed);
        OutboxStats stats = outbox.stats("acme");
        assertThat(stats.open()).isZero();
        assertThat(stats.lastConfirmedBatch()).isZero();
        assertThat(stats.failed()).isEmpty();
    }

    @Test
    void aFailedRowStopsTheDomainAndIsReported() throws SQLException {
        OutboxEntry queued = OutboxDatabases.seal(db, "acme", 0, 3, OutboxDatabases.root("acme", 0), 10);
        outbox.update(queued.failed("ANCHOR_FORK: another root", 11));
        assertThat(outbox.stats("acme").failed()).map(OutboxEntry::lastError).contains("ANCHOR_FORK: another root");
        assertThat(outbox.open("acme", 10)).isEmpty();
    }

    @Test
    void theSchemaCanBeCreatedAgain() {
        AnchorOutbox.createSchema(db);
        assertThat(outbox.stats("acme").open()).isZero();
    }
}

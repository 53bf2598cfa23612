package dev.writ.node.evidence;

import static org.assertj.core.api.Assertions.assertThat;

import dev.writ.protocol.wire.EvidenceKind;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Writ claims on the real PostgreSQL server (127.0.0.1:5432, user postgres, trust auth), two pools
 * standing for two nodes. Each test gets a fresh database, dropped after.
 */
class WritClaimsPostgresIT extends WritClaimsContract {
    private String database;

    @BeforeEach
    void createDatabase() throws SQLException {
        database = "writ_it_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12).toLowerCase(Locale.ROOT);
        EvidenceStorePostgresIT.admin("CREATE DATABASE " + database);
    }

    @AfterEach
    void dropDatabase() throws Exception {
        closeEverything(); // pools first, so the database has no sessions left
        EvidenceStorePostgresIT.admin("DROP DATABASE IF EXISTS " + database + " WITH (FORCE)");
    }

    @Override
    String jdbcUrl() {
        return EvidenceStorePostgresIT.SERVER + database + "?reWriteBatchedInserts=true";
    }

    @Override
    Dialect dialect() {
        return Dialect.POSTGRES;
    }

    private static final Pattern SHARED_BLOCKS = Pattern.compile("\"Shared (?:Hit|Read) Blocks\": (\\d+)");

    /**
     * D119: with statistics taken while the table held no issuance and no claim, and 20,000 settled
     * issuances written since (a new domain's first minutes, before autovacuum's next analysis), the
     * lookup of one writ's ISSUANCE and the expiry sweeper's read of a window each touch a few pages,
     * not every issuance or every claim of the domain. Asked of the database itself (EXPLAIN ANALYZE
     * BUFFERS of the very queries the store ran), not timed.
     */
    @Test
    void issuanceReadsStayOnTheirIndexesWhileTheStatisticsLagTheTable() throws Exception {
        RecordingDataSource recorded = new RecordingDataSource(pool());
        EvidenceStore store = store(recorded);
        EvidenceLog n1 = log(store, "n1", 1);
        long now = clock.millis();
        try (Connection connection = DriverManager.getConnection(jdbcUrl(), "postgres", "");
             Statement sql = connection.createStatement()) {
            sql.execute("ALTER TABLE writ_evidence SET (autovacuum_enabled = false)");
            sql.execute("ALTER TABLE writ_claims SET (autovacuum_enabled = false)");
            sql.execute(rows("early", 100, EvidenceKind.DECISION, now - 2_000_000));
            sql.execute("ANALYZE writ_evidence");
            sql.execute("ANALYZE writ_claims");
            sql.execute(rows("settled", 20_000, EvidenceKind.ISSUANCE, now - 1_000_000));
            sql.execute("INSERT INTO writ_claims SELECT '" + DOMAIN + "', 'settled-' || g, 1, " + now + ", 'n1'"
                    + " FROM generate_series(1, 20000) g");
        }
        for (String jti : List.of("a", "b", "c")) {
            await(n1.append(jti, List.of(new EvidenceLog.Entry(EvidenceKind.ISSUANCE, jti, new byte[] {1}))));
        }
        await(n1.appendClaimed("b", redeemed("b", "n1", now), redemption("b", "n1")));
        recorded.take();

        assertThat(store.unclaimedIssuances(DOMAIN, "n1", now - 1_000, now + 1_000)).extracting(StoredRecord::subject)
                .containsExactly("a", "c");
        assertThat(store.issuance(DOMAIN, "c")).map(StoredRecord::subject).contains("c");
        List<RecordingDataSource.Query> queries = recorded.take();
        assertThat(queries).hasSizeGreaterThanOrEqualTo(2);
        for (RecordingDataSource.Query query : queries) {
            assertThat(sharedBlocks(query)).as("pages touched by %s", query.sql()).isLessThan(100);
        }
    }

    /** {@code count} rows the sweeper never has to read (placeholder bytes), numbered from 1, {@code from} on. */
    private static String rows(String prefix, int count, EvidenceKind kind, long from) {
        return "INSERT INTO writ_evidence (domain, lane, seq, record_hash, record, payload, kind, subject, story,"
                + " node_id, time_millis) SELECT '" + DOMAIN + "', '" + prefix + "', g, decode(repeat('00', 32), 'hex'),"
                + " '\\x00'::bytea, '\\x00'::bytea, " + kind.getNumber() + ", '" + prefix + "-' || g, '" + prefix
                + "-' || g, 'n1', " + from + " + g FROM generate_series(1, " + count + ") g";
    }

    /** The shared buffers (pages) the database touched running {@code query}, by its own account. */
    private long sharedBlocks(RecordingDataSource.Query query) throws SQLException {
        try (Connection connection = DriverManager.getConnection(jdbcUrl(), "postgres", "");
             PreparedStatement explain = connection.prepareStatement("EXPLAIN (ANALYZE, BUFFERS, FORMAT JSON) "
                     + query.sql())) {
            for (int i = 0; i < query.parameters().size(); i++) {
                explain.setObject(i + 1, query.parameters().get(i));
            }
            try (ResultSet plan = explain.executeQuery()) {
                plan.next();
                String json = plan.getString(1);
                // the plan's top node first: its figures include its children's; planning's come after
                Matcher blocks = SHARED_BLOCKS.matcher(json.substring(0, json.indexOf("\"Planning\"") < 0
                        ? json.length() : json.indexOf("\"Planning\"")));
                long hitAndRead = 0;
                for (int taken = 0; taken < 2 && blocks.find(); taken++) {
                    hitAndRead += Long.parseLong(blocks.group(1));
                }
                return hitAndRead;
            }
        }
    }
}

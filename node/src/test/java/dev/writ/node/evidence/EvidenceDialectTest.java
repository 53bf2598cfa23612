package dev.writ.node.evidence;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.sql.SQLException;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EvidenceDialectTest {
    @Test
    void theDialectFollowsTheJdbcUrl() {
        assertThat(Dialect.fromJdbcUrl("jdbc:h2:file:/var/writ/ev")).isEqualTo(Dialect.H2);
        assertThat(Dialect.fromJdbcUrl("jdbc:postgresql://127.0.0.1:5432/writ")).isEqualTo(Dialect.POSTGRES);
        assertThatThrownBy(() -> Dialect.fromJdbcUrl("jdbc:mysql://db/writ?password=secret"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageNotContaining("secret");
    }

    @Test
    void theDialectFollowsTheDatabaseProduct(@TempDir Path dir) throws SQLException {
        JdbcDataSource h2 = new JdbcDataSource();
        h2.setURL("jdbc:h2:file:" + dir.resolve("d").toAbsolutePath());
        assertThat(Dialect.of(h2)).isEqualTo(Dialect.H2);
        assertThat(Dialect.fromProductName("PostgreSQL")).isEqualTo(Dialect.POSTGRES);
    }

    @Test
    void eachDialectsSchemaCreatesEveryTableAndIndex() {
        for (Dialect dialect : Dialect.values()) {
            assertThat(Schema.statements(dialect))
                    .hasSize(12)
                    .anySatisfy(s -> assertThat(s).contains("CREATE TABLE IF NOT EXISTS writ_evidence"))
                    .anySatisfy(s -> assertThat(s).contains("CREATE TABLE IF NOT EXISTS writ_claims"))
                    .anySatisfy(s -> assertThat(s).contains("CREATE TABLE IF NOT EXISTS writ_outcome_claims"))
                    .anySatisfy(s -> assertThat(s).contains("PRIMARY KEY (writ_domain, jti)"))
                    .anySatisfy(s -> assertThat(s).contains("PRIMARY KEY (domain, lane, seq)"))
                    .anySatisfy(s -> assertThat(s).contains("writ_evidence_story_idx"))
                    .anySatisfy(s -> assertThat(s).contains("CREATE TABLE IF NOT EXISTS writ_domain_keys"))
                    .anySatisfy(s -> assertThat(s).contains("CREATE TABLE IF NOT EXISTS writ_anchor_batches"))
                    .anySatisfy(s -> assertThat(s).contains("PRIMARY KEY (domain, lane, first_seq)"))
                    .anySatisfy(s -> assertThat(s).contains("CREATE TABLE IF NOT EXISTS writ_revocations"))
                    .anySatisfy(s -> assertThat(s).contains("CREATE TABLE IF NOT EXISTS writ_exchange_outbox"))
                    .anySatisfy(s -> assertThat(s).contains("CREATE TABLE IF NOT EXISTS writ_exchange_acks"))
                    .anySatisfy(s -> assertThat(s).contains("PRIMARY KEY (domain, agent_id, proposal_id)"));
        }
    }

    @Test
    void theSchemaIsWrittenOnceAndEachDialectNamesItsOwnByteType() {
        assertThat(String.join("\n", Schema.statements(Dialect.H2)))
                .contains("record_hash  VARBINARY(32)", "record       VARBINARY(8192)", "payload      VARBINARY ")
                .doesNotContain("BYTEA", "${");
        assertThat(String.join("\n", Schema.statements(Dialect.POSTGRES)))
                .contains("record_hash  BYTEA ", "record       BYTEA ", "payload      BYTEA ")
                .doesNotContain("VARBINARY", "${");
    }

    @Test
    void anUnknownPlaceholderIsRefused() {
        assertThat(Dialect.H2.ddl("x ${bytes(4)}, y ${bytes}")).isEqualTo("x VARBINARY(4), y VARBINARY");
        assertThatThrownBy(() -> Dialect.POSTGRES.ddl("x ${byte}")).isInstanceOf(IllegalArgumentException.class);
    }
}

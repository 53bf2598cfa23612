package dev.writ.node.redemption;

import dev.writ.node.TestNode;
import dev.writ.protocol.client.WritClient;
import dev.writ.protocol.wire.Action;
import dev.writ.protocol.wire.ActionContext;
import dev.writ.protocol.wire.ActionProposal;
import dev.writ.protocol.wire.DecisionRecord.Decision;
import dev.writ.protocol.wire.ProposalResponse;
import dev.writ.protocol.wire.RedemptionRequest;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.Arrays;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A measurement, not a test of speed: 2,000 redemptions one after another through one node's API
 * on the real PostgreSQL (synchronous commit), each right after its own admission. Prints the
 * redemption latencies; asserts only that every redemption was accepted. Runs only when asked
 * ({@code -Dwrit.it.measure=true}), so the integration suite does not pay for it.
 */
@EnabledIfSystemProperty(named = "writ.it.measure", matches = "true")
class SequentialRedemptionsIT {
    private static final String SERVER = System.getProperty("writ.it.postgres", "jdbc:postgresql://127.0.0.1:5432/");
    private static final int REDEMPTIONS = Integer.getInteger("writ.it.redemptions", 2_000);

    @TempDir
    Path dir;

    @Test
    void twoThousandRedemptionsOneAfterAnother() throws Exception {
        String database = "writ_seq_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12).toLowerCase(Locale.ROOT);
        admin("CREATE DATABASE " + database);
        try (TestNode node = TestNode.start(dir, Map.of("writ.journal.url", SERVER + database,
                "writ.journal.user", "postgres"))) {
            WritClient client = WritClient.create(node.uri());
            Instant deadline = Instant.now().plusSeconds(60);
            while (!healthy(client)) {
                assertThat(Instant.now()).as("HEALTHY within 60 s").isBefore(deadline);
                Thread.sleep(100);
            }
            int warmup = 100;
            long[] nanos = new long[REDEMPTIONS];
            for (int i = -warmup; i < REDEMPTIONS; i++) {
                // 50 admissions a minute per agent under the demo policy: a new agent every 40
                String agent = "payments-seq-" + ((i + warmup) / 40);
                ProposalResponse allowed = client.propose(transfer(agent));
                assertThat(allowed.getDecision()).isEqualTo(Decision.ALLOW);
                RedemptionRequest request = RedemptionRequest.newBuilder().setWrit(allowed.getWrit())
                        .setMutation(action()).putObserved("account.balance", "100000").setPepId("pep-seq").build();
                long started = System.nanoTime();
                assertThat(client.redeem(request).getJti()).isEqualTo(allowed.getJti());
                if (i >= 0) {
                    nanos[i] = System.nanoTime() - started;
                }
            }
            long[] sorted = nanos.clone();
            Arrays.sort(sorted);
            System.out.printf(Locale.ROOT, "SEQUENTIAL REDEMPTIONS n=%d total=%.0f ms mean=%.2f ms p50=%.2f ms"
                            + " p90=%.2f ms p99=%.2f ms max=%.2f ms%n", REDEMPTIONS, Arrays.stream(nanos).sum() / 1e6,
                    Arrays.stream(nanos).average().orElse(0) / 1e6, sorted[REDEMPTIONS / 2] / 1e6,
                    sorted[REDEMPTIONS * 9 / 10] / 1e6, sorted[REDEMPTIONS * 99 / 100] / 1e6, sorted[REDEMPTIONS - 1] / 1e6);
        } finally {
            admin("DROP DATABASE IF EXISTS " + database + " WITH (FORCE)");
        }
    }

    private static boolean healthy(WritClient client) {
        try {
            return client.health().getStatus().equals("HEALTHY");
        } catch (Exception e) {
            return false;
        }
    }

    private static ActionProposal transfer(String agent) {
        return ActionProposal.newBuilder()
                .setProposalId("p-" + UUID.randomUUID())
                .setAgentId("spiffe://acme/agent/" + agent)
                .setAction(action())
                .setContext(ActionContext.newBuilder().setSessionId("s-1").setRiskScore(10).setDataClassification("internal"))
                .setProposedAtMillis(System.currentTimeMillis())
                .build();
    }

    private static Action action() {
        return Action.newBuilder().setTarget("payments-api").setOperation("transfer")
                .putParameters("amount", "1").putParameters("currency", "EUR").setClassification("internal").build();
    }

    private static void admin(String sql) throws SQLException {
        try (Connection connection = DriverManager.getConnection(SERVER + "postgres", "postgres", "");
             Statement statement = connection.createStatement()) {
            statement.execute(sql);
        }
    }
}

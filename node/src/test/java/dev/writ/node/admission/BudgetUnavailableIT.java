package dev.writ.node.admission;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.ByteString;
import com.google.protobuf.util.JsonFormat;
import dev.writ.authority.ca.CaDirectory;
import dev.writ.authority.ca.CertificateAuthority;
import dev.writ.node.TestNode;
import dev.writ.protocol.client.AgentCredential;
import dev.writ.protocol.client.WritClient;
import dev.writ.protocol.crypto.Hashes;
import dev.writ.protocol.crypto.SigningKey;
import dev.writ.protocol.identity.AgentCsr;
import dev.writ.protocol.identity.SpiffeId;
import dev.writ.protocol.wire.Action;
import dev.writ.protocol.wire.ActionContext;
import dev.writ.protocol.wire.ActionProposal;
import dev.writ.protocol.wire.DecisionRecord.Decision;
import dev.writ.protocol.wire.EvidenceKind;
import dev.writ.protocol.wire.ProposalResponse;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import org.bouncycastle.cert.X509CertificateHolder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A budget whose owner gives this node no slice within writ.budgets.refill-timeout decides nothing
 * (D63): one real node on the real PostgreSQL, its refill timeout cut to 2 ms so that a
 * new agent's first slice (a cold owner: shard, recovery, a persisted grant) misses it. The answer
 * is 503 BUDGET_UNAVAILABLE with Retry-After, never a DENY; the same proposal sent again is decided
 * afresh, once: ALLOW, one PROPOSAL and one DECISION record.
 */
class BudgetUnavailableIT {
    private static final String SERVER = System.getProperty("writ.it.postgres", "jdbc:postgresql://127.0.0.1:5432/");
    private static final byte[] MODEL = Hashes.sha256("model-v1".getBytes(StandardCharsets.UTF_8));
    private static final int AGENTS = 20;

    @TempDir
    Path dir;

    @Test
    void aSliceNotGrantedInTimeIsARetryableRefusalAndTheRetryWithTheSameIdIsDecidedOnce() throws Exception {
        String database = "writ_budget_na_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12).toLowerCase(Locale.ROOT);
        admin("CREATE DATABASE " + database);
        CertificateAuthority ca = CaDirectory.at(dir.resolve("ca")).init("acme", Instant.now().minusSeconds(60),
                Duration.ofDays(3650), Duration.ofDays(365));
        try (TestNode node = TestNode.start(dir.resolve("node"), Map.of(
                "writ.journal.url", SERVER + database,
                "writ.journal.user", "postgres",
                "writ.identity.ca-dir", dir.resolve("ca").toString(),
                "writ.identity.agent-certificates", "required",
                "writ.budgets.refill-timeout", "2ms"))) {
            WritClient client = WritClient.create(node.uri());
            awaitHealthy(client);
            HttpClient http = HttpClient.newHttpClient();

            // each new agent's budgets have a new owner; the first that misses the 2 ms is the case under test
            ActionProposal missed = null;
            HttpResponse<String> refused = null;
            for (int i = 0; i < AGENTS && missed == null; i++) {
                ActionProposal proposal = agent(ca, "payments-cold-" + i).sign(transfer("payments-cold-" + i));
                HttpResponse<String> answer = post(http, node.uri(), proposal);
                if (answer.statusCode() == 503) {
                    missed = proposal;
                    refused = answer;
                } else {
                    assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
                    assertThat(answer.body()).as("a slice in time: the policy's verdict").contains("ALLOW")
                            .doesNotContain("BUDGET_UNAVAILABLE");
                }
            }
            assertThat(missed).as("one of %s cold budget owners missed a 2 ms refill timeout", AGENTS).isNotNull();
            assertThat(refused.body()).contains("BUDGET_UNAVAILABLE").contains("retry with the same id");
            assertThat(refused.headers().firstValue("Retry-After")).contains("1");
            assertThat(recorded(node, EvidenceKind.DECISION, missed.getProposalId())).as("nothing decided").isZero();

            // the slice granted late is kept for the retry, which decides the id afresh
            Instant deadline = Instant.now().plus(Duration.ofMinutes(1));
            HttpResponse<String> answer = post(http, node.uri(), missed);
            while (answer.statusCode() == 503 && Instant.now().isBefore(deadline)) {
                assertThat(answer.body()).contains("BUDGET_UNAVAILABLE");
                Thread.sleep(200);
                answer = post(http, node.uri(), missed);
            }
            assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
            ProposalResponse.Builder allowed = ProposalResponse.newBuilder();
            JsonFormat.parser().ignoringUnknownFields().merge(answer.body(), allowed);
            assertThat(allowed.getDecision()).isEqualTo(Decision.ALLOW);
            assertThat(client.propose(missed)).as("a copy now gets that decision").isEqualTo(allowed.build());
            assertThat(recorded(node, EvidenceKind.PROPOSAL, missed.getProposalId())).isEqualTo(1);
            assertThat(recorded(node, EvidenceKind.DECISION, missed.getProposalId())).isEqualTo(1);
        } finally {
            admin("DROP DATABASE IF EXISTS " + database + " WITH (FORCE)");
        }
    }

    private static HttpResponse<String> post(HttpClient http, URI node, ActionProposal proposal) throws Exception {
        return http.send(HttpRequest.newBuilder(node.resolve("/v1/proposals"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(JsonFormat.printer().print(proposal))).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static long recorded(TestNode node, EvidenceKind kind, String proposalId) {
        return node.node.store().byKind("acme", "test-node", kind, 0, Long.MAX_VALUE).stream()
                .filter(r -> proposalId.equals(r.subject())).count();
    }

    private static AgentCredential agent(CertificateAuthority ca, String name) throws Exception {
        SigningKey key = SigningKey.generate();
        X509CertificateHolder leaf = ca.issueAgent(AgentCsr.verify(AgentCsr.create(key, new SpiffeId("acme", name), MODEL)),
                Instant.now(), Duration.ofHours(1));
        return new AgentCredential(key, ca.presentedChain(leaf));
    }

    private static ActionProposal transfer(String agent) {
        return ActionProposal.newBuilder()
                .setProposalId("p-" + UUID.randomUUID())
                .setAgentId("spiffe://acme/agent/" + agent)
                .setAction(Action.newBuilder().setTarget("payments-api").setOperation("transfer")
                        .putParameters("amount", "10").putParameters("currency", "EUR").setClassification("internal"))
                .setContext(ActionContext.newBuilder().setSessionId("s-1").setRiskScore(10).setDataClassification("internal")
                        .setModelHash(ByteString.copyFrom(MODEL)))
                .setProposedAtMillis(Instant.now().toEpochMilli())
                .build();
    }

    /** A bounded wait for a node starting on shared cores, not a timing assertion. */
    private static void awaitHealthy(WritClient client) throws InterruptedException {
        Instant deadline = Instant.now().plus(Duration.ofMinutes(3));
        while (true) {
            try {
                if (client.health().getStatus().equals("HEALTHY")) {
                    return;
                }
            } catch (Exception notYet) {
                // still starting
            }
            assertThat(Instant.now()).as("the node turns HEALTHY").isBefore(deadline);
            Thread.sleep(200);
        }
    }

    private static void admin(String sql) throws SQLException {
        try (Connection connection = DriverManager.getConnection(SERVER + "postgres", "postgres", "");
             Statement statement = connection.createStatement()) {
            statement.execute(sql);
        }
    }
}

package dev.writ.node.api;

import com.google.protobuf.util.JsonFormat;
import dev.writ.node.TestNode;
import dev.writ.node.evidence.StoredRecord;
import dev.writ.protocol.crypto.Hashes;
import dev.writ.protocol.wire.Action;
import dev.writ.protocol.wire.ActionContext;
import dev.writ.protocol.wire.ActionProposal;
import dev.writ.protocol.wire.DecisionRecord.Decision;
import dev.writ.protocol.wire.EvidenceKind;
import dev.writ.protocol.wire.Health;
import dev.writ.protocol.wire.OutcomeRecord;
import dev.writ.protocol.wire.OutcomeRequest;
import dev.writ.protocol.wire.Problem;
import dev.writ.protocol.wire.ProposalResponse;
import dev.writ.protocol.wire.RefusalRecord;
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
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Invariant 9 against one real node on PostgreSQL: ids PostgreSQL cannot hold as text (a NUL) or
 * longer than any column (2 KiB) are refused with a typed problem and a REFUSAL record of their
 * own, while the valid proposals sent at the same time, whose records share the lanes' group
 * commits with those refusals, are all decided and the node never turns FAILED.
 */
class MalformedIdsPostgresIT {
    private static final String SERVER = System.getProperty("writ.it.postgres", "jdbc:postgresql://127.0.0.1:5432/");
    private static final int ROUNDS = 5;
    private static final int VALID_PER_ROUND = 40;

    @TempDir
    Path dir;
    private String database;
    private TestNode node;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

    @BeforeEach
    void start() throws Exception {
        database = "writ_ids_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12).toLowerCase(Locale.ROOT);
        admin("CREATE DATABASE " + database);
        node = TestNode.start(dir, Map.of(
                "writ.journal.url", SERVER + database,
                "writ.journal.user", "postgres",
                // a round's 43 proposals at once must each be decided, not shed by the adaptive limit on a busy machine
                "writ.http.overload.min-limit", 64));
        Instant deadline = Instant.now().plusSeconds(60);
        while (!health().getStatus().equals("HEALTHY")) {
            assertThat(Instant.now()).as("the node is HEALTHY in time").isBefore(deadline);
            Thread.sleep(100);
        }
    }

    @AfterEach
    void stop() throws Exception {
        if (node != null) {
            node.close();
        }
        admin("DROP DATABASE IF EXISTS " + database + " WITH (FORCE)");
    }

    @Test
    void validProposalsAreDecidedWhileNulAndOversizedIdsAreRefusedAndRecordedAlone() throws Exception {
        for (int round = 0; round < ROUNDS; round++) {
            List<String> bad = List.of("p-" + round + "-\u0000-nul", "p-" + round + "-" + "a".repeat(2048),
                    "p-" + round + "-\u0000" + "b".repeat(2048));
            List<CompletableFuture<HttpResponse<String>>> validAnswers = new ArrayList<>();
            List<CompletableFuture<HttpResponse<String>>> badAnswers = new ArrayList<>();
            for (int i = 0; i < VALID_PER_ROUND; i++) {
                if (i > 0 && i % (VALID_PER_ROUND / 4) == 0) { // after the 10th, 20th and 30th valid one
                    badAnswers.add(propose(report(bad.get(badAnswers.size()))));
                }
                validAnswers.add(propose(report("p-" + round + "-" + i + "-" + UUID.randomUUID())));
            }

            for (int i = 0; i < validAnswers.size(); i++) {
                HttpResponse<String> answer = validAnswers.get(i).get(60, TimeUnit.SECONDS);
                assertThat(answer.statusCode()).as("valid proposal %s of round %s: %s", i, round, answer.body())
                        .isEqualTo(200);
                ProposalResponse.Builder decided = ProposalResponse.newBuilder();
                JsonFormat.parser().merge(answer.body(), decided);
                assertThat(decided.getDecision()).isEqualTo(Decision.ALLOW);
            }
            for (int i = 0; i < bad.size(); i++) {
                assertMalformedProblem(badAnswers.get(i).get(60, TimeUnit.SECONDS));
                assertThat(refusalsFiledFor(bad.get(i))).as("bad id %s of round %s", i, round).hasSize(1);
            }
            assertThat(health().getStatus()).as("health after round %s", round).isNotEqualTo("FAILED");
        }
        assertThat(health().getReasonsList()).filteredOn(r -> r.getCheck().equals("evidence"))
                .extracting(r -> r.getStatus()).as("refused content is not an evidence failure").containsExactly("HEALTHY");
    }

    @Test
    void outcomeJtisAndPathIdsThatAreNotIdsAreRefusedMalformedAndRecordedNeverAnswered500() throws Exception {
        for (String jti : List.of("w-\u0000-nul", "w-" + "x".repeat(2048))) {
            String body = JsonFormat.printer().print(OutcomeRequest.newBuilder().setJti(jti)
                    .setStatus(OutcomeRecord.Status.SUCCEEDED).setPepId("pep-1").build());
            assertMalformedProblem(send(post("/v1/outcomes", body)));
            assertThat(refusalsFiledFor(jti)).hasSize(1);
        }
        // A path reaches the router as sent, percent-encoded; 1.5 KiB stays below the HTTP layer's
        // URI limit (pekko.http.server.parsing.max-uri-length), beyond which it answers 414 itself.
        for (String id : List.of("a%00b", "a%0A%0Db", "caf%C3%A9", "a".repeat(1536))) {
            assertMalformedProblem(send(post("/v1/approvals/" + id, "{}")));
            assertThat(refusalsFiledFor(id)).hasSize(1);
            assertMalformedProblem(send(HttpRequest.newBuilder(node.uri().resolve("/v1/writs/" + id)).GET().build()));
            assertThat(refusalsFiledFor(id)).as("a read is answered, not recorded").hasSize(1);
        }
        assertThat(health().getStatus()).isNotEqualTo("FAILED");
    }

    /** A MALFORMED problem+json that says its refusal was recorded and echoes no control character. */
    private static void assertMalformedProblem(HttpResponse<String> answer) throws Exception {
        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(400);
        assertThat(answer.headers().firstValue("Content-Type")).hasValue("application/problem+json");
        Problem.Builder problem = Problem.newBuilder();
        JsonFormat.parser().merge(answer.body(), problem);
        assertThat(problem.getCode()).isEqualTo("MALFORMED");
        assertThat(problem.getDetail()).doesNotContain("could not be recorded");
        assertThat((problem.getDetail() + problem.getInstance()).chars()).noneMatch(Character::isISOControl);
    }

    /**
     * The REFUSAL records of an id that was sent: filed under, and naming as subject, the digest of
     * the id's UTF-8 bytes, and holding no control character in their detail.
     */
    private List<RefusalRecord> refusalsFiledFor(String sentId) throws Exception {
        String rendering = "sha256:" + HexFormat.of().formatHex(Hashes.sha256(sentId.getBytes(StandardCharsets.UTF_8)));
        List<RefusalRecord> refusals = new ArrayList<>();
        for (StoredRecord record : node.node.store().story("acme", rendering)) {
            assertThat(record.kind()).isEqualTo(EvidenceKind.REFUSAL);
            assertThat(record.subject()).isEqualTo(rendering);
            RefusalRecord refusal = RefusalRecord.parseFrom(record.payload());
            assertThat(refusal.getCode()).isEqualTo("MALFORMED");
            assertThat(refusal.getSubject()).isEqualTo(rendering);
            assertThat(refusal.getDetail().chars()).noneMatch(Character::isISOControl);
            refusals.add(refusal);
        }
        return refusals;
    }

    private HttpRequest post(String path, String json) {
        return HttpRequest.newBuilder(node.uri().resolve(path)).header("Content-Type", "application/json")
                .timeout(Duration.ofSeconds(60)).POST(HttpRequest.BodyPublishers.ofString(json)).build();
    }

    private HttpResponse<String> send(HttpRequest request) throws Exception {
        return http.send(request, HttpResponse.BodyHandlers.ofString());
    }

    private static ActionProposal report(String id) {
        return ActionProposal.newBuilder()
                .setProposalId(id)
                .setAgentId("spiffe://acme/agent/reporter")
                .setProposedAtMillis(System.currentTimeMillis())
                .setAction(Action.newBuilder().setTarget("reports-api").setOperation("read").setClassification("internal"))
                .setContext(ActionContext.newBuilder().setSessionId("s-1").setDataClassification("internal"))
                .build();
    }

    private CompletableFuture<HttpResponse<String>> propose(ActionProposal proposal) throws Exception {
        return http.sendAsync(post("/v1/proposals", JsonFormat.printer().print(proposal)), HttpResponse.BodyHandlers.ofString());
    }

    private Health health() throws Exception {
        HttpResponse<String> answer = http.send(HttpRequest.newBuilder(node.uri().resolve("/v1/health")).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        Health.Builder health = Health.newBuilder();
        JsonFormat.parser().ignoringUnknownFields().merge(answer.body(), health);
        return health.build();
    }

    private static void admin(String sql) throws SQLException {
        try (Connection connection = DriverManager.getConnection(SERVER + "postgres", "postgres", "");
             Statement statement = connection.createStatement()) {
            statement.execute(sql);
        }
    }
}

package dev.writ.node.health;

import com.google.protobuf.util.JsonFormat;
import dev.writ.node.OwnPostgres;
import dev.writ.node.TestNode;
import dev.writ.protocol.wire.Action;
import dev.writ.protocol.wire.ActionContext;
import dev.writ.protocol.wire.ActionProposal;
import dev.writ.protocol.wire.DecisionRecord.Decision;
import dev.writ.protocol.wire.Health;
import dev.writ.protocol.wire.Problem;
import dev.writ.protocol.wire.ProposalResponse;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A database outage against one real node on a PostgreSQL of the test's own (the shared server
 * is never stopped): while the database is down every proposal is refused EVIDENCE_UNAVAILABLE
 * with a Retry-After, none is left to the client's timeout (the drills' 5 s), and once the
 * database is back the node admits again by itself, without a restart (docs/architecture.md,
 * "Health").
 */
class DatabaseOutageIT {
    /** The drill clients' timeout (DrillClient.REQUEST_TIMEOUT): an answer must come before it. */
    private static final Duration CLIENT_TIMEOUT = Duration.ofSeconds(5);
    private static final int BURSTS = 6;
    private static final int PER_BURST = 6;

    @TempDir
    Path dir;
    private OwnPostgres postgres;
    private TestNode node;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(CLIENT_TIMEOUT).build();

    @BeforeEach
    void start() throws Exception {
        postgres = OwnPostgres.start(Path.of("target", "db-outage-" + UUID.randomUUID()).toAbsolutePath());
        node = TestNode.start(dir, Map.of("writ.journal.url", postgres.url(), "writ.journal.user", "postgres",
                "writ.ask-timeout", "2s"));
        awaitAdmitted("the node admits before the outage");
    }

    @AfterEach
    void stop() throws Exception {
        if (node != null) {
            node.close();
        }
        if (postgres != null) {
            postgres.close();
        }
    }

    @Test
    void proposalsAreRefusedAtOnceWhileTheDatabaseIsDownAndAdmittedAgainWhenItIsBack() throws Exception {
        postgres.stop();
        List<String> answers = new ArrayList<>();
        for (int burst = 0; burst < BURSTS; burst++) {
            List<CompletableFuture<String>> sent = new ArrayList<>();
            for (int i = 0; i < PER_BURST; i++) {
                sent.add(proposeAndClassify());
            }
            for (CompletableFuture<String> answer : sent) {
                answers.add(answer.join());
            }
            Thread.sleep(300);
        }
        assertThat(answers).as("every proposal during the outage, as status code Retry-After latency")
                .allSatisfy(a -> assertThat(a).startsWith("503 EVIDENCE_UNAVAILABLE retry-after=1 "));

        postgres.startServer();
        awaitAdmitted("the node admits again once its database is back, without a restart");
    }

    /** Sends one proposal; its answer as "status code retry-after=... <ms>", or "timeout" when the client gave up. */
    private CompletableFuture<String> proposeAndClassify() throws Exception {
        long sent = System.nanoTime();
        return http.sendAsync(post(proposal()), HttpResponse.BodyHandlers.ofString()).handle((answer, failure) -> {
            long millis = (System.nanoTime() - sent) / 1_000_000;
            if (failure != null) {
                Throwable cause = failure instanceof CompletionException ? failure.getCause() : failure;
                return (cause instanceof HttpTimeoutException ? "timeout" : cause.toString()) + " " + millis + "ms";
            }
            return answer.statusCode() + " " + code(answer) + " retry-after="
                    + answer.headers().firstValue("Retry-After").orElse("none") + " " + millis + "ms";
        });
    }

    private static String code(HttpResponse<String> answer) {
        if (answer.statusCode() == 200) {
            return "OK";
        }
        try {
            Problem.Builder problem = Problem.newBuilder();
            JsonFormat.parser().ignoringUnknownFields().merge(answer.body(), problem);
            return problem.getCode();
        } catch (Exception e) {
            return "unreadable:" + answer.body();
        }
    }

    private void awaitAdmitted(String why) throws Exception {
        Instant deadline = Instant.now().plusSeconds(90);
        String last = "nothing yet";
        while (Instant.now().isBefore(deadline)) {
            try {
                HttpResponse<String> answer = http.send(post(proposal()), HttpResponse.BodyHandlers.ofString());
                if (answer.statusCode() == 200) {
                    ProposalResponse.Builder decided = ProposalResponse.newBuilder();
                    JsonFormat.parser().ignoringUnknownFields().merge(answer.body(), decided);
                    assertThat(decided.getDecision()).isEqualTo(Decision.ALLOW);
                    assertThat(health().getStatus()).isNotEqualTo("FAILED");
                    return;
                }
                last = answer.statusCode() + " " + code(answer);
            } catch (HttpTimeoutException e) {
                last = "timeout";
            }
            Thread.sleep(250);
        }
        throw new AssertionError(why + ": still refused (" + last + "); health " + health());
    }

    private HttpRequest post(ActionProposal proposal) throws Exception {
        return HttpRequest.newBuilder(node.uri().resolve("/v1/proposals")).header("Content-Type", "application/json")
                .timeout(CLIENT_TIMEOUT).POST(HttpRequest.BodyPublishers.ofString(JsonFormat.printer().print(proposal)))
                .build();
    }

    private static ActionProposal proposal() {
        return ActionProposal.newBuilder()
                .setProposalId("p-" + UUID.randomUUID())
                .setAgentId("spiffe://acme/agent/reporter")
                .setProposedAtMillis(System.currentTimeMillis())
                .setAction(Action.newBuilder().setTarget("reports-api").setOperation("read").setClassification("internal"))
                .setContext(ActionContext.newBuilder().setSessionId("s-1").setDataClassification("internal"))
                .build();
    }

    private Health health() throws Exception {
        HttpResponse<String> answer = http.send(HttpRequest.newBuilder(node.uri().resolve("/v1/health"))
                .timeout(CLIENT_TIMEOUT).GET().build(), HttpResponse.BodyHandlers.ofString());
        Health.Builder health = Health.newBuilder();
        JsonFormat.parser().ignoringUnknownFields().merge(answer.body(), health);
        return health.build();
    }
}

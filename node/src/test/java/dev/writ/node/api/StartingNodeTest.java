package dev.writ.node.api;

import static org.assertj.core.api.Assertions.assertThat;

import dev.writ.node.TestNode;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A started node takes no command before it has been ready (D69): it refuses at once,
 * from memory, NODE_STARTING with Retry-After, and records nothing; its health stays readable,
 * and once it has been ready the same command reaches its resource.
 */
class StartingNodeTest {
    private static final Duration CLIENT_TIMEOUT = Duration.ofSeconds(10);
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    @Test
    void aNodeThatWasNeverReadyRefusesCommandsNodeStartingWithRetryAfterAndRecordsNothing(@TempDir Path dir)
            throws Exception {
        // two members needed and one will ever come: the node stays FAILED ("cluster"), as a restarted
        // node is until it has joined, its shards are allocated and a budget owner answered
        try (TestNode t = TestNode.start(dir, Map.of("writ.cluster.min-members", 2))) {
            for (String path : new String[] {"/v1/proposals", "/v1/redemptions", "/v1/outcomes", "/v1/revocations",
                    "/v1/agents/certificates", "/v1/approvals/p-1"}) {
                HttpResponse<String> refused = post(t, path, "{\"proposal_id\":\"p-1\"}");
                assertThat(refused.statusCode()).as(path).isEqualTo(503);
                assertThat(refused.body()).as(path).contains("\"code\":\"NODE_STARTING\"", "is starting", "cluster:");
                assertThat(refused.headers().firstValue("Retry-After")).as(path).hasValue("1");
            }
            HttpResponse<String> health = get(t, "/v1/health");
            assertThat(health.statusCode()).as("health is answered while starting").isEqualTo(503);
            assertThat(health.body()).contains("\"status\":\"FAILED\"");
            assertThat(get(t, "/metrics").body()).contains("code=\"NODE_STARTING\"");
            assertThat(t.node.store().story("acme", "refusals")).as("nothing was decided: no record").isEmpty();
            assertThat(t.node.store().story("acme", "p-1")).isEmpty();
        }
    }

    @Test
    void aNodeOnceReadyTakesCommandsToTheirResource(@TempDir Path dir) throws Exception {
        try (TestNode t = TestNode.start(dir, Map.of())) {
            t.awaitServing();
            HttpResponse<String> answered = post(t, "/v1/proposals", "{\"no_such_field\":1}");
            assertThat(answered.body()).doesNotContain("NODE_STARTING").contains("\"code\":\"UNKNOWN_FIELD\"");
            assertThat(answered.statusCode()).isEqualTo(400);
        }
    }

    private HttpResponse<String> post(TestNode t, String path, String body) throws Exception {
        return http.send(HttpRequest.newBuilder(t.uri().resolve(path)).timeout(CLIENT_TIMEOUT)
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> get(TestNode t, String path) throws Exception {
        return http.send(HttpRequest.newBuilder(t.uri().resolve(path)).timeout(CLIENT_TIMEOUT).GET().build(),
                HttpResponse.BodyHandlers.ofString());
    }
}

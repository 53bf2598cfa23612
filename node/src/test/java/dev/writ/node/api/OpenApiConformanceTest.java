package dev.writ.node.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.writ.node.TestNode;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Real answers of a real node (H2, a cluster of one, real HTTP) held to the document it serves:
 * each status declared for its operation, each media type declared for that status, each JSON
 * body valid against the declared schema. A server change the document does not follow, or a
 * document edit the server does not honour, fails here.
 */
class OpenApiConformanceTest {
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    static Path dir;
    static TestNode node;
    static OpenApiContract contract;

    @BeforeAll
    static void start() throws Exception {
        contract = new OpenApiContract();
        node = TestNode.start(dir, Map.of());
        Instant deadline = Instant.now().plusSeconds(30);
        while (!healthy()) {
            assertThat(Instant.now()).as("node HEALTHY in time").isBefore(deadline);
            Thread.sleep(50);
        }
    }

    @AfterAll
    static void stop() throws Exception {
        node.close();
    }

    private static boolean healthy() {
        try {
            return get("/v1/health").statusCode() == 200;
        } catch (Exception e) {
            return false;
        }
    }

    @Test
    void healthKeysMetricsAndTheDocumentItselfAreAnsweredAsDocumented() throws Exception {
        assertConforms("/v1/health", "GET", get("/v1/health"), 200);
        assertConforms("/v1/keys", "GET", get("/v1/keys"), 200);
        assertConforms("/metrics", "GET", get("/metrics"), 200);

        HttpResponse<String> document = get("/v1/openapi.yaml");
        assertConforms("/v1/openapi.yaml", "GET", document, 200);
        assertThat(document.body()).as("the node serves the document these checks read").isEqualTo(OpenApiContract.text());
    }

    @Test
    void anAllowedProposalItsRedemptionOutcomeAndStatusAreAnsweredAsDocumented() throws Exception {
        HttpResponse<String> allowed = post("/v1/proposals", proposal("payments-conform", "120"));
        assertConforms("/v1/proposals", "POST", allowed, 200);
        JsonNode decision = JSON.readTree(allowed.body());
        assertThat(decision.path("decision").asText()).isEqualTo("ALLOW");
        String jti = decision.path("jti").asText();

        HttpResponse<String> redeemed = post("/v1/redemptions", "{\"writ\": \"" + decision.path("writ").asText() + "\","
                + " \"mutation\": " + action("120") + ", \"observed\": {\"account.balance\": \"100000\"}, \"pepId\": \"pep-1\"}");
        assertConforms("/v1/redemptions", "POST", redeemed, 200);
        assertConforms("/v1/outcomes", "POST", post("/v1/outcomes", "{\"jti\": \"" + jti + "\", \"status\": \"SUCCEEDED\","
                + " \"pepId\": \"pep-1\"}"), 200);

        assertConforms("/v1/writs/{jti}", "GET", get("/v1/writs/" + jti), 200);
    }

    @Test
    void aDeniedProposalIsAnsweredAsDocumented() throws Exception {
        HttpResponse<String> denied = post("/v1/proposals", proposal("payments-conform-deny", "5000"));

        assertConforms("/v1/proposals", "POST", denied, 200);
        assertThat(JSON.readTree(denied.body()).path("decision").asText()).isEqualTo("DENY");
    }

    @Test
    void refusalsAreProblemsAsDocumented() throws Exception {
        assertConforms("/v1/proposals", "POST", post("/v1/proposals", "{\"proposalId\": "), 400);
        assertConforms("/v1/proposals", "POST", post("/v1/proposals", "{\"proposalId\": \"p-1\", \"colour\": \"blue\"}"), 400);
        assertConforms("/v1/proposals", "POST", send(HttpRequest.newBuilder(uri("/v1/proposals"))
                .header("Content-Type", "text/plain").POST(HttpRequest.BodyPublishers.ofString("propose"))), 415);
        assertConforms("/v1/writs/{jti}", "GET", get("/v1/writs/no-such-writ"), 404);
        // Proof exchange is off on this node: the document says so.
        assertConforms("/v1/reconciliation", "GET", get("/v1/reconciliation"), 404);
    }

    /** The status the request was meant to provoke, and the document's word on it. */
    private static void assertConforms(String template, String method, HttpResponse<String> response, int expectedStatus) {
        assertThat(response.statusCode()).as(method + " " + response.uri() + ": " + response.body()).isEqualTo(expectedStatus);
        String contentType = response.headers().firstValue("Content-Type").orElse("");
        assertThat(contract.violations(template, method, response.statusCode(), contentType, response.body()))
                .as(method + " " + response.uri() + " answered " + contentType + ": " + response.body())
                .isEmpty();
    }

    private static String proposal(String agent, String amount) {
        return "{\"proposalId\": \"p-" + UUID.randomUUID() + "\", \"agentId\": \"spiffe://acme/agent/" + agent + "\","
                + " \"action\": " + action(amount) + ", \"context\": {\"sessionId\": \"s-1\", \"riskScore\": 10,"
                + " \"dataClassification\": \"internal\"}, \"proposedAtMillis\": \"" + System.currentTimeMillis() + "\"}";
    }

    private static String action(String amount) {
        return "{\"target\": \"payments-api\", \"operation\": \"transfer\", \"parameters\": {\"amount\": \"" + amount
                + "\", \"currency\": \"EUR\"}, \"classification\": \"internal\"}";
    }

    private static URI uri(String path) {
        return node.uri().resolve(path);
    }

    private static HttpResponse<String> get(String path) throws Exception {
        return send(HttpRequest.newBuilder(uri(path)).GET());
    }

    private static HttpResponse<String> post(String path, String json) throws Exception {
        return send(HttpRequest.newBuilder(uri(path)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json)));
    }

    private static HttpResponse<String> send(HttpRequest.Builder request) throws Exception {
        return HTTP.send(request.timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
    }
}

package dev.writ.node.api;

import dev.writ.node.TestNode;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.Map;
import org.bouncycastle.cert.ocsp.OCSPResp;
import org.bouncycastle.cert.ocsp.OCSPRespBuilder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

class OverloadTest {
    @Test
    void aPostBeyondTheInFlightLimitIsShedWithRetryAfterAndReadsStillWork(@TempDir Path dir) throws Exception {
        try (TestNode node = TestNode.start(dir, Map.of("writ.http.max-in-flight", 0))) {
            HttpClient http = HttpClient.newHttpClient();
            HttpResponse<String> shed = http.send(HttpRequest.newBuilder(node.uri().resolve("/v1/proposals"))
                    .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString("{}")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(shed.statusCode()).isEqualTo(503);
            assertThat(shed.body()).contains("\"code\":\"OVERLOADED\"");
            assertThat(shed.headers().firstValue("Retry-After")).hasValue("1");
            assertThat(node.node.store().story("acme", "refusals")).as("shed, not decided: no record").isEmpty();
            HttpResponse<String> openApi = http.send(HttpRequest.newBuilder(node.uri().resolve("/v1/openapi.yaml")).GET().build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(openApi.statusCode()).as("reads have a budget of their own").isEqualTo(200);
        }
    }

    @Test
    void aReadBeyondTheReadsBudgetIsShedWhileCommandsAndHealthAreStillServed(@TempDir Path dir) throws Exception {
        try (TestNode node = TestNode.start(dir, Map.of("writ.http.max-reads-in-flight", 0))) {
            HttpClient http = HttpClient.newHttpClient();
            for (String path : new String[] {"/v1/keys", "/v1/bundles/w-1", "/v1/writs/w-1", "/v1/reconciliation"}) {
                HttpResponse<String> shed = http.send(HttpRequest.newBuilder(node.uri().resolve(path)).GET().build(),
                        HttpResponse.BodyHandlers.ofString());
                assertThat(shed.statusCode()).as(path).isEqualTo(503);
                assertThat(shed.body()).as(path).contains("\"code\":\"OVERLOADED\"");
                assertThat(shed.headers().firstValue("Retry-After")).as(path).hasValue("1");
            }
            HttpResponse<byte[]> ocsp = http.send(HttpRequest.newBuilder(node.uri().resolve("/v1/ocsp"))
                    .header("Content-Type", "application/ocsp-request")
                    .POST(HttpRequest.BodyPublishers.ofByteArray(new byte[] {1, 2, 3})).build(),
                    HttpResponse.BodyHandlers.ofByteArray());
            assertThat(ocsp.statusCode()).isEqualTo(503);
            assertThat(ocsp.headers().firstValue("Retry-After")).hasValue("1");
            assertThat(new OCSPResp(ocsp.body()).getStatus()).as("shed in OCSP's own terms")
                    .isEqualTo(OCSPRespBuilder.TRY_LATER);
            HttpResponse<String> health = http.send(HttpRequest.newBuilder(node.uri().resolve("/v1/health")).GET().build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(health.body()).as("health is never shed").doesNotContain("OVERLOADED").contains("\"status\"");
            HttpResponse<String> command = http.send(HttpRequest.newBuilder(node.uri().resolve("/v1/proposals"))
                    .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString("{}")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(command.body()).as("commands have a budget of their own").doesNotContain("OVERLOADED");
        }
    }
}

package dev.writ.node.api;

import dev.writ.node.TestNode;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.Map;
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
            assertThat(openApi.statusCode()).isEqualTo(200);
        }
    }
}

package dev.writ.node.api;

import dev.writ.node.TestNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.bouncycastle.cert.ocsp.OCSPResp;
import org.bouncycastle.cert.ocsp.OCSPRespBuilder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

class OverloadTest {
    private static final int CEILING = 64;

    /**
     * Far more POSTs at once than the node's ceiling, each real work (parsed, refused, its refusal
     * made durable as evidence): every one is answered, none waits for a client timeout; some are
     * served, the rest refused OVERLOADED with Retry-After; and the limit, which started at the
     * ceiling, has adapted below it to the latency the node measured (a target of 1 ms no node
     * meets with dozens of requests in flight, by Little's law, so the assertion does not depend on
     * how fast this machine is).
     */
    @Test
    void aFloodWellPastCapacityIsAnsweredInFullPartlyServedTheRestShedAndTheLimitAdapts(@TempDir Path dir)
            throws Exception {
        try (TestNode node = TestNode.start(dir, Map.of(
                "writ.http.max-in-flight", CEILING,
                "writ.http.overload.initial-limit", CEILING,
                "writ.http.overload.target-latency", "1ms",
                "writ.http.overload.sample-window", "10ms",
                "writ.http.overload.min-window-samples", 4))) {
            node.awaitServing(); // before, every command is NODE_STARTING, whatever the load
            HttpClient http = HttpClient.newHttpClient();
            List<CompletableFuture<HttpResponse<String>>> flood = new ArrayList<>();
            for (int wave = 0; wave < 4; wave++) {
                List<CompletableFuture<HttpResponse<String>>> sent = new ArrayList<>();
                for (int i = 0; i < 4 * CEILING; i++) {
                    sent.add(http.sendAsync(HttpRequest.newBuilder(node.uri().resolve("/v1/proposals"))
                            .timeout(Duration.ofMinutes(1)).header("Content-Type", "application/json")
                            .POST(HttpRequest.BodyPublishers.ofString("{}")).build(), HttpResponse.BodyHandlers.ofString()));
                }
                CompletableFuture.allOf(sent.toArray(CompletableFuture[]::new)).exceptionally(e -> null).join();
                flood.addAll(sent);
            }
            assertThat(flood).as("every request answered, none timed out on the client")
                    .allSatisfy(f -> assertThat(f).isCompleted());
            List<HttpResponse<String>> answers = flood.stream().map(CompletableFuture::join).toList();
            List<HttpResponse<String>> shed = answers.stream().filter(r -> r.statusCode() == 503).toList();
            assertThat(shed).as("the excess is shed").isNotEmpty().allSatisfy(r -> {
                assertThat(r.body()).contains("\"code\":\"OVERLOADED\"");
                assertThat(r.headers().firstValue("Retry-After")).isPresent();
            });
            assertThat(answers.size() - shed.size()).as("goodput: some were served").isPositive();
            String metrics = http.send(HttpRequest.newBuilder(node.uri().resolve("/metrics")).GET().build(),
                    HttpResponse.BodyHandlers.ofString()).body();
            assertThat(gauge(metrics, "writ_http_concurrency_limit", "commands")).as("adapted below the ceiling")
                    .isLessThan(CEILING).isGreaterThanOrEqualTo(1);
            assertThat(gauge(metrics, "writ_http_in_flight", "commands")).as("every permit given back").isZero();
        }
    }

    private static double gauge(String scrape, String name, String kind) {
        Matcher m = Pattern.compile("(?m)^" + name + "\\{class=\"" + kind + "\"\\} (\\S+)$").matcher(scrape);
        assertThat(m.find()).as(name + " of " + kind + " in " + scrape).isTrue();
        return Double.parseDouble(m.group(1));
    }
    @Test
    void aPostBeyondTheInFlightLimitIsShedWithRetryAfterAndReadsStillWork(@TempDir Path dir) throws Exception {
        try (TestNode node = TestNode.start(dir, Map.of("writ.http.max-in-flight", 0))) {
            node.awaitServing();
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

    /**
     * Refusing is the cheapest answer a node gives, and must stay so under a flood: a shed request
     * starts no thread. Its answer was chained to Pekko's discard of the body, whose Scala bridge
     * ran it on a thread started for it when the common pool has one thread (2 cores, as here).
     */
    @Test
    void aShedRequestStartsNoThreadOfItsOwn(@TempDir Path dir) throws Exception {
        try (TestNode node = TestNode.start(dir, Map.of("writ.http.max-in-flight", 0))) {
            node.awaitServing();
            HttpClient http = HttpClient.newHttpClient();
            HttpRequest propose = HttpRequest.newBuilder(node.uri().resolve("/v1/proposals"))
                    .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString("{}")).build();
            assertThat(http.send(propose, HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(503);
            java.lang.management.ThreadMXBean threads = java.lang.management.ManagementFactory.getThreadMXBean();
            long before = threads.getTotalStartedThreadCount();
            int requests = 200;
            for (int i = 0; i < requests; i++) {
                assertThat(http.send(propose, HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(503);
            }
            assertThat(threads.getTotalStartedThreadCount() - before).as("threads started for %d refusals", requests)
                    .isLessThan(requests / 10);
        }
    }

    /**
     * A POST whose body arrives after its headers (as the JDK client sends one) is shed only once
     * its body is in: answered earlier, the connection would be closed under the body still on its
     * way, and the kernel's reset can take the answer with it. So the connection stays usable.
     */
    @Test
    void aPostShedWhileItsBodyIsStillArrivingLeavesTheConnectionUsable(@TempDir Path dir) throws Exception {
        try (TestNode node = TestNode.start(dir, Map.of("writ.http.max-in-flight", 0))) {
            node.awaitServing();
            try (Socket socket = new Socket(node.uri().getHost(), node.uri().getPort())) {
                socket.setSoTimeout(10_000);
                OutputStream out = socket.getOutputStream();
                InputStream in = socket.getInputStream();
                out.write(("POST /v1/proposals HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
                        + "Content-Length: 2\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
                out.flush();
                Thread.sleep(300); // the headers are parsed alone: the body is a stream still to come
                out.write("{}".getBytes(StandardCharsets.US_ASCII));
                out.flush();
                String shed = response(in);
                assertThat(shed).startsWith("HTTP/1.1 503").contains("OVERLOADED").doesNotContainIgnoringCase("connection: close");
                out.write("GET /v1/health HTTP/1.1\r\nHost: x\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
                out.flush();
                assertThat(response(in)).as("the same connection answers the next request").startsWith("HTTP/1.1 200");
            }
        }
    }

    /** One HTTP/1.1 response read off {@code in}: its head and its Content-Length body. */
    private static String response(InputStream in) throws IOException {
        StringBuilder head = new StringBuilder();
        while (!head.toString().endsWith("\r\n\r\n")) {
            int b = in.read();
            assertThat(b).as("the connection closed in the response's head: " + head).isNotNegative();
            head.append((char) b);
        }
        Matcher length = Pattern.compile("(?im)^content-length: *(\\d+)").matcher(head);
        assertThat(length.find()).as(head.toString()).isTrue();
        return head + new String(in.readNBytes(Integer.parseInt(length.group(1))), StandardCharsets.UTF_8);
    }

    @Test
    void aReadBeyondTheReadsBudgetIsShedWhileCommandsAndHealthAreStillServed(@TempDir Path dir) throws Exception {
        try (TestNode node = TestNode.start(dir, Map.of("writ.http.max-reads-in-flight", 0))) {
            node.awaitServing();
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

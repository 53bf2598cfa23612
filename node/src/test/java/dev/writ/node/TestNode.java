package dev.writ.node;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigValueFactory;
import dev.writ.protocol.crypto.KeyEncoding;
import dev.writ.protocol.crypto.SigningKey;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/** A real node in this JVM for tests: H2 file in a temp directory, ephemeral ports, one approver, identity optional. */
public final class TestNode implements AutoCloseable {
    public static final String APPROVER = "alice";

    public final Node node;
    public final SigningKey approverKey;

    private TestNode(Node node, SigningKey approverKey) {
        this.node = node;
        this.approverKey = approverKey;
    }

    public static TestNode start(Path dir, Map<String, Object> overrides) throws Exception {
        SigningKey approver = SigningKey.generate();
        Config config = NodeMain.compose(ConfigFactory.parseMap(overrides)
                .withFallback(ConfigFactory.parseMap(Map.of(
                        "writ.node.id", "test-node",
                        "writ.node.data-dir", dir.toString(),
                        "writ.http.port", 0,
                        "pekko.remote.artery.canonical.port", 0,
                        "writ.expiry.sweep-interval", "500ms",
                        "writ.expiry.grace", "0s",
                        "writ.anchoring.seal-interval", "200ms",
                        // Tests of admission, redemption and the API use unsigned proposals and PEP
                        // requests; the identity tests (identity/*) set them to required with a CA,
                        // operators and PEPs of their own.
                        "writ.identity.agent-certificates", "optional",
                        "writ.identity.pep-credentials", "optional",
                        "writ.identity.operator-credentials", "optional")))
                .withValue("writ.approvals.approvers", ConfigValueFactory.fromIterable(List.of(Map.of(
                        "id", APPROVER, "public-key-pem", KeyEncoding.toPem(approver.verifyingKey()))))));
        return new TestNode(Node.start(config), approver);
    }

    /**
     * Waits until the node's health answers 200 (HEALTHY or DEGRADED): from then on it takes
     * commands, which it refuses NODE_STARTING before (D69).
     */
    public void awaitServing() throws Exception {
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        HttpRequest health = HttpRequest.newBuilder(uri().resolve("/v1/health")).timeout(Duration.ofSeconds(10)).GET().build();
        Instant deadline = Instant.now().plus(Duration.ofSeconds(60));
        while (http.send(health, HttpResponse.BodyHandlers.discarding()).statusCode() != 200) {
            if (Instant.now().isAfter(deadline)) {
                throw new AssertionError("node " + uri() + " was not serving within 60 s");
            }
            Thread.sleep(100);
        }
    }

    public URI uri() {
        return URI.create("http://127.0.0.1:" + node.httpPort());
    }

    @Override
    public void close() throws Exception {
        node.close();
    }
}

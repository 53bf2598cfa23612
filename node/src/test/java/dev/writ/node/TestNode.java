package dev.writ.node;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigValueFactory;
import dev.writ.protocol.crypto.KeyEncoding;
import dev.writ.protocol.crypto.SigningKey;
import java.net.URI;
import java.nio.file.Path;
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

    public URI uri() {
        return URI.create("http://127.0.0.1:" + node.httpPort());
    }

    @Override
    public void close() throws Exception {
        node.close();
    }
}

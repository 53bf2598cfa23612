package dev.writ.node;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.apache.pekko.cluster.MemberStatus;
import org.apache.pekko.cluster.typed.Cluster;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The order a node closes in (D67): the API stops taking requests, idle keep-alive
 * connections included, while the node is still an Up cluster member; leaving comes after.
 */
class NodeShutdownTest {
    @Test
    void theApiStopsTakingRequestsBeforeTheNodeLeavesTheCluster(@TempDir Path dir) throws Exception {
        try (TestNode t = TestNode.start(dir, Map.of())) {
            HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
            HttpRequest health = HttpRequest.newBuilder(t.uri().resolve(URI.create("/v1/health")))
                    .timeout(Duration.ofSeconds(10)).GET().build();
            // an answer over a keep-alive connection the client holds on to, as a PEP's does
            assertThat(http.send(health, HttpResponse.BodyHandlers.ofString()).statusCode()).isIn(200, 503);

            t.node.stopTakingRequests();

            // the idle connection is gone too (an unbind alone would go on serving it while the node leaves):
            // the client cannot connect, so nothing was sent and another node may take the request
            assertThatThrownBy(() -> http.send(health, HttpResponse.BodyHandlers.ofString()))
                    .isInstanceOf(ConnectException.class);
            assertThat(Cluster.get(t.node.system()).selfMember().status()).isEqualTo(MemberStatus.up());
        }
    }
}

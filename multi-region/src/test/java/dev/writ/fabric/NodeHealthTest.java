package dev.writ.fabric;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.writ.node.health.HealthStatus;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class NodeHealthTest {

    @Test
    void parsesTheHealthDocumentAndKeepsOnlyTheChecksThatAreNotHealthy() {
        NodeHealth h = NodeHealth.parse(200, """
                {"status":"DEGRADED","nodeId":"acme-1","domain":"acme",
                 "reasons":[{"check":"journal","status":"HEALTHY","detail":"ok"},
                            {"check":"cluster","status":"DEGRADED","detail":"unreachable: x"}],
                 "membersUp":["pekko://writ@127.0.0.1:1","pekko://writ@127.0.0.1:2"],"futureField":1}""");

        assertThat(h.status()).isEqualTo(HealthStatus.DEGRADED);
        assertThat(h.healthy()).isFalse();
        assertThat(h.nodeId()).isEqualTo("acme-1");
        assertThat(h.membersUp()).hasSize(2);
        assertThat(h.reasons()).containsExactly(
                new NodeHealth.Reason("cluster", HealthStatus.DEGRADED, Optional.empty(), "unreachable: x"));
        assertThat(h.reasons().get(0)).hasToString("cluster DEGRADED: unreachable: x");
        assertThat(h.removedFromCluster()).isFalse();
    }

    @Test
    void aReasonWhoseDetailStartsWithAStableCodeIsParsedIntoCodeAndDetail() {
        NodeHealth h = NodeHealth.parse(200, """
                {"status":"DEGRADED","nodeId":"acme-2",
                 "reasons":[{"check":"chain","status":"DEGRADED",
                             "detail":"CHAIN_LAG: head block 71 is 60865 ms old (bound 30000 ms)"}]}""");

        assertThat(h.reasons()).containsExactly(new NodeHealth.Reason("chain", HealthStatus.DEGRADED,
                Optional.of("CHAIN_LAG"), "head block 71 is 60865 ms old (bound 30000 ms)"));
        assertThat(h.reasons().get(0))
                .hasToString("chain DEGRADED: CHAIN_LAG: head block 71 is 60865 ms old (bound 30000 ms)");
    }

    @Test
    void aReasonThatIsItsCodeAloneHasAnEmptyDetail() {
        NodeHealth h = NodeHealth.parse(200, """
                {"status":"DEGRADED","nodeId":"acme-2",
                 "reasons":[{"check":"chain","status":"DEGRADED","detail":"CHAIN_UNREACHABLE"}]}""");

        assertThat(h.reasons()).containsExactly(new NodeHealth.Reason("chain", HealthStatus.DEGRADED,
                Optional.of("CHAIN_UNREACHABLE"), ""));
        assertThat(h.reasons().get(0)).hasToString("chain DEGRADED: CHAIN_UNREACHABLE");
    }

    @Test
    void aNodeTheClusterRemovedSaysSo() {
        NodeHealth h = NodeHealth.parse(503, """
                {"status":"FAILED","nodeId":"acme-3",
                 "reasons":[{"check":"cluster","status":"FAILED","detail":"this node is Removed, not an Up member"}]}""");

        assertThat(h.removedFromCluster()).isTrue();
    }

    @Test
    void aMemberWaitingForTheOthersIsFormingNotRemoved() {
        NodeHealth h = NodeHealth.parse(503, """
                {"status":"FAILED","nodeId":"acme-1","membersUp":["pekko://writ@10.0.0.2:1","pekko://writ@10.0.0.4:1"],
                 "reasons":[{"check":"cluster","status":"FAILED","detail":"forming: 2 of 3 members up"}]}""");

        assertThat(h.forming()).isTrue();
        assertThat(h.removedFromCluster()).isFalse();
        assertThat(NodeHealth.parse(503, """
                {"status":"FAILED","nodeId":"acme-3",
                 "reasons":[{"check":"cluster","status":"FAILED","detail":"this node is Removed, not an Up member"}]}""")
                .forming()).isFalse();
    }

    @Test
    void aStatusThatIsNoneOfTheThreeIsRefused() {
        assertThatThrownBy(() -> NodeHealth.parse(200, "{\"status\":\"FINE\",\"nodeId\":\"n\"}"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("FINE");
    }

    @Test
    void aFailedNodeAnswers503WithTheSameDocument() {
        NodeHealth h = NodeHealth.parse(503, "{\"status\":\"FAILED\",\"nodeId\":\"n\"}");
        assertThat(h.httpStatus()).isEqualTo(503);
        assertThat(h.healthy()).isFalse();
        assertThat(h.membersUp()).isEmpty();
    }

    @Test
    void somethingElseThanHealthJsonIsRefusedWithTheBody() {
        assertThatThrownBy(() -> NodeHealth.parse(502, "<html>bad gateway</html>"))
                .hasMessageContaining("bad gateway");
    }
}

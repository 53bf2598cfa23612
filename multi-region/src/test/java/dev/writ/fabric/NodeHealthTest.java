package dev.writ.fabric;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class NodeHealthTest {

    @Test
    void parsesTheHealthDocumentAndKeepsOnlyTheChecksThatAreNotHealthy() {
        NodeHealth h = NodeHealth.parse(200, """
                {"status":"DEGRADED","nodeId":"acme-1","domain":"acme",
                 "reasons":[{"check":"journal","status":"HEALTHY","detail":"ok"},
                            {"check":"cluster","status":"DEGRADED","detail":"unreachable: x"}],
                 "membersUp":["pekko://writ@127.0.0.1:1","pekko://writ@127.0.0.1:2"],"futureField":1}""");

        assertThat(h.status()).isEqualTo("DEGRADED");
        assertThat(h.healthy()).isFalse();
        assertThat(h.nodeId()).isEqualTo("acme-1");
        assertThat(h.membersUp()).hasSize(2);
        assertThat(h.reasons()).containsExactly("cluster DEGRADED: unreachable: x");
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

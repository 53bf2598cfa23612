package dev.writ.protocol.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.writ.protocol.client.WritClientException.Stage;
import dev.writ.protocol.testing.RawHttpServer;
import dev.writ.protocol.wire.RedemptionRequest;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * How far an exchange got when it failed, on real sockets: what a client needs to decide whether
 * a request may go to another node (D67, D118). A refused connection ({@code NOT_SENT}) is in
 * {@link WritClientTest}.
 */
class WritClientTransportTest {

    @Test
    void aConnectionClosedAfterTheRequestAndBeforeAnyAnswerIsClosedBeforeAnswer() throws Exception {
        // reads the whole request, then closes: as a stopping node closes an idle keep-alive connection
        try (RawHttpServer server = RawHttpServer.closingBeforeAnswer()) {
            WritClient client = WritClient.builder(server.uri()).timeout(Duration.ofSeconds(5)).build();

            assertThatThrownBy(() -> client.redeem(RedemptionRequest.getDefaultInstance()))
                    .isInstanceOfSatisfying(WritClientException.class, e -> {
                        assertThat(e.stage()).isEqualTo(Stage.CLOSED_BEFORE_ANSWER);
                        assertThat(e).hasMessageContaining("before any answer").hasMessageContaining("outcome is unknown");
                    });
            assertThat(server.bodies().size()).isEqualTo(1);
        }
    }

    @Test
    void aKeepAliveConnectionClosedAtTheSecondRequestIsClosedBeforeAnswer() throws Exception {
        try (RawHttpServer server = new RawHttpServer((out, requests) -> {
            if (requests == 1) {
                byte[] body = "{\"jti\":\"jti-1\"}".getBytes(StandardCharsets.UTF_8);
                out.write(("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: " + body.length
                        + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
                out.write(body);
                out.flush();
            }
            return requests == 1;
        })) {
            WritClient client = WritClient.builder(server.uri()).timeout(Duration.ofSeconds(5)).build();
            assertThat(client.redeem(RedemptionRequest.getDefaultInstance()).getJti()).isEqualTo("jti-1");

            assertThatThrownBy(() -> client.redeem(RedemptionRequest.getDefaultInstance()))
                    .isInstanceOfSatisfying(WritClientException.class,
                            e -> assertThat(e.stage()).isEqualTo(Stage.CLOSED_BEFORE_ANSWER));
            assertThat(server.bodies().size()).isEqualTo(2);
        }
    }

    @Test
    void aConnectionBrokenDuringTheAnswerIsNoCompleteAnswer() throws Exception {
        try (RawHttpServer server = new RawHttpServer((out, requests) -> {
            out.write("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n{\"jti\""
                    .getBytes(StandardCharsets.US_ASCII));
            out.flush();
            return false;
        })) {
            WritClient client = WritClient.builder(server.uri()).timeout(Duration.ofSeconds(5)).build();

            assertThatThrownBy(() -> client.redeem(RedemptionRequest.getDefaultInstance()))
                    .isInstanceOfSatisfying(WritClientException.class, e -> {
                        assertThat(e.stage()).isEqualTo(Stage.NO_COMPLETE_ANSWER);
                        assertThat(e).hasMessageContaining("during the answer");
                    });
        }
    }

    @Test
    void anAnswerThatIsNotTheApisIsUnusable() throws Exception {
        try (RawHttpServer server = new RawHttpServer((out, requests) -> {
            byte[] body = "<html>bad gateway</html>".getBytes(StandardCharsets.UTF_8);
            out.write(("HTTP/1.1 502 Bad Gateway\r\nContent-Type: text/html\r\nContent-Length: " + body.length
                    + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            out.write(body);
            out.flush();
            return true;
        })) {
            WritClient client = WritClient.builder(server.uri()).timeout(Duration.ofSeconds(5)).build();

            assertThatThrownBy(() -> client.redeem(RedemptionRequest.getDefaultInstance()))
                    .isInstanceOfSatisfying(WritClientException.class, e -> {
                        assertThat(e.stage()).isEqualTo(Stage.UNUSABLE_ANSWER);
                        assertThat(e.httpStatus()).hasValue(502);
                    });
        }
    }
}

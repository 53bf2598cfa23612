package dev.writ.node.identity;

import dev.writ.node.config.NodeSettings;
import dev.writ.node.refusal.Refusal;
import dev.writ.node.refusal.RefusalCode;
import dev.writ.protocol.client.OperatorAudience;
import dev.writ.protocol.client.OperatorCredential;
import dev.writ.protocol.crypto.KeyEncoding;
import dev.writ.protocol.crypto.SigningKey;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The node's side of the Writ-Operator header, with time passed in: a request is served once, by
 * the node it was signed for, within the skew; the nonces it holds are bounded and let go only once
 * their requests could no longer be accepted.
 */
class OperatorAuthenticationTest {
    private static final Duration SKEW = Duration.ofSeconds(30);
    private static final int CAPACITY = 2;
    private static final Instant STARTED = Instant.parse("2030-01-01T00:00:00Z");
    private static final OperatorAudience NODE = new OperatorAudience("acme", "acme-1");
    private static final String PATH = "/v1/revocations";
    private static final byte[] BODY = "{\"kind\":\"WRIT\",\"subject\":\"jti-1\",\"reason\":\"r\",\"issuer\":\"ops\"}"
            .getBytes(StandardCharsets.UTF_8);
    private static final SigningKey KEY = SigningKey.generate();
    private static final OperatorCredential OPS = new OperatorCredential("ops", KEY);

    /** A node of acme with operator "ops" (and "ops-twin", configured with the same key), started at {@link #STARTED}. */
    private final OperatorAuthentication node = new OperatorAuthentication(new NodeSettings.Identity(
            NodeSettings.AgentCertificates.OPTIONAL, null, Duration.ofHours(24), 3, 4096, null,
            NodeSettings.OperatorCredentials.REQUIRED, List.of(
                    new NodeSettings.Operator("ops", KeyEncoding.toPem(KEY.verifyingKey())),
                    new NodeSettings.Operator("ops-twin", KeyEncoding.toPem(KEY.verifyingKey()))),
            SKEW, CAPACITY, 16, 0, NodeSettings.PepCredentials.OPTIONAL), NODE, STARTED);

    private Optional<String> send(String header, Instant now) throws Refusal {
        return node.require(Optional.of(header), "POST", PATH, BODY, now);
    }

    private static String signed(OperatorAudience audience, Instant at) {
        return OPS.header(audience, "POST", PATH, BODY, at.toEpochMilli());
    }

    private void assertRefused(String header, Instant now, RefusalCode code, String detail) {
        assertThatThrownBy(() -> send(header, now)).isInstanceOfSatisfying(Refusal.class, r -> {
            assertThat(r.code()).isEqualTo(code);
            assertThat(r.detail()).contains(detail);
        });
    }

    @Test
    void aRequestIsServedOnceAndItsReplayWithinTheWindowIsRefused() throws Refusal {
        Instant t = STARTED.plusSeconds(60);
        String header = signed(NODE, t);
        assertThat(send(header, t)).contains("ops");
        assertRefused(header, t.plusSeconds(29), RefusalCode.OPERATOR_REPLAYED, "already sent a request with nonce");
    }

    @Test
    void aRequestSignedForAnotherDomainIsRefusedEvenByANodeOfTheSameId() {
        Instant t = STARTED.plusSeconds(60);
        assertRefused(signed(new OperatorAudience("globex", "acme-1"), t), t, RefusalCode.OPERATOR_INVALID,
                "signed for domain globex; this node is of domain acme");
    }

    @Test
    void aRequestSignedForAnotherNodeOfTheDomainIsRefused() {
        Instant t = STARTED.plusSeconds(60);
        assertRefused(signed(new OperatorAudience("acme", "acme-2"), t), t, RefusalCode.OPERATOR_INVALID,
                "signed for node acme-2; this is node acme-1");
    }

    @Test
    void whenAnOperatorsNoncesAreAllStillValidItsNextRequestIsRefusedAndNoneIsForgotten() throws Refusal {
        Instant t = STARTED.plusSeconds(60);
        String first = signed(NODE, t);
        send(first, t);
        send(signed(NODE, t), t);
        assertRefused(signed(NODE, t.plusSeconds(1)), t.plusSeconds(1), RefusalCode.OPERATOR_RATE_LIMITED,
                "operator-nonce-capacity");
        assertRefused(first, t.plusSeconds(2), RefusalCode.OPERATOR_REPLAYED, "already sent");
    }

    @Test
    void noncesAreLetGoOnceTheirRequestsCanNoLongerBeAcceptedWhichFreesTheOperatorsShare() throws Refusal {
        Instant t = STARTED.plusSeconds(60);
        String first = signed(NODE, t);
        send(first, t);
        send(signed(NODE, t), t);
        Instant later = t.plus(SKEW).plusMillis(1);
        assertThat(send(signed(NODE, later), later)).contains("ops");
        assertRefused(first, later, RefusalCode.OPERATOR_INVALID, "more than PT30S from now");
    }

    @Test
    void eachOperatorHasItsOwnShare() throws Refusal {
        Instant t = STARTED.plusSeconds(60);
        send(signed(NODE, t), t);
        send(signed(NODE, t), t);
        OperatorCredential twin = new OperatorCredential("ops-twin", KEY);
        assertThat(send(twin.header(NODE, "POST", PATH, BODY, t.toEpochMilli()), t)).contains("ops-twin");
    }

    @Test
    void anOperatorIdIsSignedSoTwoIdsWithOneKeyCannotLendEachOtherARequest() throws Refusal {
        Instant t = STARTED.plusSeconds(60);
        String header = signed(NODE, t);
        send(header, t);
        assertRefused(header.replace(" ops ", " ops-twin "), t, RefusalCode.OPERATOR_INVALID,
                "signature of operator ops-twin does not hold");
    }

    @Test
    void aRequestSignedBeforeTheNodeStartedIsRefusedSinceItsPreviousRunMayHaveServedIt() {
        Instant signed = STARTED.minusSeconds(5);
        assertRefused(signed(NODE, signed), STARTED.plusSeconds(1), RefusalCode.OPERATOR_INVALID,
                "before this node started");
    }

    @Test
    void aNodeWhoseClockWentBackDoesNotServeWhatItMayHaveLetGo() throws Refusal {
        Instant t = STARTED.plusSeconds(60);
        String early = signed(NODE, t);
        Instant ahead = t.plus(SKEW).plusSeconds(10);
        send(signed(NODE, ahead), ahead);
        assertRefused(early, t.plusSeconds(5), RefusalCode.OPERATOR_INVALID, "a time this node's clock already showed");
    }

    @Test
    void aChangedBodyOrPathIsRefused() {
        Instant t = STARTED.plusSeconds(60);
        String header = signed(NODE, t);
        assertThatThrownBy(() -> node.require(Optional.of(header), "POST", PATH, "{}".getBytes(StandardCharsets.UTF_8), t))
                .isInstanceOfSatisfying(Refusal.class, r -> assertThat(r.code()).isEqualTo(RefusalCode.OPERATOR_INVALID));
        assertThatThrownBy(() -> node.require(Optional.of(header), "POST", "/v1/domains/resolutions", BODY, t))
                .isInstanceOfSatisfying(Refusal.class, r -> assertThat(r.code()).isEqualTo(RefusalCode.OPERATOR_INVALID));
    }

    @Test
    void theRetiredHeaderFormatIsRefusedWithADetailThatSaysSo() {
        Instant t = STARTED.plusSeconds(60);
        assertRefused("ops " + t.toEpochMilli() + " c2lnbmF0dXJl", t, RefusalCode.OPERATOR_INVALID,
                "retired header");
        assertRefused("v3 whatever", t, RefusalCode.OPERATOR_INVALID, "the header is 'v2 <operator id>");
    }

    @Test
    void noHeaderIsRefusedWhereCredentialsAreRequired() {
        assertThatThrownBy(() -> node.require(Optional.empty(), "POST", PATH, BODY, STARTED))
                .isInstanceOfSatisfying(Refusal.class, r -> assertThat(r.code()).isEqualTo(RefusalCode.OPERATOR_REQUIRED));
    }
}

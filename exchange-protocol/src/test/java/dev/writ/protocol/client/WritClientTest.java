package dev.writ.protocol.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.protobuf.ByteString;
import com.nimbusds.jose.util.JSONObjectUtils;
import dev.writ.protocol.client.FakeNode.Answer;
import dev.writ.protocol.crypto.KeyEncoding;
import dev.writ.protocol.crypto.KeyRing;
import dev.writ.protocol.crypto.SigningKey;
import dev.writ.protocol.wire.Action;
import dev.writ.protocol.wire.ActionContext;
import dev.writ.protocol.wire.ActionProposal;
import dev.writ.protocol.wire.ApprovalRequest;
import dev.writ.protocol.wire.DecisionRecord;
import dev.writ.protocol.wire.DomainResolutionRequest;
import dev.writ.protocol.wire.DomainResolutionResponse;
import dev.writ.protocol.wire.EvidenceKind;
import dev.writ.protocol.wire.Health;
import dev.writ.protocol.wire.HealthReason;
import dev.writ.protocol.wire.OutcomeRecord;
import dev.writ.protocol.wire.OutcomeRequest;
import dev.writ.protocol.wire.OutcomeResponse;
import dev.writ.protocol.wire.ProofBundle;
import dev.writ.protocol.wire.ProposalResponse;
import dev.writ.protocol.wire.Reason;
import dev.writ.protocol.wire.RedemptionRequest;
import dev.writ.protocol.wire.RedemptionResponse;
import dev.writ.protocol.wire.RevocationEntry;
import dev.writ.protocol.wire.RevocationRequest;
import dev.writ.protocol.wire.RevocationResponse;
import dev.writ.protocol.wire.SignedReceipt;
import dev.writ.protocol.wire.WritStatus;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class WritClientTest {
    private static final ActionProposal PROPOSAL = ActionProposal.newBuilder()
            .setProposalId("prop-1")
            .setAgentId("spiffe://acme/agent/procurement-01")
            .setAction(Action.newBuilder().setTarget("erp-api").setOperation("create_po")
                    .putParameters("amount", "5000").putParameters("vendor", "vendor-y").setClassification("internal"))
            .setContext(ActionContext.newBuilder().setSessionId("s-7").setRiskScore(20)
                    .setModelHash(ByteString.copyFrom(new byte[32])))
            .setRequestedWindowSeconds(60)
            .setProposedAtMillis(1_790_000_000_000L)
            .build();

    private FakeNode node;
    private WritClient client;

    @BeforeEach
    void start() throws Exception {
        node = new FakeNode();
        client = WritClient.builder(node.uri()).timeout(Duration.ofSeconds(5)).build();
    }

    @AfterEach
    void stop() {
        node.close();
    }

    @Test
    void proposeSendsTheProposalAsJsonAndReadsTheAllowWithItsWrit() throws Exception {
        ProposalResponse allow = ProposalResponse.newBuilder().setProposalId("prop-1")
                .setDecision(DecisionRecord.Decision.ALLOW).setWrit("a.b.c").setJti("jti-1")
                .setContract(ByteString.copyFromUtf8("contract bytes"))
                .setDecisionRecord(ByteString.copyFrom(new byte[] {0, 1, 2, (byte) 255})).build();
        node.on("POST", "/v1/proposals", request -> Answer.json(allow));

        ProposalResponse answer = client.propose(PROPOSAL);

        assertThat(answer).isEqualTo(allow);
        FakeNode.Request sent = node.requests().get(0);
        assertThat(sent.method()).isEqualTo("POST");
        assertThat(sent.contentType()).isEqualTo("application/json");
        assertThat(sent.accept()).contains("application/json").contains("application/problem+json");
        // The node parses strictly: what we send must be exactly the proposal, in the proto3 JSON mapping.
        assertThat(sent.parse(ActionProposal.newBuilder()).build()).isEqualTo(PROPOSAL);
        assertThat(sent.body()).contains("\"proposedAtMillis\":\"1790000000000\"");
    }

    @Test
    void aDenyIsAnAnswerNotAnException() throws Exception {
        ProposalResponse deny = ProposalResponse.newBuilder().setProposalId("prop-1")
                .setDecision(DecisionRecord.Decision.DENY)
                .addReasons(Reason.newBuilder().setCode("AMOUNT_ABOVE_LIMIT").setDetail("5000 > 1000")).build();
        node.on("POST", "/v1/proposals", request -> Answer.json(deny));

        assertThat(client.propose(PROPOSAL).getReasons(0).getCode()).isEqualTo("AMOUNT_ABOVE_LIMIT");
    }

    @Test
    void everyCallUsesItsMethodAndPathAndRoundTripsItsMessages() throws Exception {
        RedemptionRequest redemption = RedemptionRequest.newBuilder().setWrit("a.b.c").setPepId("pep-1")
                .setMutation(PROPOSAL.getAction()).putObserved("account.balance", "9000").build();
        RedemptionResponse receipt = RedemptionResponse.newBuilder().setJti("jti-1")
                .setReceipt(SignedReceipt.newBuilder().setReceipt(ByteString.copyFromUtf8("r"))
                        .setKeyId(ByteString.copyFrom(new byte[32])).setSignature(ByteString.copyFrom(new byte[64])))
                .build();
        OutcomeRequest outcome = OutcomeRequest.newBuilder().setJti("jti-1")
                .setStatus(OutcomeRecord.Status.SUCCEEDED).setPepId("pep-1").build();
        OutcomeResponse recorded = OutcomeResponse.newBuilder().setJti("jti-1")
                .setOutcomeRecord(ByteString.copyFromUtf8("o")).build();
        ApprovalRequest approval = ApprovalRequest.newBuilder().setStatement(ByteString.copyFromUtf8("s"))
                .setSignature(ByteString.copyFrom(new byte[64])).build();
        ProposalResponse approved = ProposalResponse.newBuilder().setDecision(DecisionRecord.Decision.ALLOW)
                .setJti("jti-2").build();
        RevocationRequest revocation = RevocationRequest.newBuilder().setKind(RevocationEntry.Kind.WRIT)
                .setSubject("jti-1").setReason("suspicious").setIssuer("ops").build();
        RevocationResponse revoked = RevocationResponse.newBuilder().setEntry(RevocationEntry.newBuilder()
                .setDomain("acme").setEpoch(7).setKind(RevocationEntry.Kind.WRIT).setSubject("jti-1"))
                .setNodesAcknowledged(3).setNodesTotal(3).build();
        WritStatus status = WritStatus.newBuilder().setJti("jti-1").setState(WritStatus.State.REDEEMED)
                .addEvidence(EvidenceKind.ISSUANCE).addEvidence(EvidenceKind.REDEMPTION).build();
        ProofBundle bundle = ProofBundle.newBuilder().setVersion(1).setDomain("acme").setWrit("a.b.c").build();
        Health health = Health.newBuilder().setStatus("HEALTHY").setNodeId("node-1").setDomain("acme")
                .addMembersUp("node-1").build();
        node.on("POST", "/v1/redemptions", r -> echoIf(r, redemption, receipt))
                .on("POST", "/v1/outcomes", r -> echoIf(r, outcome, recorded))
                .on("POST", "/v1/approvals/appr-9", r -> echoIf(r, approval, approved))
                .on("POST", "/v1/revocations", r -> echoIf(r, revocation, revoked))
                .on("GET", "/v1/writs/jti-1", r -> Answer.json(status))
                .on("GET", "/v1/bundles/jti-1", r -> Answer.json(bundle))
                .on("GET", "/v1/health", r -> Answer.json(health));

        assertThat(client.redeem(redemption)).isEqualTo(receipt);
        assertThat(client.reportOutcome(outcome)).isEqualTo(recorded);
        assertThat(client.approve("appr-9", approval)).isEqualTo(approved);
        assertThat(client.revoke(revocation)).isEqualTo(revoked);
        assertThat(client.writStatus("jti-1")).isEqualTo(status);
        assertThat(client.bundle("jti-1")).isEqualTo(bundle);
        assertThat(client.health()).isEqualTo(health);

        assertThat(node.requests()).extracting(r -> r.method() + " " + r.rawPath()).containsExactly(
                "POST /v1/redemptions", "POST /v1/outcomes", "POST /v1/approvals/appr-9", "POST /v1/revocations",
                "GET /v1/writs/jti-1", "GET /v1/bundles/jti-1", "GET /v1/health");
        assertThat(node.requests()).filteredOn(r -> r.method().equals("GET"))
                .allSatisfy(r -> assertThat(r.body()).isEmpty());
    }

    @Test
    void anOperatorAsksTheNodeItsNameOnceAndSignsEachAdminRequestForThatNodeWithAFreshNonce() throws Exception {
        SigningKey key = SigningKey.generate();
        WritClient operator = WritClient.builder(node.uri()).operatorCredential(new OperatorCredential("ops", key)).build();
        RevocationRequest revocation = RevocationRequest.newBuilder().setKind(RevocationEntry.Kind.WRIT)
                .setSubject("jti-1").setReason("suspicious").setIssuer("ops").build();
        DomainResolutionRequest resolution = DomainResolutionRequest.newBuilder().setDomain("globex").setReason("re-keyed")
                .setIssuer("ops").addConflictingEnvelopes(ByteString.copyFrom(new byte[32])).build();
        node.on("GET", "/v1/health", r -> Answer.json(Health.newBuilder().setStatus("HEALTHY").setNodeId("acme-2")
                        .setDomain("acme").build()))
                .on("POST", "/v1/revocations", r -> echoIf(r, revocation, RevocationResponse.getDefaultInstance()))
                .on("POST", "/v1/domains/resolutions", r -> echoIf(r, resolution,
                        DomainResolutionResponse.newBuilder().setDomain("globex").build()));

        operator.revoke(revocation);
        operator.revoke(revocation);
        assertThat(operator.resolveEquivocation(resolution).getDomain()).isEqualTo("globex");

        assertThat(node.requests()).extracting(r -> r.method() + " " + r.rawPath()).containsExactly("GET /v1/health",
                "POST /v1/revocations", "POST /v1/revocations", "POST /v1/domains/resolutions");
        List<OperatorHeader> headers = new ArrayList<>();
        for (FakeNode.Request r : node.requests().subList(1, 4)) {
            OperatorHeader header = OperatorHeader.parse(r.operator());
            header.verify(key.verifyingKey(), r.method(), r.rawPath(), r.body().getBytes(java.nio.charset.StandardCharsets.UTF_8));
            assertThat(header.audience()).isEqualTo(new OperatorAudience("acme", "acme-2"));
            headers.add(header);
        }
        assertThat(headers).extracting(OperatorHeader::nonce).doesNotHaveDuplicates();
        assertThat(node.requests().get(0).operator()).isNull();
    }

    /** Answers {@code answer} only if the request body is exactly {@code expected}. */
    private static Answer echoIf(FakeNode.Request request, com.google.protobuf.Message expected,
                                 com.google.protobuf.Message answer) throws Exception {
        com.google.protobuf.Message got = request.parse(expected.newBuilderForType()).build();
        return got.equals(expected) ? Answer.json(answer) : Answer.problem(400, "MALFORMED", "unexpected " + got);
    }

    @Test
    void idsArePercentEncodedAsOnePathSegment() throws Exception {
        node.on("GET", "/v1/writs/a%20b%2Fc%3F", r -> Answer.json(WritStatus.newBuilder().setJti("a b/c?").build()));

        assertThat(client.writStatus("a b/c?").getJti()).isEqualTo("a b/c?");
    }

    @Test
    void anIdThatWouldClimbThePathIsRefusedBeforeSending() {
        assertThatThrownBy(() -> client.writStatus("..")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> client.approve("", ApprovalRequest.getDefaultInstance()))
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(node.requests()).isEmpty();
    }

    @Test
    void aBaseUriWithAPrefixAndTrailingSlashKeepsThePrefix() throws Exception {
        node.on("GET", "/writ/v1/health", r -> Answer.json(Health.newBuilder().setStatus("HEALTHY").build()));
        WritClient prefixed = WritClient.create(URI.create(node.uri() + "/writ/"));

        assertThat(prefixed.health().getStatus()).isEqualTo("HEALTHY");
        assertThat(prefixed.baseUri()).isEqualTo(URI.create(node.uri() + "/writ"));
    }

    @Test
    void aBaseUriThatIsNotHttpIsRefused() {
        assertThatThrownBy(() -> WritClient.create(URI.create("file:///tmp/node")))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> WritClient.create(URI.create("/v1"))).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aProblemBecomesARefusalWithItsStableCode() {
        node.on("POST", "/v1/redemptions", r -> Answer.problem(409, "REPLAYED", "writ jti-1 was redeemed at 10:00"));

        assertThatThrownBy(() -> client.redeem(RedemptionRequest.newBuilder().setWrit("a.b.c").build()))
                .isInstanceOfSatisfying(WritRefusedException.class, e -> {
                    assertThat(e.code()).isEqualTo("REPLAYED");
                    assertThat(e.status()).isEqualTo(409);
                    assertThat(e.detail()).isEqualTo("writ jti-1 was redeemed at 10:00");
                    assertThat(e.problem().getType()).isEqualTo("https://writ.dev/problems/REPLAYED");
                    assertThat(e.getMessage()).startsWith("REPLAYED (HTTP 409)");
                });
    }

    @Test
    void aProblemWithExtensionMembersAndNoStatusStillMapsWithTheHttpStatus() {
        node.on("GET", "/v1/writs/jti-1", r -> Answer.text(404, "application/problem+json; charset=utf-8",
                "{\"title\":\"unknown writ\",\"code\":\"UNKNOWN_WRIT\",\"jti\":\"jti-1\",\"retryAfter\":3}"));

        assertThatThrownBy(() -> client.writStatus("jti-1"))
                .isInstanceOfSatisfying(WritRefusedException.class, e -> {
                    assertThat(e.code()).isEqualTo("UNKNOWN_WRIT");
                    assertThat(e.status()).isEqualTo(404);
                    assertThat(e.getMessage()).contains("unknown writ");
                });
    }

    @Test
    void aProblemWithoutACodeIsARefusalCodedUnspecified() {
        node.on("GET", "/v1/health", r -> Answer.text(500, "application/problem+json", "{\"title\":\"boom\"}"));

        assertThatThrownBy(() -> client.health()).isInstanceOfSatisfying(WritRefusedException.class,
                e -> assertThat(e.code()).isEqualTo(WritRefusedException.UNSPECIFIED));
    }

    @Test
    void anUnreadableProblemBodyIsAClientFailureNotARefusal() {
        node.on("GET", "/v1/health", r -> Answer.text(409, "application/problem+json", "<html>"));

        assertThatThrownBy(() -> client.health()).isInstanceOfSatisfying(WritClientException.class,
                e -> assertThat(e.httpStatus()).hasValue(409));
    }

    @Test
    void anHtmlErrorPageIsAClientFailureThatCarriesTheStatusAndAnExcerpt() {
        node.on("POST", "/v1/redemptions", r -> Answer.text(502, "text/html",
                "<html><body>\n<h1>502 Bad Gateway</h1>\n</body></html>"));

        assertThatThrownBy(() -> client.redeem(RedemptionRequest.getDefaultInstance()))
                .isInstanceOfSatisfying(WritClientException.class, e -> {
                    assertThat(e.httpStatus()).hasValue(502);
                    assertThat(e.getMessage()).contains("HTTP 502").contains("text/html").contains("502 Bad Gateway")
                            .contains("POST /v1/redemptions");
                });
    }

    @Test
    void aSuccessThatIsNotJsonIsAClientFailure() {
        node.on("GET", "/v1/health", r -> Answer.text(200, "text/plain", "OK"));

        assertThatThrownBy(() -> client.health()).isInstanceOf(WritClientException.class).hasMessageContaining("text/plain");
    }

    @Test
    void aJsonSuccessThatDoesNotParseIsAClientFailure() {
        node.on("GET", "/v1/writs/jti-1", r -> Answer.text(200, "application/json", "{\"jti\": 42, "));

        assertThatThrownBy(() -> client.writStatus("jti-1")).isInstanceOf(WritClientException.class)
                .hasMessageContaining("not a valid WritStatus");
    }

    @Test
    void answersWithFieldsThisClientDoesNotKnowStillParse() throws Exception {
        node.on("GET", "/v1/writs/jti-1", r -> Answer.text(200, "application/json",
                "{\"jti\":\"jti-1\",\"state\":\"REDEEMED\",\"redeemedBy\":\"pep-1\",\"future\":{\"x\":[1]}}"));

        WritStatus status = client.writStatus("jti-1");

        assertThat(status.getJti()).isEqualTo("jti-1");
        assertThat(status.getState()).isEqualTo(WritStatus.State.REDEEMED);
    }

    @Test
    void aFailedNodeAnswersItsHealthWith503AndTheClientReturnsIt() throws Exception {
        Health failed = Health.newBuilder().setStatus("FAILED").setNodeId("node-1")
                .addReasons(HealthReason.newBuilder().setCheck("journal").setStatus("FAILED").setDetail("down")).build();
        node.on("GET", "/v1/health", r -> {
            Answer json = Answer.json(failed);
            return new Answer(503, json.contentType(), json.body());
        });

        assertThat(client.health()).isEqualTo(failed);
    }

    @Test
    void a503ThatIsNotHealthIsStillAFailureForOtherCalls() {
        node.on("GET", "/v1/writs/jti-1", r -> Answer.text(503, "application/json", "{\"jti\":\"jti-1\"}"));

        assertThatThrownBy(() -> client.writStatus("jti-1")).isInstanceOfSatisfying(WritClientException.class,
                e -> assertThat(e.httpStatus()).hasValue(503));
    }

    @Test
    void aNodeThatDoesNotAnswerWithinTheTimeoutIsAClientFailureWithUnknownOutcome() {
        node.hang("POST", "/v1/redemptions");
        WritClient impatient = WritClient.builder(node.uri()).timeout(Duration.ofMillis(300)).build();

        assertThatThrownBy(() -> impatient.redeem(RedemptionRequest.getDefaultInstance()))
                .isInstanceOf(WritClientException.class)
                .hasMessageContaining("within PT0.3S").hasMessageContaining("outcome is unknown");
    }

    @Test
    void anUnreachableNodeIsAClientFailureThatWasNotSent() throws Exception {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closedPort = socket.getLocalPort();
        }
        WritClient nowhere = WritClient.builder(URI.create("http://127.0.0.1:" + closedPort))
                .timeout(Duration.ofSeconds(2)).build();

        assertThatThrownBy(nowhere::health).isInstanceOf(WritClientException.class)
                .hasMessageContaining("127.0.0.1:" + closedPort);
        assertThatThrownBy(() -> nowhere.redeem(RedemptionRequest.getDefaultInstance()))
                .isInstanceOfSatisfying(WritClientException.class,
                        e -> assertThat(e.stage()).isEqualTo(WritClientException.Stage.NOT_SENT));
    }

    @Test
    void anAnswerLargerThanTheLimitIsAbandoned() {
        String big = "{\"version\":1,\"writ\":\"" + "x".repeat(10_000) + "\"}";
        node.on("GET", "/v1/bundles/jti-1", r -> Answer.text(200, "application/json", big));
        WritClient frugal = WritClient.builder(node.uri()).maxResponseBytes(1024).build();

        assertThatThrownBy(() -> frugal.bundle("jti-1")).isInstanceOf(WritClientException.class)
                .hasMessageContaining("exceeds 1024 bytes");
    }

    @Test
    void keysKeepsOnlyTheDomainsPublicKeysWhoseKidIsTheirThumbprint() throws Exception {
        SigningKey good = SigningKey.generate();
        SigningKey second = SigningKey.generate();
        SigningKey partner = SigningKey.generate();
        SigningKey lying = SigningKey.generate();
        SigningKey unnamed = SigningKey.generate();
        SigningKey leaked = SigningKey.generate();
        List<Map<String, Object>> keys = new ArrayList<>();
        keys.add(jwk(good, "acme"));
        keys.add(jwk(second, "acme"));
        keys.add(jwk(partner, "globex"));
        Map<String, Object> wrongKid = jwk(lying, "acme");
        wrongKid.put("kid", good.id().toString());
        keys.add(wrongKid);
        Map<String, Object> noKid = jwk(unnamed, "acme");
        noKid.remove("kid");
        keys.add(noKid);
        Map<String, Object> withPrivatePart = new LinkedHashMap<>(KeyEncoding.toPrivateJwk(leaked).toJSONObject());
        withPrivatePart.put("writ_domain", "acme");
        keys.add(withPrivatePart);
        Map<String, Object> rsa = new LinkedHashMap<>(Map.of("kty", "RSA", "n", "AQAB", "e", "AQAB", "writ_domain", "acme"));
        keys.add(rsa);
        node.on("GET", "/v1/keys", r -> Answer.text(200, "application/jwk-set+json",
                JSONObjectUtils.toJSONString(Map.of("keys", keys))));

        KeyRing ring = client.keys("acme");

        assertThat(ring.entries()).extracting(KeyRing.Entry::key)
                .containsExactlyInAnyOrder(good.verifyingKey(), second.verifyingKey());
        assertThat(ring.entries()).extracting(KeyRing.Entry::domain).containsOnly("acme");
        assertThat(node.requests().get(0).rawPath()).isEqualTo("/v1/keys");
    }

    @Test
    void keysFailsWhenTheNodePublishesNoKeyOfTheDomain() {
        SigningKey partner = SigningKey.generate();
        node.on("GET", "/v1/keys", r -> Answer.text(200, "application/json",
                JSONObjectUtils.toJSONString(Map.of("keys", List.of(jwk(partner, "globex"))))));

        assertThatThrownBy(() -> client.keys("acme")).isInstanceOf(WritClientException.class)
                .hasMessageContaining("no valid Ed25519 key for domain acme");
    }

    @Test
    void keysFailsOnAnAnswerThatIsNotAJwkSet() {
        node.on("GET", "/v1/keys", r -> Answer.text(200, "application/json", "[1,2,3]"));

        assertThatThrownBy(() -> client.keys("acme")).isInstanceOf(WritClientException.class)
                .hasMessageContaining("not a JWK Set");
    }

    private static Map<String, Object> jwk(SigningKey key, String domain) {
        Map<String, Object> jwk = new LinkedHashMap<>(KeyEncoding.toJwk(key.verifyingKey()).toJSONObject());
        jwk.put("writ_domain", domain);
        return jwk;
    }
}

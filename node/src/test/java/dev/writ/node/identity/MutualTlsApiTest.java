package dev.writ.node.identity;

import com.typesafe.config.ConfigFactory;
import dev.writ.authority.ca.CaDirectory;
import dev.writ.authority.ca.CertificateAuthority;
import dev.writ.authority.ca.NodeTlsMaterial;
import dev.writ.node.TestNode;
import dev.writ.protocol.client.AgentCredential;
import dev.writ.protocol.client.OperatorCredential;
import dev.writ.protocol.client.PepGuard;
import dev.writ.protocol.client.WritClient;
import dev.writ.protocol.client.WritClientException;
import dev.writ.protocol.client.WritRefusedException;
import dev.writ.protocol.crypto.Hashes;
import dev.writ.protocol.crypto.KeyEncoding;
import dev.writ.protocol.crypto.SigningKey;
import dev.writ.protocol.identity.AgentCsr;
import dev.writ.protocol.identity.Pem;
import dev.writ.protocol.identity.SpiffeId;
import dev.writ.protocol.wire.ActionProposal;
import dev.writ.protocol.wire.DecisionRecord;
import dev.writ.protocol.wire.EvidenceKind;
import dev.writ.protocol.wire.ExecutionContract;
import dev.writ.protocol.wire.ProposalResponse;
import dev.writ.protocol.wire.RefusalRecord;
import dev.writ.protocol.wire.RevocationEntry;
import dev.writ.protocol.wire.RevocationRequest;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.bouncycastle.cert.X509CertificateHolder;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static dev.writ.node.identity.AuthenticatedProposalTest.action;
import static dev.writ.node.identity.AuthenticatedProposalTest.transfer;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * A real node serving its API over HTTPS (writ.http.tls, client-auth want) with signed proposals
 * required: an agent's client certificate authenticates its unsigned proposals as a signature
 * would, every mismatch is refused with its code and evidence, the client checks the node's
 * SPIFFE id, and a rotated node certificate is served on new connections without a restart.
 */
class MutualTlsApiTest {
    private static final byte[] MODEL = Hashes.sha256("model-v1".getBytes(StandardCharsets.UTF_8));
    private static final Map<String, String> RICH = Map.of("account.balance", "100000");
    private static final SigningKey OPERATOR = SigningKey.generate();

    @TempDir
    static Path dir;
    static TestNode node;
    static CertificateAuthority ca;
    static String rootPem;
    static URI https;
    static WritClient operator;

    @BeforeAll
    static void start() throws Exception {
        ca = CaDirectory.at(dir.resolve("ca")).init("acme", Instant.now().minusSeconds(60), Duration.ofDays(3650),
                Duration.ofDays(365));
        rootPem = Pem.encode(Pem.CERTIFICATE, CertificateAuthority.encoded(ca.root()));
        NodeTlsMaterial.TlsFiles tls = NodeTlsMaterial.write(ca, "test-node", dir.resolve("tls"), Instant.now(),
                Duration.ofDays(30));
        Map<String, Object> overrides = new HashMap<>(ConfigFactory.parseFile(tls.config().toFile()).root().unwrapped());
        overrides.putAll(Map.of("writ.identity.ca-dir", dir.resolve("ca").toString(),
                "writ.identity.agent-certificates", "required",
                "writ.identity.operator-credentials", "required",
                "writ.identity.operators", List.of(Map.of("id", "ops", "public-key-pem", KeyEncoding.toPem(OPERATOR.verifyingKey()))),
                "writ.http.tls.enabled", "on"));
        node = TestNode.start(dir.resolve("node"), overrides);
        https = URI.create("https://127.0.0.1:" + node.node.httpPort());
        operator = WritClient.builder(https).tls("acme", rootPem).operatorCredential(new OperatorCredential("ops", OPERATOR))
                .build();
        Instant deadline = Instant.now().plusSeconds(30);
        while (!healthy(operator)) {
            assertThat(Instant.now()).as("node HEALTHY over HTTPS in time").isBefore(deadline);
            Thread.sleep(50);
        }
    }

    @AfterAll
    static void stop() throws Exception {
        node.close();
    }

    private static boolean healthy(WritClient client) {
        try {
            return client.health().getStatus().equals("HEALTHY");
        } catch (Exception e) {
            return false;
        }
    }

    private record Agent(SpiffeId id, SigningKey key, AgentCredential credential, WritClient overMutualTls) {
    }

    private static Agent agent(String name) throws Exception {
        SpiffeId id = new SpiffeId("acme", name);
        SigningKey key = SigningKey.generate();
        X509CertificateHolder leaf = ca.issueAgent(AgentCsr.verify(AgentCsr.create(key, id, MODEL)), Instant.now(),
                Duration.ofHours(1));
        AgentCredential credential = new AgentCredential(key, ca.presentedChain(leaf));
        return new Agent(id, key, credential, WritClient.builder(https).tls("acme", rootPem, credential).build());
    }

    @Test
    void anUnsignedProposalOverMutualTlsIsAuthenticatedByTheClientCertificateAndBoundToItsKey() throws Exception {
        Agent agent = agent("payments-mtls");
        ActionProposal unsigned = transfer(agent.id(), "40");
        ProposalResponse allowed = agent.overMutualTls().propose(unsigned);
        assertThat(allowed.getDecision()).isEqualTo(DecisionRecord.Decision.ALLOW);
        assertThat(ExecutionContract.parseFrom(allowed.getContract()).getAgentKeyId()).isEqualTo(agent.key().id().toString());
        var recorded = node.node.store().story("acme", allowed.getJti()).stream()
                .filter(r -> r.kind() == EvidenceKind.PROPOSAL).findFirst().orElseThrow();
        assertThat(ActionProposal.parseFrom(recorded.payload()).getAgentCertificatesCount())
                .as("the evidence names the certificate that authenticated the connection").isEqualTo(2);

        PepGuard pep = new PepGuard(operator, operator.keys("acme"), "pep-1", Duration.ofSeconds(2), Clock.systemUTC());
        assertThat(pep.redeem(allowed.getWrit(), agent.credential().prove(allowed, action("40"), "pep-1", Instant.now()),
                action("40"), RICH).receipt().getJti()).isEqualTo(allowed.getJti());
    }

    @Test
    void withoutAClientCertificateAnUnsignedProposalIsRefusedCertRequired() {
        assertRefused(operator, transfer(new SpiffeId("acme", "payments-anon"), "10"), "CERT_REQUIRED");
    }

    @Test
    void aClientCertificateOfAnotherAgentIsRefused() throws Exception {
        Agent agent = agent("payments-a");
        assertRefused(agent.overMutualTls(), transfer(new SpiffeId("acme", "payments-b"), "10"), "CERT_AGENT_MISMATCH");
    }

    @Test
    void aProposalSignedWithAnotherCertificateThanTheConnectionPresentedIsRefused() throws Exception {
        Agent connection = agent("payments-c");
        Agent signer = agent("payments-d");
        assertRefused(connection.overMutualTls(), signer.credential().sign(transfer(signer.id(), "10")), "CERT_AGENT_MISMATCH");
    }

    @Test
    void aRevokedClientCertificateIsRefusedCertRevoked() throws Exception {
        Agent agent = agent("payments-revoked");
        operator.revoke(RevocationRequest.newBuilder().setKind(RevocationEntry.Kind.KEY)
                .setSubject(agent.key().id().toString()).setReason("key compromise").setIssuer("ops").build());
        assertRefused(agent.overMutualTls(), transfer(agent.id(), "10"), "CERT_REVOKED");
    }

    @Test
    void aClientExpectingAnotherDomainRefusesTheNode() {
        WritClient wrongDomain = WritClient.builder(https).tls("globex", rootPem).build();
        assertThatThrownBy(wrongDomain::health).isInstanceOf(WritClientException.class);
    }

    @Test
    void aRotatedNodeCertificateIsServedOnNewConnectionsWithoutARestart() throws Exception {
        CertificateAuthority foreign = CaDirectory.at(dir.resolve("foreign-ca")).init("acme", Instant.now().minusSeconds(60),
                Duration.ofDays(3650), Duration.ofDays(365));
        Path tls = dir.resolve("tls");
        try {
            NodeTlsMaterial.write(foreign, "test-node", tls, Instant.now(), Duration.ofDays(30));
            Instant deadline = Instant.now().plusSeconds(15);
            while (healthy(WritClient.builder(https).tls("acme", rootPem).build())) {
                assertThat(Instant.now()).as("new connections see the foreign certificate").isBefore(deadline);
                Thread.sleep(200);
            }
            String foreignRoot = Pem.encode(Pem.CERTIFICATE, CertificateAuthority.encoded(foreign.root()));
            assertThat(healthy(WritClient.builder(https).tls("acme", foreignRoot).build())).isTrue();
        } finally {
            NodeTlsMaterial.write(ca, "test-node", tls, Instant.now(), Duration.ofDays(30));
        }
        Instant deadline = Instant.now().plusSeconds(15);
        while (!healthy(WritClient.builder(https).tls("acme", rootPem).build())) {
            assertThat(Instant.now()).as("new connections see the domain's certificate again").isBefore(deadline);
            Thread.sleep(200);
        }
    }

    private static void assertRefused(WritClient client, ActionProposal proposal, String code) {
        assertThatThrownBy(() -> client.propose(proposal))
                .isInstanceOfSatisfying(WritRefusedException.class, r -> assertThat(r.code()).isEqualTo(code));
        var records = node.node.store().story("acme", proposal.getProposalId());
        assertThat(records).extracting(r -> r.kind()).containsExactly(EvidenceKind.REFUSAL);
        assertThat(records.get(0).payload()).satisfies(p ->
                assertThat(RefusalRecord.parseFrom(p).getCode()).isEqualTo(code));
    }
}

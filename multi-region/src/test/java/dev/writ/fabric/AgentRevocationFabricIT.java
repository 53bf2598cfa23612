package dev.writ.fabric;

import static dev.writ.fabric.Transfers.action;
import static dev.writ.fabric.Transfers.redemption;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.protobuf.ByteString;
import dev.writ.protocol.client.AgentCredential;
import dev.writ.protocol.client.WritClient;
import dev.writ.protocol.client.WritRefusedException;
import dev.writ.protocol.crypto.Hashes;
import dev.writ.protocol.crypto.KeyEncoding;
import dev.writ.protocol.crypto.SigningKey;
import dev.writ.protocol.identity.AgentCsr;
import dev.writ.protocol.identity.CertificateRequests;
import dev.writ.protocol.identity.Pem;
import dev.writ.protocol.identity.SpiffeId;
import dev.writ.protocol.wire.ActionContext;
import dev.writ.protocol.wire.ActionProposal;
import dev.writ.protocol.wire.AgentCertificateResponse;
import dev.writ.protocol.wire.DecisionRecord.Decision;
import dev.writ.protocol.wire.ProposalResponse;
import dev.writ.protocol.wire.RevocationEntry;
import dev.writ.protocol.wire.RevocationRequest;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Both revocation paths block an agent on every node (invariant 6): three node JVMs on PostgreSQL
 * that require signed
 * proposals and check agents against the AgentRegistry of a real dev chain. An agent goes from CSR
 * to certificate to writ to redemption; then it is revoked, once on chain and once in the domain's
 * revocation ledger ({@code POST /v1/revocations} of kind AGENT), and every node refuses its next
 * proposal and its unredeemed writ, and answers "revoked" over OCSP.
 */
class AgentRevocationFabricIT {
    private static final int CHAIN_PEM_LIMIT = 16 * 1024;

    private static FabricChain chain;
    private static LocalFabric fabric;
    private static List<WritClient> nodes;

    @BeforeAll
    static void launch() throws Exception {
        Path work = Path.of("target", "it-identity-" + UUID.randomUUID()).toAbsolutePath();
        chain = FabricChain.start(work.resolve("chain"), List.of("acme"));
        chain.enact(SamplePolicies.version(1));
        FabricOptions.Builder options = FabricOptions.builder(work.resolve("fabric")).database(DatabaseChoice.localPostgres());
        chain.nodeConfig("acme").forEach(options::config);
        chain.agentRegistryConfig().forEach(options::config);
        fabric = LocalFabric.launch(Topology.singleDomain("acme", 3), options.build());
        nodes = fabric.nodeIds().stream().map(n -> WritClient.builder(fabric.httpUri(n))
                .operatorCredential(fabric.identity("acme").operator())
                .pepCredential(fabric.identity("acme").pep("pep-it")).build()).toList();
    }

    @AfterAll
    static void close() {
        if (fabric != null) {
            fabric.close();
        }
        if (chain != null) {
            chain.close();
        }
    }

    @Test
    void anAgentRevokedOnChainIsRefusedByEveryNode() throws Exception {
        Certified agent = certify(new SpiffeId("acme", "payments-onchain"));
        List<ProposalResponse> unredeemed = writOnEveryNode(agent);

        chain.revokeAgent(agent.id(), "model recalled");

        for (int i = 0; i < nodes.size(); i++) {
            int node = i;
            awaitRevokedOverOcsp(nodes.get(node), agent.certificate());
            assertRefused(() -> agent.via(node).propose(transfer(agent.id(), "21")), "CERT_REVOKED");
            assertRefused(() -> nodes.get(node).redeem(redemption(unredeemed.get(node), "20", agent.credential(),
                    nodes.get(node))), "CERT_REVOKED");
        }
    }

    @Test
    void anAgentRevokedInTheLedgerIsRefusedByEveryNode() throws Exception {
        Certified agent = certify(new SpiffeId("acme", "payments-ledger"));
        List<ProposalResponse> unredeemed = writOnEveryNode(agent);

        var revocation = nodes.get(0).revoke(RevocationRequest.newBuilder().setKind(RevocationEntry.Kind.AGENT)
                .setSubject(agent.id().uri()).setReason("agent misbehaved").setIssuer(FabricIdentity.OPERATOR).build());
        assertThat(revocation.getNodesAcknowledged()).as("every node holds the revocation when it is answered")
                .isEqualTo(nodes.size());

        for (int i = 0; i < nodes.size(); i++) {
            assertThat(ocsp(nodes.get(i), agent.certificate())).as("OCSP of node " + i).isPresent();
            int node = i;
            assertRefused(() -> agent.via(node).propose(transfer(agent.id(), "21")), "CERT_REVOKED");
            assertRefused(() -> nodes.get(node).redeem(redemption(unredeemed.get(node), "20", agent.credential(),
                    nodes.get(node))), "REVOKED");
        }
    }

    @Test
    void everyNodeRefusesAnUnsignedProposal() {
        SpiffeId id = new SpiffeId("acme", "payments-unsigned");
        for (WritClient node : nodes) {
            assertRefused(() -> node.propose(transfer(id, "5")), "CERT_REQUIRED");
        }
    }

    /** An agent registered on chain, its key made here, its certificate issued by the first node from a CSR. */
    private record Certified(SpiffeId id, AgentCertificateResponse certificate, AgentCredential credential,
                             List<WritClient> clients) {
        WritClient via(int node) {
            return clients.get(node);
        }
    }

    private static Certified certify(SpiffeId id) throws Exception {
        SigningKey key = SigningKey.generate();
        chain.registerAgent(id, model(id), key.verifyingKey());
        AgentCertificateResponse certificate = nodes.get(0).requestCertificate(
                CertificateRequests.enrolment(AgentCsr.createPem(key, id, model(id))));
        assertThat(certificate.getAgentId()).isEqualTo(id.uri());
        AgentCredential credential = AgentCredential.fromPem(KeyEncoding.toPem(key), certificate.getChain());
        List<WritClient> clients = fabric.nodeIds().stream()
                .map(n -> WritClient.builder(fabric.httpUri(n)).agentCredential(credential).build()).toList();
        for (WritClient node : nodes) {
            assertThat(ocsp(node, certificate)).as("OCSP of " + node.baseUri() + " before any revocation").isEmpty();
        }
        return new Certified(id, certificate, credential, clients);
    }

    /** One writ redeemed (the whole walk), then one unredeemed writ minted through each node. */
    private static List<ProposalResponse> writOnEveryNode(Certified agent) throws Exception {
        ProposalResponse first = Admit.admit(agent.via(0), () -> transfer(agent.id(), "10"));
        assertThat(first.getDecision()).isEqualTo(Decision.ALLOW);
        assertThat(nodes.get(1).redeem(redemption(first, "10", agent.credential(), nodes.get(1))).getJti()).isEqualTo(first.getJti());
        List<ProposalResponse> writs = new ArrayList<>();
        for (int i = 0; i < nodes.size(); i++) {
            int node = i;
            ProposalResponse writ = Admit.admit(agent.via(node), () -> transfer(agent.id(), "20"));
            assertThat(writ.getDecision()).as("writ via node " + i).isEqualTo(Decision.ALLOW);
            writs.add(writ);
        }
        return writs;
    }

    /** The on-chain status is cached for up to writ.identity.agent-registry.status-cache on each node. */
    private static void awaitRevokedOverOcsp(WritClient node, AgentCertificateResponse certificate) throws Exception {
        Instant deadline = Instant.now().plusSeconds(30);
        while (ocsp(node, certificate).isEmpty()) {
            assertThat(Instant.now()).as("OCSP of " + node.baseUri() + " reports the on-chain revocation").isBefore(deadline);
            Thread.sleep(100);
        }
    }

    private static Optional<String> ocsp(WritClient node, AgentCertificateResponse certificate) throws Exception {
        List<byte[]> chainDer = Pem.decodeAll(certificate.getChain(), Pem.CERTIFICATE, CHAIN_PEM_LIMIT);
        return node.ocsp(chainDer.get(1), new BigInteger(certificate.getSerial(), 16));
    }

    private interface Call {
        void run() throws Exception;
    }

    private static void assertRefused(Call call, String code) {
        assertThatThrownBy(call::run).isInstanceOfSatisfying(WritRefusedException.class,
                r -> assertThat(r.code()).as(r.getMessage()).isEqualTo(code));
    }

    private static byte[] model(SpiffeId id) {
        return Hashes.sha256((id.uri() + " model").getBytes(StandardCharsets.UTF_8));
    }

    private static ActionProposal transfer(SpiffeId agent, String amount) {
        return ActionProposal.newBuilder()
                .setProposalId("it-" + UUID.randomUUID())
                .setAgentId(agent.uri())
                .setAction(action(amount))
                .setContext(ActionContext.newBuilder().setRiskScore(10).setDataClassification("internal")
                        .setModelHash(ByteString.copyFrom(model(agent))))
                .setProposedAtMillis(System.currentTimeMillis())
                .build();
    }
}

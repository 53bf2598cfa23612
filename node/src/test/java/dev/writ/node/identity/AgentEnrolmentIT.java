package dev.writ.node.identity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.writ.authority.ca.CaDirectory;
import dev.writ.contracts.chain.AgentRegistryContract;
import dev.writ.contracts.chain.Bytes32;
import dev.writ.contracts.chain.ChainConfig;
import dev.writ.contracts.chain.EvidenceAnchorContract;
import dev.writ.contracts.devchain.DevChain;
import dev.writ.contracts.devchain.DevChainOptions;
import dev.writ.node.TestNode;
import dev.writ.protocol.client.AgentCredential;
import dev.writ.protocol.client.WritClient;
import dev.writ.protocol.client.WritRefusedException;
import dev.writ.protocol.crypto.Hashes;
import dev.writ.protocol.crypto.SigningKey;
import dev.writ.protocol.identity.AgentCsr;
import dev.writ.protocol.identity.CertificateRequests;
import dev.writ.protocol.identity.Pem;
import dev.writ.protocol.identity.SpiffeId;
import dev.writ.protocol.wire.AgentCertificateRequest;
import dev.writ.protocol.wire.AgentCertificateResponse;
import dev.writ.protocol.wire.DecisionRecord.Decision;
import dev.writ.protocol.wire.EvidenceKind;
import dev.writ.protocol.wire.RefusalRecord;
import dev.writ.protocol.wire.RevocationEntry;
import dev.writ.protocol.wire.RevocationRequest;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 16, item 1, on a real node and a real anvil: knowing an agent's SPIFFE id and model hash
 * (both public) is not enough to get its certificate. The first certificate goes only to the key
 * the domain admin committed on chain at registration; every later one only to the holder of the
 * current, unexpired, unrevoked certificate of the same agent. Each refusal is typed and recorded.
 */
class AgentEnrolmentIT {
    @TempDir
    static Path dir;
    static DevChain chain;
    static ChainConfig config;
    static AgentRegistryContract registry;
    static TestNode node;
    static WritClient plain;

    @BeforeAll
    static void start() throws Exception {
        chain = DevChain.start(DevChainOptions.of(dir.resolve("chain"), List.of("acme")).automine());
        config = chain.config();
        registry = new AgentRegistryContract(chain.client(), config.contract(AgentRegistryContract.NAME));
        CaDirectory.at(dir.resolve("ca")).init("acme", Instant.now().minus(Duration.ofDays(3)), Duration.ofDays(3650),
                Duration.ofDays(365));
        node = TestNode.start(dir.resolve("node"), Map.of(
                "writ.identity.ca-dir", dir.resolve("ca").toString(),
                "writ.chain.rpc-url", chain.rpcUrl(),
                "writ.chain.evidence-anchor", config.contract(EvidenceAnchorContract.NAME),
                "writ.chain.anchorer-key", config.domain("acme").anchorer().privateKey(),
                "writ.identity.agent-registry.address", config.contract(AgentRegistryContract.NAME)));
        plain = WritClient.create(node.uri());
        // A bounded wait for a node starting on shared cores, not a timing assertion.
        Instant deadline = Instant.now().plus(Duration.ofMinutes(3));
        while (!healthy()) {
            assertThat(Instant.now()).as("the node turns HEALTHY").isBefore(deadline);
            Thread.sleep(200);
        }
    }

    private static boolean healthy() {
        try {
            return plain.health().getStatus().equals("HEALTHY");
        } catch (Exception e) {
            return false;
        }
    }

    @AfterAll
    static void stop() throws Exception {
        if (node != null) {
            node.close();
        }
        if (chain != null) {
            chain.close();
        }
    }

    @Test
    void anAttackerWhoKnowsOnlyTheAgentsIdAndModelGetsNoCertificate() throws Exception {
        SpiffeId id = new SpiffeId("acme", "payments-victim");
        byte[] model = model("victim-v1");
        register(id, model, SigningKey.generate());

        SigningKey attacker = SigningKey.generate();
        refused(CertificateRequests.enrolment(AgentCsr.createPem(attacker, id, model)), "ENROLMENT_KEY_MISMATCH");
        assertThat(refusalCodes(id)).as("the refusal is evidence").contains("ENROLMENT_KEY_MISMATCH");
    }

    @Test
    void theRightfulAgentEnrolsWithItsCommittedKeyAndProposes() throws Exception {
        SpiffeId id = new SpiffeId("acme", "payments-rightful");
        byte[] model = model("rightful-v1");
        SigningKey enrolmentKey = SigningKey.generate();
        register(id, model, enrolmentKey);

        AgentCredential credential = enrol(enrolmentKey, id, model);
        WritClient agent = WritClient.builder(node.uri()).agentCredential(credential).build();
        assertThat(agent.propose(AuthenticatedProposalTest.transfer(id, "12", model)).getDecision()).isEqualTo(Decision.ALLOW);
    }

    @Test
    void renewalWithoutTheCurrentCertificateIsRefused() throws Exception {
        SpiffeId id = new SpiffeId("acme", "payments-renewed");
        byte[] model = model("renewed-v1");
        SigningKey enrolmentKey = SigningKey.generate();
        register(id, model, enrolmentKey);
        AgentCredential current = enrol(enrolmentKey, id, model);
        SigningKey attacker = SigningKey.generate();
        String csr = AgentCsr.createPem(attacker, id, model);

        refused(CertificateRequests.enrolment(csr), "ENROLMENT_KEY_MISMATCH");
        refused(CertificateRequests.renewal(csr, attacker, current.chain()), "CERT_KEY_MISMATCH");
        refused(CertificateRequests.renewal(csr, current.key(), current.chain()).toBuilder().clearCurrentCertificates()
                .build(), "CERT_MALFORMED");
        refused(CertificateRequests.renewal(csr, current.key(), current.chain()).toBuilder().clearRenewalSignature()
                .build(), "CERT_MALFORMED");

        SpiffeId other = new SpiffeId("acme", "payments-other");
        SigningKey otherKey = SigningKey.generate();
        register(other, model, otherKey);
        AgentCredential othersCertificate = enrol(otherKey, other, model);
        refused(CertificateRequests.renewal(csr, otherKey, othersCertificate.chain()), "CERT_AGENT_MISMATCH");
        assertThat(refusalCodes(id)).contains("ENROLMENT_KEY_MISMATCH", "CERT_KEY_MISMATCH", "CERT_AGENT_MISMATCH");
    }

    @Test
    void renewalWithTheCurrentCertificateSucceedsAndKeepsTheAgent() throws Exception {
        SpiffeId id = new SpiffeId("acme", "payments-renewing");
        byte[] model = model("renewing-v1");
        SigningKey enrolmentKey = SigningKey.generate();
        register(id, model, enrolmentKey);
        AgentCredential current = enrol(enrolmentKey, id, model);

        SigningKey next = SigningKey.generate();
        AgentCertificateResponse renewed = plain.requestCertificate(
                CertificateRequests.renewal(AgentCsr.createPem(next, id, model), current.key(), current.chain()));
        assertThat(renewed.getAgentId()).isEqualTo(id.uri());
        AgentCredential credential = AgentCredential.fromPem(
                dev.writ.protocol.crypto.KeyEncoding.toPem(next), renewed.getChain());
        assertThat(WritClient.builder(node.uri()).agentCredential(credential).build()
                .propose(AuthenticatedProposalTest.transfer(id, "13", model)).getDecision()).isEqualTo(Decision.ALLOW);
    }

    @Test
    void aRevokedOrExpiredCertificateCannotRenew() throws Exception {
        SpiffeId id = new SpiffeId("acme", "payments-lapsed");
        byte[] model = model("lapsed-v1");
        SigningKey enrolmentKey = SigningKey.generate();
        register(id, model, enrolmentKey);
        String csr = AgentCsr.createPem(SigningKey.generate(), id, model);

        SigningKey expiredKey = SigningKey.generate();
        var ca = CaDirectory.at(dir.resolve("ca")).load();
        var expired = ca.issueAgent(new AgentCsr.Request(id, expiredKey.verifyingKey(), model),
                Instant.now().minus(Duration.ofHours(25)), Duration.ofHours(24));
        refused(CertificateRequests.renewal(csr, expiredKey, ca.presentedChain(expired)), "CERT_EXPIRED");

        AgentCredential current = enrol(enrolmentKey, id, model);
        plain.revoke(RevocationRequest.newBuilder().setKind(RevocationEntry.Kind.KEY)
                .setSubject(current.key().verifyingKey().id().toString()).setReason("key exposed").setIssuer("ops").build());
        refused(CertificateRequests.renewal(csr, current.key(), current.chain()), "CERT_REVOKED");
    }

    @Test
    void aReplacedEnrolmentKeyNoLongerEnrols() throws Exception {
        SpiffeId id = new SpiffeId("acme", "payments-rekeyed");
        byte[] model = model("rekeyed-v1");
        SigningKey lost = SigningKey.generate();
        register(id, model, lost);
        SigningKey replacement = SigningKey.generate();
        registry.setEnrolmentKey(config.domain("acme").admin().credentials(), config.domain("acme").domainId(),
                Bytes32.keccakOf(id.uri()), new Bytes32(replacement.verifyingKey().id().bytes()));

        refused(CertificateRequests.enrolment(AgentCsr.createPem(lost, id, model)), "ENROLMENT_KEY_MISMATCH");
        assertThat(enrol(replacement, id, model).chain()).isNotEmpty();
    }

    private static AgentCredential enrol(SigningKey key, SpiffeId id, byte[] model) throws Exception {
        AgentCertificateResponse cert = plain.requestCertificate(CertificateRequests.enrolment(AgentCsr.createPem(key, id, model)));
        assertThat(cert.getAgentId()).isEqualTo(id.uri());
        return new AgentCredential(key, Pem.decodeAll(cert.getChain(), Pem.CERTIFICATE, 64 * 1024));
    }

    private static void refused(AgentCertificateRequest request, String code) {
        assertThatThrownBy(() -> plain.requestCertificate(request))
                .isInstanceOfSatisfying(WritRefusedException.class, r -> assertThat(r.code()).as(r.detail()).isEqualTo(code));
    }

    private static List<String> refusalCodes(SpiffeId id) {
        return node.node.store().story("acme", id.uri()).stream()
                .filter(r -> r.kind() == EvidenceKind.REFUSAL)
                .map(r -> {
                    try {
                        return RefusalRecord.parseFrom(r.payload()).getCode();
                    } catch (Exception e) {
                        throw new IllegalStateException(e);
                    }
                })
                .toList();
    }

    static void register(SpiffeId id, byte[] model, SigningKey enrolmentKey) {
        registry.registerAgent(config.domain("acme").admin().credentials(), config.domain("acme").domainId(),
                Bytes32.keccakOf(id.uri()), BigInteger.ONE, new Bytes32(model),
                new Bytes32(enrolmentKey.verifyingKey().id().bytes()));
    }

    private static byte[] model(String name) {
        return Hashes.sha256(name.getBytes(StandardCharsets.UTF_8));
    }
}

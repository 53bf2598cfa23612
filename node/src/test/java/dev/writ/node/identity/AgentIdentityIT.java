package dev.writ.node.identity;

import dev.writ.authority.ca.CaDirectory;
import dev.writ.contracts.chain.AgentRegistryContract;
import dev.writ.contracts.chain.Bytes32;
import dev.writ.contracts.chain.ChainConfig;
import dev.writ.contracts.chain.EvidenceAnchorContract;
import dev.writ.contracts.chain.RegisteredAgent;
import dev.writ.contracts.devchain.DevChain;
import dev.writ.contracts.devchain.DevChainOptions;
import dev.writ.node.TestNode;
import dev.writ.protocol.client.AgentCredential;
import dev.writ.protocol.client.PepGuard;
import dev.writ.protocol.client.PepRefusal;
import dev.writ.protocol.client.RenewingCredential;
import dev.writ.protocol.client.WritClient;
import dev.writ.protocol.client.WritRefusedException;
import dev.writ.protocol.crypto.Hashes;
import dev.writ.protocol.crypto.SigningKey;
import dev.writ.protocol.identity.AgentCsr;
import dev.writ.protocol.identity.CertificateRequests;
import dev.writ.protocol.identity.OcspAnswers;
import dev.writ.protocol.identity.Pem;
import dev.writ.protocol.identity.SpiffeId;
import dev.writ.protocol.wire.AgentCertificateResponse;
import dev.writ.protocol.wire.DecisionRecord.Decision;
import dev.writ.protocol.wire.EvidenceKind;
import dev.writ.protocol.wire.ProposalResponse;
import dev.writ.protocol.wire.RevocationEntry;
import dev.writ.protocol.wire.RevocationRequest;
import java.math.BigInteger;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.bouncycastle.cert.X509CertificateHolder;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * On a real anvil with the real AgentRegistry: an agent goes from CSR (of the enrolment key its
 * domain admin committed on chain) to certificate to writ to
 * redemption; unregistered agents and wrong model hashes get no certificate; revoking the agent on
 * chain refuses its next proposal, its unredeemed writ and its next CSR; a renewing credential gets
 * its next certificate from the node while its proposals go on.
 */
class AgentIdentityIT {
    private static final Map<String, String> RICH = Map.of("account.balance", "100000");

    @TempDir
    static Path dir;
    static DevChain chain;
    static ChainConfig config;
    static AgentRegistryContract registry;
    static TestNode node;
    static WritClient plain;
    static PepGuard pep;

    @BeforeAll
    static void start() throws Exception {
        chain = DevChain.start(DevChainOptions.of(dir.resolve("chain"), List.of("acme", "globex")).automine());
        config = chain.config();
        registry = new AgentRegistryContract(chain.client(), config.contract(AgentRegistryContract.NAME));
        CaDirectory.at(dir.resolve("ca")).init("acme", Instant.now().minusSeconds(60), Duration.ofDays(3650),
                Duration.ofDays(365));
        node = TestNode.start(dir.resolve("node"), Map.of(
                "writ.identity.ca-dir", dir.resolve("ca").toString(),
                "writ.chain.rpc-url", chain.rpcUrl(),
                "writ.chain.evidence-anchor", config.contract(EvidenceAnchorContract.NAME),
                "writ.chain.anchorer-key", config.domain("acme").anchorer().privateKey(),
                "writ.identity.agent-registry.address", config.contract(AgentRegistryContract.NAME),
                "writ.identity.agent-registry.status-cache", "200ms"));
        plain = WritClient.create(node.uri());
        await("the node is HEALTHY", () -> {
            try {
                return plain.health().getStatus().equals("HEALTHY");
            } catch (Exception e) {
                return false;
            }
        });
        pep = new PepGuard(plain, plain.keys("acme"), "pep-1", Duration.ofSeconds(2), Clock.systemUTC());
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
    void anAgentWalksFromCsrToRedemptionAndOnChainRevocationBlocksIt() throws Exception {
        SpiffeId id = new SpiffeId("acme", "payments-onchain");
        byte[] model = model("onchain-v1");
        SigningKey key = SigningKey.generate();
        register(id, model, key);
        AgentCertificateResponse cert = plain.requestCertificate(CertificateRequests.enrolment(AgentCsr.createPem(key, id, model)));
        assertThat(cert.getAgentId()).isEqualTo(id.uri());
        assertThat(Instant.ofEpochMilli(cert.getNotAfterMillis())).isBefore(Instant.now().plus(Duration.ofHours(24).plusMinutes(1)));
        assertThat(node.node.store().story("acme", "certificate/" + cert.getSerial())).extracting(r -> r.kind())
                .contains(EvidenceKind.CERTIFICATE);
        AgentCredential credential = AgentCredential.fromPem(dev.writ.protocol.crypto.KeyEncoding.toPem(key), cert.getChain());
        WritClient agent = WritClient.builder(node.uri()).agentCredential(credential).build();

        ProposalResponse first = agent.propose(AuthenticatedProposalTest.transfer(id, "30", model));
        assertThat(first.getDecision()).isEqualTo(Decision.ALLOW);
        pep.redeem(first.getWrit(), credential.prove(first, AuthenticatedProposalTest.action("30"), "pep-1", Instant.now()),
                AuthenticatedProposalTest.action("30"), RICH);
        ProposalResponse unredeemed = agent.propose(AuthenticatedProposalTest.transfer(id, "31", model));
        assertThat(unredeemed.getDecision()).isEqualTo(Decision.ALLOW);

        registry.revokeAgent(config.domain("acme").admin().credentials(), config.domain("acme").domainId(),
                Bytes32.keccakOf(id.uri()), "model recalled");
        await("the on-chain revocation is seen at admission", () -> refusedWith(() ->
                agent.propose(AuthenticatedProposalTest.transfer(id, "32", model)), "CERT_REVOKED"));
        assertThatThrownBy(() -> pep.redeem(unredeemed.getWrit(), credential.prove(unredeemed,
                AuthenticatedProposalTest.action("31"), "pep-1", Instant.now()), AuthenticatedProposalTest.action("31"), RICH))
                .isInstanceOfSatisfying(PepRefusal.class, r -> assertThat(r.code()).isEqualTo("CERT_REVOKED"));
        assertThatThrownBy(() -> plain.requestCertificate(CertificateRequests.enrolment(AgentCsr.createPem(key, id, model))))
                .isInstanceOfSatisfying(WritRefusedException.class, r -> assertThat(r.code()).isEqualTo("CERT_REVOKED"));
        assertThat(ocsp(cert, true)).as("OCSP reports the on-chain revocation").isPresent();
    }

    @Test
    void aRenewingCredentialGetsItsNextCertificateFromTheNodeWhileProposalsGoOn() throws Exception {
        SpiffeId id = new SpiffeId("acme", "payments-renewing");
        byte[] model = model("renewing-v1");
        SigningKey enrolmentKey = SigningKey.generate();
        register(id, model, enrolmentKey);
        AheadClock clock = new AheadClock();
        RenewingCredential credential = RenewingCredential.start(id, model, enrolmentKey,
                request -> plain.requestCertificate(request).getChain(), clock);
        AgentCredential first = credential.get();
        WritClient agent = WritClient.builder(node.uri()).agentCredentials(credential).build();
        assertThat(agent.propose(AuthenticatedProposalTest.transfer(id, "5", model)).getDecision()).isEqualTo(Decision.ALLOW);
        assertThat(credential.renewAt()).isAfter(Instant.now().plus(Duration.ofHours(15)));

        // Two thirds of the 24 h certificate's life later (on the agent's clock): proposals from four
        // threads at once; one of them renews through the node, and every one is admitted.
        clock.ahead = Duration.ofHours(17);
        List<CompletableFuture<ProposalResponse>> burst = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            burst.add(CompletableFuture.supplyAsync(() -> {
                try {
                    return agent.propose(AuthenticatedProposalTest.transfer(id, "5", model));
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            }));
        }
        for (CompletableFuture<ProposalResponse> response : burst) {
            assertThat(response.get(30, TimeUnit.SECONDS).getDecision()).isEqualTo(Decision.ALLOW);
        }
        AgentCredential renewed = credential.get();
        assertThat(credential.lastFailure()).isEmpty();
        assertThat(renewed.key().verifyingKey().id()).as("a new key").isNotEqualTo(first.key().verifyingKey().id());
        BigInteger serial = new X509CertificateHolder(renewed.chain().get(0)).getSerialNumber();
        assertThat(node.node.store().story("acme", OcspResponder.story(serial))).extracting(r -> r.kind())
                .as("the node issued the renewed certificate").contains(EvidenceKind.CERTIFICATE);
        assertThat(agent.propose(AuthenticatedProposalTest.transfer(id, "5", model)).getDecision()).isEqualTo(Decision.ALLOW);
        assertThat(plain.propose(first.sign(AuthenticatedProposalTest.transfer(id, "5", model))).getDecision())
                .as("a proposal signed before the renewal is still admitted").isEqualTo(Decision.ALLOW);
    }

    /** The agent's clock, moved ahead by the test; the node keeps real time. */
    private static final class AheadClock extends Clock {
        volatile Duration ahead = Duration.ZERO;

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return Instant.now().plus(ahead);
        }
    }

    @Test
    void ocspReportsAGoodCertificateThenItsLedgerRevocation() throws Exception {
        SpiffeId id = new SpiffeId("acme", "payments-ocsp");
        byte[] model = model("ocsp-v1");
        SigningKey key = SigningKey.generate();
        register(id, model, key);
        AgentCertificateResponse cert = plain.requestCertificate(CertificateRequests.enrolment(AgentCsr.createPem(key, id, model)));
        assertThat(ocsp(cert, true)).isEmpty();
        assertThat(ocsp(cert, false)).as("the GET form answers the same").isEmpty();
        plain.revoke(RevocationRequest.newBuilder().setKind(RevocationEntry.Kind.KEY).setSubject(key.id().toString())
                .setReason("key compromise").setIssuer("ops").build());
        assertThat(ocsp(cert, true)).hasValueSatisfying(reason -> assertThat(reason).contains("revoked per OCSP"));
    }

    /** Asks the node's OCSP responder about the certificate and reads the answer as a relying party would. */
    private static Optional<String> ocsp(AgentCertificateResponse cert, boolean post) throws Exception {
        List<byte[]> chain = Pem.decodeAll(cert.getChain(), Pem.CERTIFICATE, 100_000);
        BigInteger serial = new BigInteger(cert.getSerial(), 16);
        byte[] request = OcspAnswers.request(chain.get(1), serial);
        HttpRequest http = post
                ? HttpRequest.newBuilder(node.uri().resolve("/v1/ocsp")).header("Content-Type", "application/ocsp-request")
                        .POST(HttpRequest.BodyPublishers.ofByteArray(request)).build()
                : HttpRequest.newBuilder(node.uri().resolve("/v1/ocsp/" + URLEncoder.encode(
                        Base64.getEncoder().encodeToString(request), StandardCharsets.US_ASCII))).GET().build();
        HttpResponse<byte[]> answer = HttpClient.newHttpClient().send(http, HttpResponse.BodyHandlers.ofByteArray());
        assertThat(answer.headers().firstValue("Content-Type")).hasValue("application/ocsp-response");
        return OcspAnswers.revocationOf(answer.body(), chain.get(1), serial, Instant.now(), Duration.ofMinutes(1));
    }

    @Test
    void anUnregisteredAgentGetsNoCertificateAndNoWrit() throws Exception {
        SpiffeId id = new SpiffeId("acme", "payments-stranger");
        byte[] model = model("stranger");
        assertThatThrownBy(() -> plain.requestCertificate(CertificateRequests.enrolment(
                AgentCsr.createPem(SigningKey.generate(), id, model))))
                .isInstanceOfSatisfying(WritRefusedException.class, r -> assertThat(r.code()).isEqualTo("AGENT_NOT_REGISTERED"));
        assertThatThrownBy(() -> plain.propose(AuthenticatedProposalTest.transfer(id, "10", model)))
                .isInstanceOfSatisfying(WritRefusedException.class, r -> assertThat(r.code()).isEqualTo("AGENT_NOT_REGISTERED"));
    }

    @Test
    void anAgentOfThisDomainRegisteredByAnotherDomainsAdminIsNotRegisteredHereAndItsOwnDomainStillRegistersIt()
            throws Exception {
        // globex's admin squats on an acme name, with an enrolment key of its own
        SpiffeId id = new SpiffeId("acme", "payments-squatter");
        byte[] model = model("squatter");
        SigningKey squatterKey = SigningKey.generate();
        registry.registerAgent(config.domain("globex").admin().credentials(), config.domain("globex").domainId(),
                Bytes32.keccakOf(id.uri()), BigInteger.ONE, new Bytes32(model),
                new Bytes32(squatterKey.verifyingKey().id().bytes()));
        assertThatThrownBy(() -> plain.requestCertificate(CertificateRequests.enrolment(AgentCsr.createPem(squatterKey, id, model))))
                .isInstanceOfSatisfying(WritRefusedException.class, r -> assertThat(r.code()).isEqualTo("AGENT_NOT_REGISTERED"));
        assertThatThrownBy(() -> plain.propose(AuthenticatedProposalTest.transfer(id, "10", model)))
                .isInstanceOfSatisfying(WritRefusedException.class, r -> assertThat(r.code()).isEqualTo("AGENT_NOT_REGISTERED"));

        // the squat occupies nothing in acme: acme's admin registers the name, and only acme's key enrols it
        SigningKey key = SigningKey.generate();
        register(id, model, key);
        assertThatThrownBy(() -> plain.requestCertificate(CertificateRequests.enrolment(AgentCsr.createPem(squatterKey, id, model))))
                .isInstanceOfSatisfying(WritRefusedException.class, r -> assertThat(r.code()).isEqualTo("ENROLMENT_KEY_MISMATCH"));
        AgentCertificateResponse cert = plain.requestCertificate(CertificateRequests.enrolment(AgentCsr.createPem(key, id, model)));
        AgentCredential credential = AgentCredential.fromPem(dev.writ.protocol.crypto.KeyEncoding.toPem(key), cert.getChain());
        WritClient agent = WritClient.builder(node.uri()).agentCredential(credential).build();
        assertThat(agent.propose(AuthenticatedProposalTest.transfer(id, "10", model)).getDecision()).isEqualTo(Decision.ALLOW);

        // and globex revoking its own record changes nothing for acme's agent
        registry.revokeAgent(config.domain("globex").admin().credentials(), config.domain("globex").domainId(),
                Bytes32.keccakOf(id.uri()), "squatted");
        assertThat(registry.agent(config.domain("acme").domainId(), Bytes32.keccakOf(id.uri())).status())
                .isEqualTo(RegisteredAgent.Status.ACTIVE);
    }

    @Test
    void aCsrNamingAnotherModelThanTheRegisteredOneIsRefused() throws Exception {
        SpiffeId id = new SpiffeId("acme", "payments-model");
        SigningKey key = SigningKey.generate();
        register(id, model("registered"), key);
        assertThatThrownBy(() -> plain.requestCertificate(CertificateRequests.enrolment(AgentCsr.createPem(key, id, model("other")))))
                .isInstanceOfSatisfying(WritRefusedException.class, r -> assertThat(r.code()).isEqualTo("CERT_MODEL_MISMATCH"));
    }

    private static void register(SpiffeId id, byte[] model, SigningKey enrolmentKey) {
        registry.registerAgent(config.domain("acme").admin().credentials(), config.domain("acme").domainId(),
                Bytes32.keccakOf(id.uri()), BigInteger.ONE, new Bytes32(model), new Bytes32(enrolmentKey.verifyingKey().id().bytes()));
    }

    private static byte[] model(String name) {
        return Hashes.sha256(name.getBytes(StandardCharsets.UTF_8));
    }

    private interface Call {
        void run() throws Exception;
    }

    private static boolean refusedWith(Call call, String code) {
        try {
            call.run();
            return false;
        } catch (WritRefusedException e) {
            return e.code().equals(code);
        } catch (Exception e) {
            return false;
        }
    }

    static void await(String what, Supplier<Boolean> condition) throws InterruptedException {
        Instant deadline = Instant.now().plusSeconds(30);
        while (!condition.get()) {
            if (Instant.now().isAfter(deadline)) {
                throw new AssertionError("timed out waiting until " + what);
            }
            Thread.sleep(50);
        }
    }
}

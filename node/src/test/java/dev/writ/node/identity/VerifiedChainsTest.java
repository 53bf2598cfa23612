package dev.writ.node.identity;

import com.google.protobuf.ByteString;
import dev.writ.authority.ca.CertificateAuthority;
import dev.writ.node.config.NodeSettings;
import dev.writ.node.refusal.Refusal;
import dev.writ.node.refusal.RefusalCode;
import dev.writ.node.revocation.RevocationSnapshot;
import dev.writ.protocol.crypto.Hashes;
import dev.writ.protocol.crypto.SigningKey;
import dev.writ.protocol.identity.AgentChainVerifier;
import dev.writ.protocol.identity.AgentCsr;
import dev.writ.protocol.identity.PepId;
import dev.writ.protocol.identity.PepSigning;
import dev.writ.protocol.identity.ProposalSigning;
import dev.writ.protocol.identity.SpiffeId;
import dev.writ.protocol.identity.VerifiedAgent;
import dev.writ.protocol.identity.VerifiedPep;
import dev.writ.protocol.wire.ActionContext;
import dev.writ.protocol.wire.ActionProposal;
import dev.writ.protocol.wire.RedemptionRequest;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletionException;
import java.util.concurrent.atomic.AtomicInteger;
import org.bouncycastle.cert.X509CertificateHolder;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Agent authentication with verified chains kept: the chain check runs once per chain, while the
 * revocation ledger, the signature and the time are checked on every proposal (a moving fake
 * clock: each call names its instant).
 */
class VerifiedChainsTest {
    private static final byte[] MODEL = Hashes.sha256("model-v1".getBytes(StandardCharsets.UTF_8));
    private static final Instant T0 = Instant.parse("2026-12-07T00:00:00Z");
    private static final SpiffeId AGENT = new SpiffeId("acme", "a");

    private final CertificateAuthority ca;
    private final AgentChainVerifier verifier;
    private final SigningKey key = SigningKey.generate();
    private final List<byte[]> chain;
    private final AtomicInteger checks = new AtomicInteger();

    VerifiedChainsTest() throws Exception {
        CertificateAuthority root = CertificateAuthority.createRoot("acme", SigningKey.generate(), T0.minusSeconds(60),
                Duration.ofDays(3650));
        ca = root.createIntermediate(SigningKey.generate(), T0.minusSeconds(60), Duration.ofDays(365));
        verifier = AgentChainVerifier.forRoot(CertificateAuthority.encoded(root.root()));
        X509CertificateHolder leaf = ca.issueAgent(AgentCsr.verify(AgentCsr.create(key, AGENT, MODEL)), T0,
                Duration.ofHours(1));
        chain = ca.presentedChain(leaf);
    }

    @Test
    void aSecondProposalWithTheSameChainIsNotCheckedAgainButItsSignatureIs() throws Exception {
        AgentAuthentication auth = authentication(16);
        assertThat(authenticate(auth, signed("p-1"), RevocationSnapshot.NONE, T0.plusSeconds(1))).isNotNull();
        assertThat(authenticate(auth, signed("p-2"), RevocationSnapshot.NONE, T0.plusSeconds(60))).isNotNull();
        assertThat(checks).as("the chain was checked once").hasValue(1);

        ActionProposal forged = signed("p-3").toBuilder().setProposalId("p-3-altered").build();
        assertRefused(auth, forged, RevocationSnapshot.NONE, T0.plusSeconds(61), RefusalCode.CERT_KEY_MISMATCH);
        ActionProposal otherAgent = ProposalSigning.sign(proposal("p-4").toBuilder().setAgentId("spiffe://acme/agent/b")
                .build(), key, chain);
        assertRefused(auth, otherAgent, RevocationSnapshot.NONE, T0.plusSeconds(62), RefusalCode.CERT_AGENT_MISMATCH);
        assertThat(checks).as("still from the cache: only the chain is kept").hasValue(1);
    }

    @Test
    void aRevokedKeyOrAgentIsRefusedAtOnceThoughItsChainIsKept() throws Exception {
        AgentAuthentication auth = authentication(16);
        authenticate(auth, signed("p-1"), RevocationSnapshot.NONE, T0.plusSeconds(1));
        RevocationSnapshot keyRevoked = new RevocationSnapshot(1, Set.of(), Set.of(),
                Set.of(key.verifyingKey().id().toString()), Set.of(), 0);
        assertRefused(auth, signed("p-2"), keyRevoked, T0.plusSeconds(2), RefusalCode.CERT_REVOKED);
        RevocationSnapshot agentRevoked = new RevocationSnapshot(1, Set.of(AGENT.uri()), Set.of(), Set.of(), Set.of(), 0);
        assertRefused(auth, signed("p-3"), agentRevoked, T0.plusSeconds(3), RefusalCode.CERT_REVOKED);
        assertThat(checks).as("a new epoch checks the chain once more, then keeps it").hasValue(2);
    }

    @Test
    void aKeptChainIsRefusedOnceItsCertificateHasExpired() throws Exception {
        AgentAuthentication auth = authentication(16);
        authenticate(auth, signed("p-1"), RevocationSnapshot.NONE, T0.plusSeconds(1));
        authenticate(auth, signed("p-2"), RevocationSnapshot.NONE, T0.plus(Duration.ofMinutes(59)));
        assertThat(checks).hasValue(1);
        assertRefused(auth, signed("p-3"), RevocationSnapshot.NONE, T0.plus(Duration.ofMinutes(61)),
                RefusalCode.CERT_EXPIRED);
        assertThat(checks).as("past its expiry the kept chain is not used").hasValue(2);
    }

    @Test
    void aChainPresentedOverMutualTlsIsKeptLikeASignedOne() throws Exception {
        AgentAuthentication auth = authentication(16);
        ActionProposal unsigned = proposal("p-1");
        ActionProposal attached = auth.authenticate(unsigned, chain, RevocationSnapshot.NONE, T0.plusSeconds(1))
                .toCompletableFuture().join();
        assertThat(attached.getAgentCertificatesCount()).isEqualTo(chain.size());
        auth.authenticate(proposal("p-2"), chain, RevocationSnapshot.NONE, T0.plusSeconds(2)).toCompletableFuture().join();
        assertThat(checks).hasValue(1);
    }

    @Test
    void theCacheIsBoundedAndAFailedCheckIsNeverKept() throws Exception {
        AgentAuthentication auth = authentication(1);
        SigningKey other = SigningKey.generate();
        List<byte[]> otherChain = ca.presentedChain(ca.issueAgent(AgentCsr.verify(AgentCsr.create(other, AGENT, MODEL)),
                T0, Duration.ofHours(1)));
        authenticate(auth, signed("p-1"), RevocationSnapshot.NONE, T0.plusSeconds(1));
        authenticate(auth, ProposalSigning.sign(proposal("p-2"), other, otherChain), RevocationSnapshot.NONE,
                T0.plusSeconds(2));
        authenticate(auth, signed("p-3"), RevocationSnapshot.NONE, T0.plusSeconds(3));
        assertThat(checks).as("one place: the second chain pushed the first out").hasValue(3);

        assertRefused(auth, signed("p-4"), RevocationSnapshot.NONE, T0.minusSeconds(3600), RefusalCode.CERT_NOT_YET_VALID);
        assertRefused(auth, signed("p-5"), RevocationSnapshot.NONE, T0.minusSeconds(3600), RefusalCode.CERT_NOT_YET_VALID);
        assertThat(checks).as("before the instant it was verified the kept chain is not used; failures not kept")
                .hasValue(5);
    }

    @Test
    void aPepChainIsCheckedOnceButEveryRequestsSignatureAndKeyRevocationAreChecked() throws Exception {
        SigningKey pepKey = SigningKey.generate();
        PepId pepId = new PepId("acme", "payments");
        List<byte[]> pepChain = ca.presentedChain(ca.issuePep(pepId, pepKey.verifyingKey(), T0, Duration.ofHours(1)));
        VerifiedChains.ChainCheck<VerifiedPep> real = VerifiedChains.pepsOf(verifier);
        PepAuthentication peps = new PepAuthentication(identity(16), Optional.of(new VerifiedChains<>((c, now) -> {
            checks.incrementAndGet();
            return real.verify(c, now);
        }, 16)));
        RedemptionRequest first = PepSigning.sign(redemption("jti-1", pepId), pepKey, pepChain);
        peps.authenticate(first, pepId.uri(), List.of(), RevocationSnapshot.NONE, T0.plusSeconds(1), "jti-1");
        peps.authenticate(PepSigning.sign(redemption("jti-2", pepId), pepKey, pepChain), pepId.uri(), List.of(),
                RevocationSnapshot.NONE, T0.plusSeconds(2), "jti-2");
        assertThat(checks).as("the chain was checked once").hasValue(1);

        RedemptionRequest altered = first.toBuilder().setWrit("jti-3").build();
        assertThatThrownBy(() -> peps.authenticate(altered, pepId.uri(), List.of(), RevocationSnapshot.NONE,
                T0.plusSeconds(3), "jti-3"))
                .isInstanceOfSatisfying(Refusal.class, r -> assertThat(r.code()).isEqualTo(RefusalCode.CERT_KEY_MISMATCH));
        RevocationSnapshot keyRevoked = new RevocationSnapshot(1, Set.of(), Set.of(),
                Set.of(pepKey.verifyingKey().id().toString()), Set.of(), 0);
        assertThatThrownBy(() -> peps.authenticate(PepSigning.sign(redemption("jti-4", pepId), pepKey, pepChain),
                pepId.uri(), List.of(), keyRevoked, T0.plusSeconds(4), "jti-4"))
                .isInstanceOfSatisfying(Refusal.class, r -> assertThat(r.code()).isEqualTo(RefusalCode.CERT_REVOKED));
        assertThatThrownBy(() -> peps.authenticate(PepSigning.sign(redemption("jti-5", pepId), pepKey, pepChain),
                pepId.uri(), List.of(), RevocationSnapshot.NONE, T0.plus(Duration.ofMinutes(61)), "jti-5"))
                .isInstanceOfSatisfying(Refusal.class, r -> assertThat(r.code()).isEqualTo(RefusalCode.CERT_EXPIRED));
        assertThat(checks).as("a new epoch and a time past the chain's expiry check it again").hasValue(3);
    }

    private RedemptionRequest redemption(String jti, PepId pep) {
        return RedemptionRequest.newBuilder().setWrit(jti).setPepId(pep.uri()).build();
    }

    private NodeIdentity identity(int capacity) {
        NodeSettings.Identity settings = new NodeSettings.Identity(NodeSettings.AgentCertificates.REQUIRED, null,
                Duration.ofHours(24), 3, 4096, null, NodeSettings.OperatorCredentials.OPTIONAL, List.of(),
                Duration.ofSeconds(30), 1024, 16, capacity, NodeSettings.PepCredentials.REQUIRED);
        return new NodeIdentity(settings, Optional.of(ca), Optional.of(verifier), Optional.empty(), Optional.empty());
    }

    private AgentAuthentication authentication(int capacity) {
        VerifiedChains.ChainCheck<VerifiedAgent> real = VerifiedChains.agentsOf(verifier);
        VerifiedChains<VerifiedAgent> chains = new VerifiedChains<>((c, now) -> {
            checks.incrementAndGet();
            return real.verify(c, now);
        }, capacity);
        return new AgentAuthentication(identity(capacity), Optional.of(chains));
    }

    private ActionProposal proposal(String id) {
        return ActionProposal.newBuilder().setProposalId(id).setAgentId(AGENT.uri())
                .setContext(ActionContext.newBuilder().setModelHash(ByteString.copyFrom(MODEL))).build();
    }

    private ActionProposal signed(String id) {
        return ProposalSigning.sign(proposal(id), key, chain);
    }

    private static ActionProposal authenticate(AgentAuthentication auth, ActionProposal proposal,
                                               RevocationSnapshot revocations, Instant now) {
        return auth.authenticate(proposal, List.of(), revocations, now).toCompletableFuture().join();
    }

    private static void assertRefused(AgentAuthentication auth, ActionProposal proposal, RevocationSnapshot revocations,
                                      Instant now, RefusalCode code) {
        assertThatThrownBy(() -> authenticate(auth, proposal, revocations, now))
                .isInstanceOf(CompletionException.class)
                .cause().isInstanceOfSatisfying(Refusal.class, r -> assertThat(r.code()).isEqualTo(code));
    }
}

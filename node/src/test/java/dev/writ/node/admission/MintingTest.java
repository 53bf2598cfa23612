package dev.writ.node.admission;

import com.google.protobuf.ByteString;
import dev.writ.protocol.crypto.Hashes;
import dev.writ.protocol.crypto.KeyRing;
import dev.writ.protocol.crypto.SigningKey;
import dev.writ.protocol.wire.ActionProposal;
import dev.writ.protocol.wire.DriftPredicate;
import dev.writ.protocol.wire.ExecutionContract;
import dev.writ.protocol.wire.ParameterConstraint;
import dev.writ.protocol.wire.PolicyEpoch;
import dev.writ.protocol.wire.WritIssuance;
import dev.writ.protocol.writ.Writ;
import dev.writ.protocol.writ.WritIssuer;
import dev.writ.protocol.writ.WritVerifier;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class MintingTest {
    private static final Instant NOW = Instant.parse("2025-03-01T10:15:30.789Z");
    private static final Duration WINDOW = Duration.ofSeconds(90);
    private static final byte[] PROPOSAL_HASH = filled(1);
    private static final byte[] DECISION_HASH = filled(2);
    private static final PolicyEpoch EPOCH = PolicyEpoch.newBuilder()
            .setContractAddress("0x00000000000000000000000000000000000000aa").setVersion(7).setBlockNumber(1234)
            .setRulesHash(ByteString.copyFrom(filled(3))).build();
    private static final List<DriftPredicate> DRIFT = List.of(DriftPredicate.newBuilder()
            .setObservable("account.balance").setOp(DriftPredicate.Op.AT_LEAST).setValue("250").build());

    private static SigningKey key;
    private static Minting.Minted minted;
    private static ExecutionContract contract;
    private static ActionProposal proposal;

    private static byte[] filled(int b) {
        byte[] out = new byte[32];
        java.util.Arrays.fill(out, (byte) b);
        return out;
    }

    private static String b64url(byte[] bytes) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    @BeforeAll
    static void mint() throws Exception {
        key = SigningKey.generate();
        proposal = ProposalValidationTest.wellFormed();
        minted = Minting.mint(new WritIssuer(key), "acme", "acme", "jti-42", proposal, PROPOSAL_HASH, DECISION_HASH, EPOCH, WINDOW,
                DRIFT, 5, NOW);
        contract = ExecutionContract.parseFrom(minted.contract());
    }

    @Test
    void theWritVerifiesUnderTheDomainsKey() throws Exception {
        WritVerifier verifier = new WritVerifier(KeyRing.of("acme", key.verifyingKey()), Duration.ZERO);
        Writ verified = verifier.verify(minted.writ().compact(), NOW.plusSeconds(1));
        assertThat(verified.claims()).isEqualTo(minted.writ().claims());
        assertThat(verified.keyId()).isEqualTo(key.id());
    }

    @Test
    void theWritsCntIsTheBase64UrlSha256OfTheContractBytes() {
        assertThat(minted.writ().claims().contractHash()).isEqualTo(b64url(Hashes.sha256(minted.contract())));
    }

    @Test
    void everyProposalParameterBecomesAnExactConstraintInNameOrder() {
        assertThat(contract.getConstraintsList()).containsExactly(
                ParameterConstraint.newBuilder().setName("amount").setKind(ParameterConstraint.Kind.EXACT).addValues("250").build(),
                ParameterConstraint.newBuilder().setName("to").setKind(ParameterConstraint.Kind.EXACT).addValues("acct-9").build());
        assertThat(minted.writ().claims().action().parameters()).isEqualTo(proposal.getAction().getParametersMap());
    }

    @Test
    void theWindowStartsAtTheWholeSecondAndLastsExactlyTheGrantedWindow() {
        var claims = minted.writ().claims();
        assertThat(claims.notBefore()).isEqualTo(Instant.parse("2025-03-01T10:15:30Z"));
        assertThat(claims.issuedAt()).isEqualTo(claims.notBefore());
        assertThat(Duration.between(claims.notBefore(), claims.expiresAt())).isEqualTo(WINDOW);
        assertThat(contract.getNotBeforeMillis()).isEqualTo(claims.notBefore().toEpochMilli());
        assertThat(contract.getExpiresAtMillis()).isEqualTo(claims.expiresAt().toEpochMilli());
        assertThat(contract.getNotBeforeMillis() % 1000).isZero();
        assertThat(contract.getExpiresAtMillis() - contract.getNotBeforeMillis()).isEqualTo(WINDOW.toMillis());
    }

    @Test
    void theContractIsBoundToTheProposalDecisionAndPolicy() {
        assertThat(contract.getContractId()).isEqualTo(proposal.getProposalId());
        assertThat(contract.getDomain()).isEqualTo("acme");
        assertThat(contract.getAgentId()).isEqualTo(proposal.getAgentId());
        assertThat(contract.getTarget()).isEqualTo("payments-api");
        assertThat(contract.getOperation()).isEqualTo("transfer");
        assertThat(contract.getUses()).isEqualTo(1);
        assertThat(contract.getDriftPredicatesList()).isEqualTo(DRIFT);
        assertThat(contract.getEvidenceObligationsList()).containsExactly("OUTCOME");
        assertThat(contract.getPolicyEpoch()).isEqualTo(EPOCH);
        assertThat(contract.getProposalHash().toByteArray()).isEqualTo(PROPOSAL_HASH);
        assertThat(contract.getDecisionHash().toByteArray()).isEqualTo(DECISION_HASH);
    }

    @Test
    void thePolicyEpochIsCarriedIntoPol() {
        var pol = minted.writ().claims().policy();
        assertThat(pol.contractAddress()).isEqualTo(EPOCH.getContractAddress());
        assertThat(pol.version()).isEqualTo(7);
        assertThat(pol.blockNumber()).isEqualTo(1234);
        assertThat(pol.rulesHash()).isEqualTo(b64url(filled(3)));
    }

    @Test
    void theClaimsNameTheAgentActionContextDomainAndRevocationEpoch() {
        var claims = minted.writ().claims();
        assertThat(claims.jti()).isEqualTo("jti-42");
        assertThat(claims.issuer()).isEqualTo("spiffe://acme/agent/billing-bot");
        assertThat(claims.subject()).isEqualTo("payments-api");
        assertThat(claims.action().operation()).isEqualTo("transfer");
        assertThat(claims.action().target()).isEqualTo("payments-api");
        assertThat(claims.action().classification()).isEqualTo("internal");
        assertThat(claims.domain()).isEqualTo("acme");
        assertThat(claims.revocationEpoch()).isEqualTo(5);
        assertThat(claims.modelHash()).isEqualTo(b64url(new byte[32]));
        assertThat(claims.context()).isEqualTo(new dev.writ.protocol.writ.WritClaims.Context("s-1", "plan-1",
                b64url(new byte[32]), 40, ""));
    }

    @Test
    void theIssuanceCarriesTheSameContractBytesAndCompactWrit() throws Exception {
        WritIssuance issuance = WritIssuance.parseFrom(minted.issuance());
        assertThat(issuance.getContract().toByteArray()).isEqualTo(minted.contract());
        assertThat(issuance.getWrit()).isEqualTo(minted.writ().compact());
    }

    @Test
    void mintingIsDeterministicApartFromTheSignature() {
        var again = Minting.mint(new WritIssuer(key), "acme", "acme", "jti-42", proposal, PROPOSAL_HASH, DECISION_HASH, EPOCH, WINDOW,
                DRIFT, 5, NOW.plusMillis(100));
        assertThat(again.contract()).isEqualTo(minted.contract());
        assertThat(again.writ().claims()).isEqualTo(minted.writ().claims());
    }

    @Test
    void aProposalWithoutParametersGetsAContractWithoutConstraints() throws Exception {
        ActionProposal bare = proposal.toBuilder().setAction(proposal.getAction().toBuilder().clearParameters()).build();
        var m = Minting.mint(new WritIssuer(key), "acme", "acme", "jti-43", bare, PROPOSAL_HASH, DECISION_HASH, EPOCH, WINDOW,
                List.of(), 0, NOW);
        assertThat(ExecutionContract.parseFrom(m.contract()).getConstraintsList()).isEmpty();
        assertThat(m.writ().claims().action().parameters()).isEmpty();
    }
}

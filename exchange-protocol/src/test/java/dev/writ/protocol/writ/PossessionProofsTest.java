package dev.writ.protocol.writ;

import static dev.writ.protocol.FaultAssert.assertFault;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import com.google.protobuf.ByteString;
import dev.writ.protocol.Fault;
import dev.writ.protocol.crypto.SigningKey;
import dev.writ.protocol.wire.Action;
import dev.writ.protocol.wire.PossessionProof;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The pure check both the PEP and the node run on a sender-constrained writ's presenter (D61). */
class PossessionProofsTest {
    private static final Instant T0 = Instant.parse("2026-11-22T10:00:00Z");
    private static final Duration MAX_AGE = Duration.ofSeconds(60);
    private static final Duration SKEW = Duration.ofSeconds(2);
    private static final String PEP = "spiffe://acme/pep/till-1";
    private static final Action MUTATION = Action.newBuilder().setTarget("erp-api").setOperation("create_po")
            .putParameters("amount", "5000").putParameters("vendor", "vendor-y").setClassification("internal").build();

    private final SigningKey agent = SigningKey.generate();
    private final WritClaims bound = WritVerifierTest.withConfirmationKey(WritFixtures.claims("jti-1", T0),
            agent.id().toString());

    private PossessionProof proofAt(Instant at) {
        return PossessionProofs.prove(agent, bound.jti(), Base64.getUrlDecoder().decode(bound.contractHash()), MUTATION,
                PEP, at);
    }

    private void require(Optional<PossessionProof> proof, Instant now) throws Exception {
        PossessionProofs.require(bound, proof, MUTATION, PEP, now, MAX_AGE, SKEW);
    }

    @Test
    void theAgentsProofForThisWritMutationAndPepHolds() {
        assertThatCode(() -> require(Optional.of(proofAt(T0)), T0.plusSeconds(5))).doesNotThrowAnyException();
    }

    @Test
    void anAgentThatKeptOnlyTheCompactWritProvesTheSame() throws Exception {
        String compact = new WritIssuer(SigningKey.generate()).issue(bound).compact();
        PossessionProof fromWrit = PossessionProofs.prove(agent, compact, MUTATION, PEP, T0);
        assertThat(fromWrit).isEqualTo(proofAt(T0));
        assertFault(() -> PossessionProofs.prove(agent, "a.b.c", MUTATION, PEP, T0), Fault.MALFORMED);
    }

    @Test
    void aWritNamingAKeyNeedsAProof() {
        assertFault(() -> require(Optional.empty(), T0), Fault.POP_REQUIRED);
    }

    @Test
    void aBearerWritNeedsNoProofAndIgnoresOne() {
        WritClaims bearer = WritFixtures.claims("jti-2", T0);
        assertThat(bearer.senderConstrained()).isFalse();
        assertThatCode(() -> PossessionProofs.require(bearer, Optional.empty(), MUTATION, PEP, T0, MAX_AGE, SKEW))
                .doesNotThrowAnyException();
    }

    @Test
    void aProofByAnotherKeyOrForAnotherWritMutationOrPepIsInvalid() {
        PossessionProof good = proofAt(T0);
        PossessionProof otherKey = PossessionProofs.prove(SigningKey.generate(), bound.jti(),
                Base64.getUrlDecoder().decode(bound.contractHash()), MUTATION, PEP, T0);
        assertFault(() -> require(Optional.of(otherKey), T0), Fault.POP_INVALID);
        Action other = MUTATION.toBuilder().putParameters("amount", "9000").build();
        assertFault(() -> PossessionProofs.require(bound, Optional.of(good), other, PEP, T0, MAX_AGE, SKEW),
                Fault.POP_INVALID);
        assertFault(() -> PossessionProofs.require(bound, Optional.of(good), MUTATION, "spiffe://acme/pep/till-2", T0,
                MAX_AGE, SKEW), Fault.POP_INVALID);
        assertFault(() -> require(Optional.of(good.toBuilder().setJti("jti-other").build()), T0), Fault.POP_INVALID);
        assertFault(() -> require(Optional.of(good.toBuilder().setContractHash(ByteString.copyFrom(new byte[32])).build()),
                T0), Fault.POP_INVALID);
        assertFault(() -> require(Optional.of(good.toBuilder().setProvedAtMillis(T0.toEpochMilli() + 1).build()), T0),
                Fault.POP_INVALID);
        assertFault(() -> require(Optional.of(good.toBuilder().setAgentKey(ByteString.copyFrom(new byte[7])).build()), T0),
                Fault.POP_INVALID);
        assertFault(() -> require(Optional.of(good.toBuilder().clearSignature().build()), T0), Fault.POP_INVALID);
    }

    @Test
    void aProofOlderThanTheMaximumAgeOrAheadBeyondTheSkewIsStale() {
        PossessionProof proof = proofAt(T0);
        assertThatCode(() -> require(Optional.of(proof), T0.plus(MAX_AGE))).doesNotThrowAnyException();
        assertFault(() -> require(Optional.of(proof), T0.plus(MAX_AGE).plusMillis(1)), Fault.POP_STALE);
        assertThatCode(() -> require(Optional.of(proof), T0.minus(SKEW))).doesNotThrowAnyException();
        assertFault(() -> require(Optional.of(proof), T0.minus(SKEW).minusMillis(1)), Fault.POP_STALE);
    }

    @Test
    void anOversizedProofIsRefusedBeforeItsKeyIsRead() {
        PossessionProof padded = proofAt(T0).toBuilder().setPepId("x".repeat(PossessionProofs.MAX_BYTES)).build();
        assertFault(() -> require(Optional.of(padded), T0), Fault.POP_INVALID);
        assertFault(() -> PossessionProofs.parse(padded.toByteArray()), Fault.POP_INVALID);
        assertFault(() -> PossessionProofs.parse(new byte[] {(byte) 0xff, 0x01}), Fault.POP_INVALID);
    }
}

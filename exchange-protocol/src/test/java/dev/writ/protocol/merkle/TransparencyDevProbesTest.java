package dev.writ.protocol.merkle;

import static dev.writ.protocol.FaultAssert.assertFault;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import dev.writ.protocol.Fault;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The verifier against transparency-dev/merkle's golden probes (happy paths and their mutations:
 * changed bits, inserted and removed hashes, wrong sizes, indices, leaves and roots). A probe the
 * reference accepts must verify; one it rejects must be refused with the proof fault, or with
 * MALFORMED when it cannot be a proof at all (see {@link Probe#wellFormed}).
 */
class TransparencyDevProbesTest {

    static List<Probe> inclusionProbes() {
        return InclusionProbes.all();
    }

    static List<Probe> consistencyProbes() {
        return ConsistencyProbes.all();
    }

    @Test
    void everyPublishedProbeWasLoaded() {
        assertThat(inclusionProbes()).hasSize(98).anyMatch(Probe::accept).anyMatch(p -> !p.accept());
        assertThat(consistencyProbes()).hasSize(98).anyMatch(Probe::accept).anyMatch(p -> !p.accept());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("inclusionProbes")
    void inclusionProbeIsJudgedAsTheReferenceJudgesIt(Probe probe) {
        InclusionProof proof = new InclusionProof(probe.first(), probe.second(), probe.proof());
        if (!probe.wellFormed()) {
            assertFault(() -> MerkleVerifier.verifyInclusion(probe.firstHash(), proof, probe.secondHash()),
                    Fault.MALFORMED);
        } else if (probe.accept()) {
            assertThatCode(() -> MerkleVerifier.verifyInclusion(probe.firstHash(), proof, probe.secondHash()))
                    .doesNotThrowAnyException();
        } else {
            assertFault(() -> MerkleVerifier.verifyInclusion(probe.firstHash(), proof, probe.secondHash()),
                    Fault.INCLUSION_PROOF_INVALID);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("consistencyProbes")
    void consistencyProbeIsJudgedAsTheReferenceJudgesIt(Probe probe) {
        ConsistencyProof proof = new ConsistencyProof(probe.first(), probe.second(), probe.proof());
        if (!probe.wellFormed()) {
            assertFault(() -> MerkleVerifier.verifyConsistency(proof, probe.firstHash(), probe.secondHash()),
                    Fault.MALFORMED);
        } else if (probe.accept()) {
            assertThatCode(() -> MerkleVerifier.verifyConsistency(proof, probe.firstHash(), probe.secondHash()))
                    .doesNotThrowAnyException();
        } else {
            assertFault(() -> MerkleVerifier.verifyConsistency(proof, probe.firstHash(), probe.secondHash()),
                    Fault.CONSISTENCY_PROOF_INVALID);
        }
    }
}

package dev.writ.protocol.merkle;

import static dev.writ.protocol.FaultAssert.assertFault;
import static dev.writ.protocol.merkle.Rfc6962Vectors.hex;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import dev.writ.protocol.Fault;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Refusals of the verifier, on the RFC 6962 reference tree of eight leaves. */
class MerkleVerifierTest {
    private final MerkleTree tree = Rfc6962Vectors.tree();
    private final byte[] root8 = tree.rootAt(8);
    private final byte[] root6 = tree.rootAt(6);
    private final byte[] leaf5 = tree.leafHashAt(5);
    private final InclusionProof proof5of8 = tree.inclusionProof(5, 8);
    private final ConsistencyProof proof6to8 = tree.consistencyProof(6, 8);

    private static byte[] flipped(byte[] hash, int bit) {
        byte[] copy = hash.clone();
        copy[bit / 8] ^= (byte) (1 << (bit % 8));
        return copy;
    }

    private static List<byte[]> withElement(List<byte[]> path, int index, byte[] replacement) {
        List<byte[]> copy = new ArrayList<>(path);
        copy.set(index, replacement);
        return copy;
    }

    // ---- inclusion -------------------------------------------------------------------------

    @Test
    void anHonestInclusionProofVerifies() {
        assertThatCode(() -> MerkleVerifier.verifyInclusion(leaf5, proof5of8, root8)).doesNotThrowAnyException();
    }

    @Test
    void inclusionProofWithFlippedSiblingIsRefused() {
        for (int i = 0; i < proof5of8.path().size(); i++) {
            InclusionProof tampered = new InclusionProof(5, 8,
                    withElement(proof5of8.path(), i, flipped(proof5of8.path().get(i), 7)));
            assertFault(() -> MerkleVerifier.verifyInclusion(leaf5, tampered, root8), Fault.INCLUSION_PROOF_INVALID);
        }
    }

    @Test
    void inclusionProofWithSwappedSiblingsIsRefused() {
        List<byte[]> swapped = new ArrayList<>(proof5of8.path());
        Collections.swap(swapped, 0, 1);
        assertFault(() -> MerkleVerifier.verifyInclusion(leaf5, new InclusionProof(5, 8, swapped), root8),
                Fault.INCLUSION_PROOF_INVALID);
    }

    @Test
    void inclusionProofOfAnotherLeafIsRefused() {
        assertFault(() -> MerkleVerifier.verifyInclusion(tree.leafHashAt(4), proof5of8, root8),
                Fault.INCLUSION_PROOF_INVALID);
    }

    @Test
    void inclusionProofClaimingAnotherIndexIsRefused() {
        for (int index : new int[] {0, 4, 6, 7}) {
            InclusionProof moved = new InclusionProof(index, 8, proof5of8.path());
            assertFault(() -> MerkleVerifier.verifyInclusion(leaf5, moved, root8), Fault.INCLUSION_PROOF_INVALID);
        }
    }

    @Test
    void inclusionProofAgainstAnotherRootIsRefused() {
        assertFault(() -> MerkleVerifier.verifyInclusion(leaf5, proof5of8, tree.rootAt(7)),
                Fault.INCLUSION_PROOF_INVALID);
        assertFault(() -> MerkleVerifier.verifyInclusion(leaf5, proof5of8, flipped(root8, 0)),
                Fault.INCLUSION_PROOF_INVALID);
    }

    @Test
    void inclusionProofClaimingAnotherTreeSizeIsRefused() {
        // Not 7: leaf 5's path has the same shape in trees of 7 and 8 leaves, so the proof alone
        // cannot tell them apart; the size is bound to the root by whoever signed the root.
        for (int size : new int[] {1, 4, 5, 6, 9, 16}) {
            InclusionProof resized = new InclusionProof(5, size, proof5of8.path());
            assertFault(() -> MerkleVerifier.verifyInclusion(leaf5, resized, root8), Fault.INCLUSION_PROOF_INVALID);
        }
    }

    @Test
    void truncatedInclusionProofIsRefused() {
        InclusionProof truncated = new InclusionProof(5, 8, proof5of8.path().subList(0, 2));
        assertFault(() -> MerkleVerifier.verifyInclusion(leaf5, truncated, root8), Fault.INCLUSION_PROOF_INVALID);
    }

    @Test
    void extendedInclusionProofIsRefused() {
        List<byte[]> longer = new ArrayList<>(proof5of8.path());
        longer.add(root8);
        assertFault(() -> MerkleVerifier.verifyInclusion(leaf5, new InclusionProof(5, 8, longer), root8),
                Fault.INCLUSION_PROOF_INVALID);
        List<byte[]> prefixed = new ArrayList<>(proof5of8.path());
        prefixed.add(0, leaf5);
        assertFault(() -> MerkleVerifier.verifyInclusion(leaf5, new InclusionProof(5, 8, prefixed), root8),
                Fault.INCLUSION_PROOF_INVALID);
    }

    @Test
    void aVeryLongInclusionPathIsRefusedWithoutHashingItAll() {
        List<byte[]> huge = Collections.nCopies(100_000, root8);
        assertFault(() -> MerkleVerifier.verifyInclusion(leaf5, new InclusionProof(5, 8, huge), root8),
                Fault.INCLUSION_PROOF_INVALID);
    }

    @Test
    void leafIndexAtOrBeyondTheTreeSizeIsRefused() {
        assertFault(() -> MerkleVerifier.verifyInclusion(leaf5, new InclusionProof(8, 8, proof5of8.path()), root8),
                Fault.INCLUSION_PROOF_INVALID);
        assertFault(() -> MerkleVerifier.verifyInclusion(leaf5, new InclusionProof(Long.MAX_VALUE, 8, List.of()), root8),
                Fault.INCLUSION_PROOF_INVALID);
    }

    @Test
    void nothingIsIncludedInTheEmptyTree() {
        byte[] emptyRoot = MerkleHash.emptyRoot();
        assertFault(() -> MerkleVerifier.verifyInclusion(emptyRoot, new InclusionProof(0, 0, List.of()), emptyRoot),
                Fault.INCLUSION_PROOF_INVALID);
    }

    @Test
    void aLeafOfASingleLeafTreeIsItsRootWithAnEmptyPath() throws Exception {
        byte[] leaf = tree.leafHashAt(0);
        MerkleVerifier.verifyInclusion(leaf, new InclusionProof(0, 1, List.of()), leaf);
        assertFault(() -> MerkleVerifier.verifyInclusion(leaf, new InclusionProof(0, 1, List.of(leaf)), leaf),
                Fault.INCLUSION_PROOF_INVALID);
    }

    @Test
    void inclusionInputsThatAreNotHashesAreMalformed() {
        assertFault(() -> MerkleVerifier.verifyInclusion(new byte[31], proof5of8, root8), Fault.MALFORMED);
        assertFault(() -> MerkleVerifier.verifyInclusion(leaf5, proof5of8, new byte[33]), Fault.MALFORMED);
        assertFault(() -> MerkleVerifier.verifyInclusion(leaf5,
                new InclusionProof(5, 8, withElement(proof5of8.path(), 1, new byte[31])), root8), Fault.MALFORMED);
        assertFault(() -> MerkleVerifier.verifyInclusion(leaf5,
                new InclusionProof(5, 8, withElement(proof5of8.path(), 2, new byte[0])), root8), Fault.MALFORMED);
    }

    @Test
    void missingInclusionInputsAreMalformed() {
        assertFault(() -> MerkleVerifier.verifyInclusion(null, proof5of8, root8), Fault.MALFORMED);
        assertFault(() -> MerkleVerifier.verifyInclusion(leaf5, null, root8), Fault.MALFORMED);
        assertFault(() -> MerkleVerifier.verifyInclusion(leaf5, proof5of8, null), Fault.MALFORMED);
    }

    @Test
    void negativeIndexOrSizeIsMalformed() {
        assertFault(() -> MerkleVerifier.verifyInclusion(leaf5, new InclusionProof(-1, 8, proof5of8.path()), root8),
                Fault.MALFORMED);
        assertFault(() -> MerkleVerifier.verifyInclusion(leaf5, new InclusionProof(5, -8, proof5of8.path()), root8),
                Fault.MALFORMED);
    }

    // ---- consistency -----------------------------------------------------------------------

    @Test
    void anHonestConsistencyProofVerifies() {
        assertThatCode(() -> MerkleVerifier.verifyConsistency(proof6to8, root6, root8)).doesNotThrowAnyException();
    }

    @Test
    void consistencyProofWithFlippedHashIsRefused() {
        for (int i = 0; i < proof6to8.path().size(); i++) {
            ConsistencyProof tampered = new ConsistencyProof(6, 8,
                    withElement(proof6to8.path(), i, flipped(proof6to8.path().get(i), 255)));
            assertFault(() -> MerkleVerifier.verifyConsistency(tampered, root6, root8),
                    Fault.CONSISTENCY_PROOF_INVALID);
        }
    }

    @Test
    void consistencyProofWithAWrongOldOrNewRootIsRefused() {
        assertFault(() -> MerkleVerifier.verifyConsistency(proof6to8, tree.rootAt(5), root8),
                Fault.CONSISTENCY_PROOF_INVALID);
        assertFault(() -> MerkleVerifier.verifyConsistency(proof6to8, root6, tree.rootAt(7)),
                Fault.CONSISTENCY_PROOF_INVALID);
        assertFault(() -> MerkleVerifier.verifyConsistency(proof6to8, root8, root6),
                Fault.CONSISTENCY_PROOF_INVALID);
    }

    @Test
    void consistencyProofClaimingOtherSizesIsRefused() {
        // Not 6 -> 7: the same shape as 6 -> 8 (see inclusionProofClaimingAnotherTreeSizeIsRefused).
        for (long[] sizes : new long[][] {{5, 8}, {7, 8}, {6, 9}, {3, 8}, {4, 8}, {2, 8}, {1, 8}}) {
            ConsistencyProof resized = new ConsistencyProof(sizes[0], sizes[1], proof6to8.path());
            assertFault(() -> MerkleVerifier.verifyConsistency(resized, root6, root8),
                    Fault.CONSISTENCY_PROOF_INVALID);
        }
    }

    @Test
    void truncatedOrExtendedConsistencyProofIsRefused() {
        ConsistencyProof truncated = new ConsistencyProof(6, 8, proof6to8.path().subList(0, 2));
        assertFault(() -> MerkleVerifier.verifyConsistency(truncated, root6, root8), Fault.CONSISTENCY_PROOF_INVALID);
        List<byte[]> longer = new ArrayList<>(proof6to8.path());
        longer.add(root8);
        assertFault(() -> MerkleVerifier.verifyConsistency(new ConsistencyProof(6, 8, longer), root6, root8),
                Fault.CONSISTENCY_PROOF_INVALID);
        List<byte[]> prefixed = new ArrayList<>(proof6to8.path());
        prefixed.add(0, root6);
        assertFault(() -> MerkleVerifier.verifyConsistency(new ConsistencyProof(6, 8, prefixed), root6, root8),
                Fault.CONSISTENCY_PROOF_INVALID);
    }

    @Test
    void anEmptyProofBetweenDifferentSizesIsRefused() {
        assertFault(() -> MerkleVerifier.verifyConsistency(new ConsistencyProof(6, 8, List.of()), root6, root8),
                Fault.CONSISTENCY_PROOF_INVALID);
        // Even where the old tree is a power of two and its root would seed the proof.
        assertFault(() -> MerkleVerifier.verifyConsistency(new ConsistencyProof(4, 8, List.of()),
                tree.rootAt(4), root8), Fault.CONSISTENCY_PROOF_INVALID);
    }

    @Test
    void oldSizeLargerThanNewSizeIsRefused() {
        assertFault(() -> MerkleVerifier.verifyConsistency(new ConsistencyProof(8, 6, proof6to8.path()), root8, root6),
                Fault.CONSISTENCY_PROOF_INVALID);
    }

    @Test
    void consistencyFromTheEmptyTreeIsRefusedBecauseItProvesNothing() {
        byte[] emptyRoot = MerkleHash.emptyRoot();
        assertFault(() -> MerkleVerifier.verifyConsistency(new ConsistencyProof(0, 8, List.of()), emptyRoot, root8),
                Fault.CONSISTENCY_PROOF_INVALID);
        assertFault(() -> MerkleVerifier.verifyConsistency(new ConsistencyProof(0, 0, List.of()), emptyRoot, emptyRoot),
                Fault.CONSISTENCY_PROOF_INVALID);
    }

    @Test
    void equalSizesHoldOnlyWithAnEmptyProofAndEqualRoots() throws Exception {
        MerkleVerifier.verifyConsistency(new ConsistencyProof(8, 8, List.of()), root8, root8.clone());
        assertFault(() -> MerkleVerifier.verifyConsistency(new ConsistencyProof(8, 8, List.of()), root8, flipped(root8, 3)),
                Fault.CONSISTENCY_PROOF_INVALID);
        assertFault(() -> MerkleVerifier.verifyConsistency(new ConsistencyProof(8, 8, List.of(root8)), root8, root8),
                Fault.CONSISTENCY_PROOF_INVALID);
    }

    @Test
    void consistencyInputsThatAreNotHashesAreMalformed() {
        assertFault(() -> MerkleVerifier.verifyConsistency(proof6to8, new byte[31], root8), Fault.MALFORMED);
        assertFault(() -> MerkleVerifier.verifyConsistency(proof6to8, root6, new byte[64]), Fault.MALFORMED);
        assertFault(() -> MerkleVerifier.verifyConsistency(
                new ConsistencyProof(6, 8, withElement(proof6to8.path(), 0, new byte[31])), root6, root8),
                Fault.MALFORMED);
    }

    @Test
    void missingOrNegativeConsistencyInputsAreMalformed() {
        assertFault(() -> MerkleVerifier.verifyConsistency(null, root6, root8), Fault.MALFORMED);
        assertFault(() -> MerkleVerifier.verifyConsistency(proof6to8, null, root8), Fault.MALFORMED);
        assertFault(() -> MerkleVerifier.verifyConsistency(proof6to8, root6, null), Fault.MALFORMED);
        assertFault(() -> MerkleVerifier.verifyConsistency(new ConsistencyProof(-6, 8, proof6to8.path()), root6, root8),
                Fault.MALFORMED);
        assertFault(() -> MerkleVerifier.verifyConsistency(new ConsistencyProof(6, Long.MIN_VALUE, List.of()), root6, root8),
                Fault.MALFORMED);
    }

    // ---- the proof values ------------------------------------------------------------------

    @Test
    void aProofCannotBeChangedThroughTheListItWasBuiltFromOrGaveOut() throws Exception {
        List<byte[]> source = new ArrayList<>(proof5of8.path());
        InclusionProof proof = new InclusionProof(5, 8, source);
        source.get(0)[0] ^= 1;
        source.clear();
        proof.path().get(1)[0] ^= 1;
        MerkleVerifier.verifyInclusion(leaf5, proof, root8);
        assertThat(hex(proof.path().get(0))).isEqualTo(Rfc6962Vectors.LEAF_HASHES.get(4));
    }

    @Test
    void proofsWithTheSameContentAreEqual() {
        assertThat(tree.inclusionProof(5, 8)).isEqualTo(proof5of8).hasSameHashCodeAs(proof5of8);
        assertThat(tree.inclusionProof(5, 7)).isNotEqualTo(proof5of8);
        assertThat(tree.consistencyProof(6, 8)).isEqualTo(proof6to8).hasSameHashCodeAs(proof6to8);
        assertThat(tree.consistencyProof(6, 7)).isNotEqualTo(proof6to8);
        assertThat(proof5of8.toString()).contains("leafIndex=5", "treeSize=8", Rfc6962Vectors.LEAF_HASHES.get(4));
    }
}

package dev.writ.protocol.merkle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** The prover: roots and proofs of every prefix, its preconditions, and that it is a value. */
class MerkleTreeTest {

    private static List<byte[]> leafData(int count) {
        return IntStream.range(0, count).mapToObj(i -> ByteBuffer.allocate(4).putInt(i).array()).toList();
    }

    private static List<byte[]> leafHashes(List<byte[]> data) {
        return data.stream().map(MerkleHash::leafHash).toList();
    }

    @Test
    void rootOfEveryPrefixEqualsTheRfcDefinition() {
        List<byte[]> hashes = leafHashes(leafData(70));
        MerkleTree tree = MerkleTree.ofLeafHashes(hashes);
        for (int size = 0; size <= 70; size++) {
            assertThat(tree.rootAt(size)).as("size %d", size).isEqualTo(ReferenceMerkle.mth(hashes.subList(0, size)));
        }
        assertThat(tree.root()).isEqualTo(ReferenceMerkle.mth(hashes));
    }

    @Test
    void everyProofOfASmallTreeEqualsTheRfcDefinition() {
        List<byte[]> hashes = leafHashes(leafData(33));
        MerkleTree tree = MerkleTree.ofLeafHashes(hashes);
        for (int n = 1; n <= 33; n++) {
            List<byte[]> prefix = hashes.subList(0, n);
            for (int m = 0; m < n; m++) {
                assertThat(tree.inclusionProof(m, n).path()).as("PATH(%d, D[%d])", m, n)
                        .containsExactlyElementsOf(ReferenceMerkle.path(m, prefix));
            }
            for (int m = 1; m <= n; m++) {
                assertThat(tree.consistencyProof(m, n).path()).as("PROOF(%d, D[%d])", m, n)
                        .containsExactlyElementsOf(ReferenceMerkle.proof(m, prefix));
            }
        }
    }

    @Test
    void aTreeOfLeafDataEqualsATreeOfTheirLeafHashes() {
        List<byte[]> data = leafData(21);
        MerkleTree ofData = MerkleTree.ofLeafData(data);
        MerkleTree ofHashes = MerkleTree.ofLeafHashes(leafHashes(data));
        assertThat(ofData.root()).isEqualTo(ofHashes.root());
        assertThat(ofData.inclusionProof(13, 20)).isEqualTo(ofHashes.inclusionProof(13, 20));
        assertThat(MerkleTree.leafHash(data.get(3))).isEqualTo(ofData.leafHashAt(3));
    }

    @Test
    void theWholeTreeProofIsTheProofAtItsOwnSize() {
        MerkleTree tree = MerkleTree.ofLeafData(leafData(11));
        assertThat(tree.inclusionProof(7)).isEqualTo(tree.inclusionProof(7, 11));
    }

    @Test
    void consistencyBetweenEqualSizesIsTheEmptyProof() {
        MerkleTree tree = MerkleTree.ofLeafData(leafData(5));
        assertThat(tree.consistencyProof(5, 5).path()).isEmpty();
        assertThat(tree.consistencyProof(3, 3).path()).isEmpty();
    }

    @Test
    void aMillionLeafTreeProvesItsFirstMiddleAndLastLeaves() throws Exception {
        int size = 1_000_003;
        List<byte[]> data = leafData(size);
        List<byte[]> hashes = leafHashes(data);
        MerkleTree tree = MerkleTree.ofLeafData(data);
        assertThat(tree.size()).isEqualTo(size);
        assertThat(tree.root()).isEqualTo(ReferenceMerkle.mth(hashes));
        for (int index : new int[] {0, 524_287, 524_288, size - 2, size - 1}) {
            InclusionProof proof = tree.inclusionProof(index);
            assertThat(proof.path()).hasSizeLessThanOrEqualTo(20);
            MerkleVerifier.verifyInclusion(hashes.get(index), proof, tree.root());
        }
        assertThat(tree.inclusionProof(size - 1).path())
                .containsExactlyElementsOf(ReferenceMerkle.path(size - 1, hashes));
        MerkleVerifier.verifyConsistency(tree.consistencyProof(999_999, size), tree.rootAt(999_999), tree.root());
        MerkleVerifier.verifyConsistency(tree.consistencyProof(1 << 19, size), tree.rootAt(1 << 19), tree.root());
    }

    @Test
    void theEmptyTreeHasNoLeavesAndNoProofs() {
        MerkleTree empty = MerkleTree.ofLeafData(List.of());
        assertThat(empty.size()).isZero();
        assertThat(empty.root()).isEqualTo(MerkleHash.emptyRoot());
        assertThatThrownBy(() -> empty.inclusionProof(0, 0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> empty.leafHashAt(0)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void proofRequestsOutsideTheTreeAreRefused() {
        MerkleTree tree = MerkleTree.ofLeafData(leafData(8));
        assertThatThrownBy(() -> tree.inclusionProof(8, 8)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> tree.inclusionProof(-1, 8)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> tree.inclusionProof(0, 9)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> tree.consistencyProof(0, 8)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> tree.consistencyProof(6, 5)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> tree.consistencyProof(6, 9)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> tree.rootAt(-1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> tree.rootAt(9)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void leafHashesThatAreNotHashesAreRefused() {
        List<byte[]> hashes = new ArrayList<>(leafHashes(leafData(3)));
        hashes.set(1, new byte[31]);
        assertThatThrownBy(() -> MerkleTree.ofLeafHashes(hashes))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("leaf hash 1");
    }

    @Test
    void theTreeIsNotChangedThroughItsInputsOrOutputs() {
        List<byte[]> hashes = new ArrayList<>(leafHashes(leafData(6)));
        MerkleTree tree = MerkleTree.ofLeafHashes(hashes);
        byte[] root = tree.root();
        hashes.get(2)[0] ^= 1;
        tree.root()[0] ^= 1;
        tree.leafHashAt(2)[0] ^= 1;
        tree.rootAt(6)[0] ^= 1;
        assertThat(tree.root()).isEqualTo(root);
        assertThat(tree.rootAt(6)).isEqualTo(root);
        assertThat(tree.leafHashAt(2)).isNotEqualTo(hashes.get(2));
    }
}

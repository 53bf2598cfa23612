package dev.writ.protocol.merkle;

import static dev.writ.protocol.merkle.Rfc6962Vectors.hex;
import static dev.writ.protocol.merkle.Rfc6962Vectors.hexList;
import static dev.writ.protocol.merkle.Rfc6962Vectors.hexOf;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import dev.writ.protocol.merkle.Rfc6962Vectors.ConsistencyVector;
import dev.writ.protocol.merkle.Rfc6962Vectors.InclusionVector;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Our tree and verifier against the published RFC 6962 reference tree of {@link Rfc6962Vectors}. */
class Rfc6962VectorsTest {
    private final MerkleTree tree = Rfc6962Vectors.tree();

    static IntStream treeSizes() {
        return IntStream.rangeClosed(1, 8);
    }

    static List<InclusionVector> inclusionVectors() {
        return Rfc6962Vectors.INCLUSION_PROOFS;
    }

    static List<ConsistencyVector> consistencyVectors() {
        return Rfc6962Vectors.CONSISTENCY_PROOFS;
    }

    @Test
    void theEmptyTreeHasTheEmptyRoot() {
        MerkleTree empty = MerkleTree.ofLeafHashes(List.of());
        assertThat(empty.size()).isZero();
        assertThat(hex(empty.root())).isEqualTo(Rfc6962Vectors.EMPTY_ROOT);
        assertThat(hex(tree.rootAt(0))).isEqualTo(Rfc6962Vectors.EMPTY_ROOT);
    }

    @Test
    void leavesHashToThePublishedLeafHashes() {
        assertThat(IntStream.range(0, 8).mapToObj(i -> hex(tree.leafHashAt(i))).toList())
                .isEqualTo(Rfc6962Vectors.LEAF_HASHES);
    }

    @ParameterizedTest(name = "size {0}")
    @MethodSource("treeSizes")
    void everyPrefixHasThePublishedRoot(int size) {
        String expected = Rfc6962Vectors.ROOTS.get(size - 1);
        assertThat(hex(tree.rootAt(size))).isEqualTo(expected);
        MerkleTree own = MerkleTree.ofLeafData(hexList(Rfc6962Vectors.LEAVES.subList(0, size)));
        assertThat(hex(own.root())).isEqualTo(expected);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("inclusionVectors")
    void inclusionProofsAreThePublishedPaths(InclusionVector vector) {
        InclusionProof proof = tree.inclusionProof(vector.leafIndex(), vector.treeSize());
        assertThat(proof.leafIndex()).isEqualTo(vector.leafIndex());
        assertThat(proof.treeSize()).isEqualTo(vector.treeSize());
        assertThat(hexOf(proof.path())).isEqualTo(vector.path());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("inclusionVectors")
    void publishedInclusionProofsVerifyAgainstThePublishedRoots(InclusionVector vector) {
        InclusionProof proof = new InclusionProof(vector.leafIndex(), vector.treeSize(), hexList(vector.path()));
        byte[] leafHash = hex(Rfc6962Vectors.LEAF_HASHES.get(vector.leafIndex()));
        byte[] root = hex(Rfc6962Vectors.ROOTS.get(vector.treeSize() - 1));
        assertThatCode(() -> MerkleVerifier.verifyInclusion(leafHash, proof, root)).doesNotThrowAnyException();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("consistencyVectors")
    void consistencyProofsAreThePublishedProofs(ConsistencyVector vector) {
        ConsistencyProof proof = tree.consistencyProof(vector.oldSize(), vector.newSize());
        assertThat(proof.oldSize()).isEqualTo(vector.oldSize());
        assertThat(proof.newSize()).isEqualTo(vector.newSize());
        assertThat(hexOf(proof.path())).isEqualTo(vector.path());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("consistencyVectors")
    void publishedConsistencyProofsVerifyAgainstThePublishedRoots(ConsistencyVector vector) {
        ConsistencyProof proof = new ConsistencyProof(vector.oldSize(), vector.newSize(), hexList(vector.path()));
        byte[] oldRoot = hex(Rfc6962Vectors.ROOTS.get(vector.oldSize() - 1));
        byte[] newRoot = hex(Rfc6962Vectors.ROOTS.get(vector.newSize() - 1));
        assertThatCode(() -> MerkleVerifier.verifyConsistency(proof, oldRoot, newRoot)).doesNotThrowAnyException();
    }

    @Test
    void everyInclusionAndConsistencyProofOfTheReferenceTreeVerifies() throws Exception {
        for (int size = 1; size <= 8; size++) {
            byte[] root = hex(Rfc6962Vectors.ROOTS.get(size - 1));
            for (int index = 0; index < size; index++) {
                MerkleVerifier.verifyInclusion(hex(Rfc6962Vectors.LEAF_HASHES.get(index)),
                        tree.inclusionProof(index, size), root);
            }
            for (int old = 1; old <= size; old++) {
                MerkleVerifier.verifyConsistency(tree.consistencyProof(old, size),
                        hex(Rfc6962Vectors.ROOTS.get(old - 1)), root);
            }
        }
    }
}

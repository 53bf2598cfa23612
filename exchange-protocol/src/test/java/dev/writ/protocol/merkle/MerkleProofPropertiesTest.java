package dev.writ.protocol.merkle;

import static dev.writ.protocol.FaultAssert.assertFault;
import static org.assertj.core.api.Assertions.assertThat;

import dev.writ.protocol.Fault;
import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;

/**
 * Proofs over random trees of 1 to 300 leaves, at random prefix sizes: what the tree proves
 * verifies, equals the literal RFC definition, and breaks under any single flipped bit. Sizes and
 * positions come in as raw ints and are folded into range, so every try is usable.
 */
class MerkleProofPropertiesTest {
    private static final int TRIES = 200;

    @Provide
    Arbitrary<List<byte[]>> leaves() {
        return Arbitraries.bytes().array(byte[].class).ofMaxSize(40).list().ofMinSize(1).ofMaxSize(300);
    }

    @Provide
    Arbitrary<List<byte[]>> atLeastTwoLeaves() {
        return Arbitraries.bytes().array(byte[].class).ofMaxSize(40).list().ofMinSize(2).ofMaxSize(300);
    }

    @Property(tries = TRIES)
    void everyInclusionProofVerifiesAgainstTheRootOfItsTreeSize(
            @ForAll("leaves") List<byte[]> data,
            @ForAll @IntRange(min = 0, max = Integer.MAX_VALUE) int sizeSeed,
            @ForAll @IntRange(min = 0, max = Integer.MAX_VALUE) int indexSeed) throws Exception {
        MerkleTree tree = MerkleTree.ofLeafData(data);
        int treeSize = 1 + sizeSeed % data.size();
        byte[] root = tree.rootAt(treeSize);
        for (int index = 0; index < treeSize; index++) {
            MerkleVerifier.verifyInclusion(MerkleHash.leafHash(data.get(index)), tree.inclusionProof(index, treeSize), root);
        }
        List<byte[]> leafHashes = data.subList(0, treeSize).stream().map(MerkleHash::leafHash).toList();
        int index = indexSeed % treeSize;
        assertThat(root).isEqualTo(ReferenceMerkle.mth(leafHashes));
        assertThat(tree.inclusionProof(index, treeSize).path())
                .containsExactlyElementsOf(ReferenceMerkle.path(index, leafHashes));
    }

    @Property(tries = TRIES)
    void everyConsistencyProofVerifiesBetweenTheRootsOfItsSizes(
            @ForAll("leaves") List<byte[]> data,
            @ForAll @IntRange(min = 0, max = Integer.MAX_VALUE) int newSeed,
            @ForAll @IntRange(min = 0, max = Integer.MAX_VALUE) int oldSeed) throws Exception {
        MerkleTree tree = MerkleTree.ofLeafData(data);
        int newSize = 1 + newSeed % data.size();
        int oldSize = 1 + oldSeed % newSize;
        ConsistencyProof proof = tree.consistencyProof(oldSize, newSize);
        MerkleVerifier.verifyConsistency(proof, tree.rootAt(oldSize), tree.rootAt(newSize));
        List<byte[]> leafHashes = data.subList(0, newSize).stream().map(MerkleHash::leafHash).toList();
        assertThat(proof.path()).containsExactlyElementsOf(ReferenceMerkle.proof(oldSize, leafHashes));
    }

    @Property(tries = TRIES)
    void theRootOfAPrefixIsTheRootOfATreeBuiltFromThatPrefix(
            @ForAll("leaves") List<byte[]> data,
            @ForAll @IntRange(min = 0, max = Integer.MAX_VALUE) int sizeSeed) {
        int treeSize = sizeSeed % (data.size() + 1);
        assertThat(MerkleTree.ofLeafData(data).rootAt(treeSize))
                .isEqualTo(MerkleTree.ofLeafData(data.subList(0, treeSize)).root());
    }

    @Property(tries = TRIES)
    void aFlippedBitInAnyInclusionPathElementIsRefused(
            @ForAll("atLeastTwoLeaves") List<byte[]> data,
            @ForAll @IntRange(min = 0, max = Integer.MAX_VALUE) int sizeSeed,
            @ForAll @IntRange(min = 0, max = Integer.MAX_VALUE) int indexSeed,
            @ForAll @IntRange(min = 0, max = Integer.MAX_VALUE) int elementSeed,
            @ForAll @IntRange(min = 0, max = 255) int bit) {
        MerkleTree tree = MerkleTree.ofLeafData(data);
        int treeSize = 2 + sizeSeed % (data.size() - 1);
        int index = indexSeed % treeSize;
        InclusionProof honest = tree.inclusionProof(index, treeSize);
        InclusionProof tampered = new InclusionProof(index, treeSize,
                flipBit(honest.path(), elementSeed % honest.path().size(), bit));
        assertFault(() -> MerkleVerifier.verifyInclusion(tree.leafHashAt(index), tampered, tree.rootAt(treeSize)),
                Fault.INCLUSION_PROOF_INVALID);
    }

    @Property(tries = TRIES)
    void aFlippedBitInAnyConsistencyPathElementIsRefused(
            @ForAll("atLeastTwoLeaves") List<byte[]> data,
            @ForAll @IntRange(min = 0, max = Integer.MAX_VALUE) int newSeed,
            @ForAll @IntRange(min = 0, max = Integer.MAX_VALUE) int oldSeed,
            @ForAll @IntRange(min = 0, max = Integer.MAX_VALUE) int elementSeed,
            @ForAll @IntRange(min = 0, max = 255) int bit) {
        MerkleTree tree = MerkleTree.ofLeafData(data);
        int newSize = 2 + newSeed % (data.size() - 1);
        int oldSize = 1 + oldSeed % (newSize - 1);
        ConsistencyProof honest = tree.consistencyProof(oldSize, newSize);
        ConsistencyProof tampered = new ConsistencyProof(oldSize, newSize,
                flipBit(honest.path(), elementSeed % honest.path().size(), bit));
        assertFault(() -> MerkleVerifier.verifyConsistency(tampered, tree.rootAt(oldSize), tree.rootAt(newSize)),
                Fault.CONSISTENCY_PROOF_INVALID);
    }

    @Property(tries = TRIES)
    void aFlippedBitInEitherRootIsRefused(
            @ForAll("atLeastTwoLeaves") List<byte[]> data,
            @ForAll @IntRange(min = 0, max = Integer.MAX_VALUE) int newSeed,
            @ForAll @IntRange(min = 0, max = Integer.MAX_VALUE) int oldSeed,
            @ForAll @IntRange(min = 0, max = 255) int bit) {
        MerkleTree tree = MerkleTree.ofLeafData(data);
        int newSize = 2 + newSeed % (data.size() - 1);
        int oldSize = 1 + oldSeed % (newSize - 1);
        ConsistencyProof proof = tree.consistencyProof(oldSize, newSize);
        byte[] oldRoot = tree.rootAt(oldSize);
        byte[] newRoot = tree.rootAt(newSize);
        assertFault(() -> MerkleVerifier.verifyConsistency(proof, flip(oldRoot, bit), newRoot),
                Fault.CONSISTENCY_PROOF_INVALID);
        assertFault(() -> MerkleVerifier.verifyConsistency(proof, oldRoot, flip(newRoot, bit)),
                Fault.CONSISTENCY_PROOF_INVALID);
    }

    private static List<byte[]> flipBit(List<byte[]> path, int element, int bit) {
        List<byte[]> copy = new ArrayList<>(path);
        copy.set(element, flip(path.get(element), bit));
        return copy;
    }

    private static byte[] flip(byte[] hash, int bit) {
        byte[] copy = hash.clone();
        copy[bit / 8] ^= (byte) (1 << (bit % 8));
        return copy;
    }
}

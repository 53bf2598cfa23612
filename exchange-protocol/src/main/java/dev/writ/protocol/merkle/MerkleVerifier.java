package dev.writ.protocol.merkle;

import dev.writ.protocol.Fault;
import dev.writ.protocol.ProtocolException;
import java.security.MessageDigest;
import java.util.List;

/**
 * Verifies RFC 9162 inclusion and consistency proofs (sections 2.1.3.2 and 2.1.4.2, followed step
 * by step). Nothing is returned: a proof that does not hold throws, so no caller can forget to
 * look at a result.
 *
 * <p>Faults. Input that cannot be a proof at all (a missing value, a hash that is not
 * {@value MerkleHash#LENGTH} bytes, a negative size or index) is {@link Fault#MALFORMED}. A
 * well-formed proof that does not link what it claims to link (wrong index, sizes out of order,
 * wrong length, any changed bit) is {@link Fault#INCLUSION_PROOF_INVALID} or
 * {@link Fault#CONSISTENCY_PROOF_INVALID}. Nothing here throws unchecked on any input.
 *
 * <p>Roots and sizes. A proof checks a path's shape against the claimed sizes, and the hashes
 * against the claimed roots; it does not show that a root belongs to a given size. Sizes whose
 * paths have the same shape (leaf 5 in trees of 7 and 8 leaves, say) accept the same proof.
 * Take each root together with its size from one signed statement (an anchor batch or a
 * checkpoint), never the size from the proof.
 */
public final class MerkleVerifier {
    private MerkleVerifier() {
    }

    /**
     * Checks that {@code leafHash} is the leaf at {@code proof.leafIndex()} of the tree of
     * {@code proof.treeSize()} leaves whose root is {@code root}.
     *
     * @throws ProtocolException {@link Fault#MALFORMED} or {@link Fault#INCLUSION_PROOF_INVALID}
     */
    public static void verifyInclusion(byte[] leafHash, InclusionProof proof, byte[] root) throws ProtocolException {
        requireHash(leafHash, "leaf hash");
        requireHash(root, "root");
        if (proof == null) {
            throw malformed("inclusion proof is missing");
        }
        long index = proof.leafIndex();
        long size = proof.treeSize();
        if (index < 0 || size < 0) {
            throw malformed("inclusion proof has a negative leaf index " + index + " or tree size " + size);
        }
        List<byte[]> path = proof.pathView();
        requirePathHashes(path, "inclusion");

        // 1. leaf_index >= tree_size fails (this also refuses every proof in the empty tree).
        if (index >= size) {
            throw inclusionInvalid("leaf index " + index + " is not in a tree of " + size + " leaves");
        }
        // 2.-3. fn is the leaf's position on its level, sn the last position on that level.
        long fn = index;
        long sn = size - 1;
        byte[] r = leafHash;
        MerkleHasher hasher = new MerkleHasher();
        // 4. Climb one level per path element.
        for (byte[] p : path) {
            // a. Already at the root with hashes left over: the proof is too long.
            if (sn == 0) {
                throw inclusionInvalid("path of " + path.size() + " hashes is longer than the tree of "
                        + size + " leaves is deep");
            }
            // b. A right child, or the last node on its level (no right sibling: a right-edge
            //    node is promoted unchanged, so skip the levels where it has no sibling).
            if ((fn & 1) == 1 || fn == sn) {
                r = hasher.node(p, r);
                if ((fn & 1) == 0) {
                    while ((fn & 1) == 0 && fn != 0) {
                        fn >>>= 1;
                        sn >>>= 1;
                    }
                }
            } else {
                r = hasher.node(r, p);
            }
            // c.
            fn >>>= 1;
            sn >>>= 1;
        }
        // 5. sn != 0 means the path ran out below the root: the proof is too short.
        if (sn != 0) {
            throw inclusionInvalid("path of " + path.size() + " hashes does not reach the root of a tree of "
                    + size + " leaves");
        }
        if (!MessageDigest.isEqual(r, root)) {
            throw inclusionInvalid("path from leaf " + index + " leads to another root than the one claimed");
        }
    }

    /**
     * Checks that the tree of {@code proof.oldSize()} leaves with root {@code oldRoot} is a prefix
     * of the tree of {@code proof.newSize()} leaves with root {@code newRoot}.
     *
     * <p>Edge cases. Equal sizes hold only with an empty proof and equal roots. An old size of 0
     * is refused, as transparency-dev/merkle does: RFC 9162 defines verification only for
     * 0 &lt; first &lt; second, and a proof from the empty tree would prove nothing (every tree
     * extends it); trust in a first root must come from elsewhere (for Writ, its on-chain anchor).
     *
     * @throws ProtocolException {@link Fault#MALFORMED} or {@link Fault#CONSISTENCY_PROOF_INVALID}
     */
    public static void verifyConsistency(ConsistencyProof proof, byte[] oldRoot, byte[] newRoot)
            throws ProtocolException {
        requireHash(oldRoot, "old root");
        requireHash(newRoot, "new root");
        if (proof == null) {
            throw malformed("consistency proof is missing");
        }
        long first = proof.oldSize();
        long second = proof.newSize();
        if (first < 0 || second < 0) {
            throw malformed("consistency proof has a negative size: " + first + " -> " + second);
        }
        List<byte[]> path = proof.pathView();
        requirePathHashes(path, "consistency");

        if (first > second) {
            throw consistencyInvalid("old size " + first + " is larger than new size " + second);
        }
        if (first == 0) {
            throw consistencyInvalid("a consistency proof from the empty tree proves nothing");
        }
        if (first == second) {
            if (!path.isEmpty()) {
                throw consistencyInvalid("sizes are equal but the proof is not empty");
            }
            if (!MessageDigest.isEqual(oldRoot, newRoot)) {
                throw consistencyInvalid("sizes are equal (" + first + ") but the roots differ");
            }
            return;
        }
        // 1. An empty path cannot link two different sizes.
        if (path.isEmpty()) {
            throw consistencyInvalid("proof from " + first + " to " + second + " leaves is empty");
        }
        // 2. A power-of-two old tree is a complete subtree of the new one; its root is the first
        //    node of the proof, so the prover leaves it out and the verifier puts it back.
        int next = 0;
        byte[] seed;
        if ((first & (first - 1)) == 0) {
            seed = oldRoot;
        } else {
            seed = path.get(0);
            next = 1;
        }
        // 3.-4. Positions of the old tree's last leaf and the new tree's last leaf; skip the levels
        //    where the old tree's last node is a right child whose left sibling is inside it.
        long fn = first - 1;
        long sn = second - 1;
        while ((fn & 1) == 1) {
            fn >>>= 1;
            sn >>>= 1;
        }
        // 5. fr rebuilds the old root, sr the new root, from the same starting node.
        byte[] fr = seed;
        byte[] sr = seed;
        MerkleHasher hasher = new MerkleHasher();
        // 6.
        for (int i = next; i < path.size(); i++) {
            byte[] c = path.get(i);
            if (sn == 0) {
                throw consistencyInvalid("proof of " + path.size() + " hashes is longer than the tree of "
                        + second + " leaves is deep");
            }
            if ((fn & 1) == 1 || fn == sn) {
                fr = hasher.node(c, fr);
                sr = hasher.node(c, sr);
                if ((fn & 1) == 0) {
                    while ((fn & 1) == 0 && fn != 0) {
                        fn >>>= 1;
                        sn >>>= 1;
                    }
                }
            } else {
                // A right sibling belongs to the new tree only.
                sr = hasher.node(sr, c);
            }
            fn >>>= 1;
            sn >>>= 1;
        }
        // 7.
        if (sn != 0) {
            throw consistencyInvalid("proof of " + path.size() + " hashes does not reach the root of a tree of "
                    + second + " leaves");
        }
        if (!MessageDigest.isEqual(fr, oldRoot)) {
            throw consistencyInvalid("proof does not rebuild the old root of " + first + " leaves");
        }
        if (!MessageDigest.isEqual(sr, newRoot)) {
            throw consistencyInvalid("proof does not rebuild the new root of " + second + " leaves");
        }
    }

    private static void requireHash(byte[] hash, String what) throws ProtocolException {
        if (hash == null) {
            throw malformed(what + " is missing");
        }
        if (hash.length != MerkleHash.LENGTH) {
            throw malformed(what + " is " + hash.length + " bytes, a hash is " + MerkleHash.LENGTH);
        }
    }

    private static void requirePathHashes(List<byte[]> path, String kind) throws ProtocolException {
        for (int i = 0; i < path.size(); i++) {
            requireHash(path.get(i), kind + " path element " + i);
        }
    }

    private static ProtocolException malformed(String message) {
        return new ProtocolException(Fault.MALFORMED, message);
    }

    private static ProtocolException inclusionInvalid(String message) {
        return new ProtocolException(Fault.INCLUSION_PROOF_INVALID, message);
    }

    private static ProtocolException consistencyInvalid(String message) {
        return new ProtocolException(Fault.CONSISTENCY_PROOF_INVALID, message);
    }
}

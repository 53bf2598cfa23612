package dev.writ.protocol.merkle;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * An immutable RFC 9162 Merkle tree over a list of leaves, able to give the root of any prefix
 * of itself and the inclusion and consistency proofs between them (sections 2.1.1, 2.1.3.1 and
 * 2.1.4.1). Safe to share between threads: nothing changes after construction and every call
 * hashes with its own digest.
 *
 * <p>Storage. RFC 9162 splits a tree of n leaves at k, the largest power of two strictly less
 * than n. Every subtree that this recursion reaches, for any prefix size, therefore starts at a
 * multiple of a power of two at least as large as itself; so it is either complete (2^h leaves
 * starting at a multiple of 2^h) or lies on the right edge of the prefix. The tree stores every
 * complete subtree hash, level by level, in one flat array per level ({@code levels[h]} holds the
 * floor(size / 2^h) hashes of the complete subtrees of 2^h leaves, back to back), and computes
 * the few right-edge hashes on demand. Building costs size - 1 node hashes; a root or a proof
 * costs O(log size) hashes and never rebuilds the tree. Memory is about 64 bytes per leaf (the leaf
 * level plus the levels above it), without an object header per hash: 1M leaves take ~64 MB.
 */
public final class MerkleTree {
    /** The most leaves whose leaf level still fits one Java array of {@value MerkleHash#LENGTH}-byte hashes. */
    public static final int MAX_LEAVES = (Integer.MAX_VALUE - 8) / MerkleHash.LENGTH;

    private static final int L = MerkleHash.LENGTH;

    private final int size;
    private final byte[][] levels;
    private final byte[] root;

    private MerkleTree(int size, byte[] leafLevel, MerkleHasher hasher) {
        this.size = size;
        this.levels = buildLevels(size, leafLevel, hasher);
        this.root = size == 0 ? hasher.emptyRoot() : subtreeHash(hasher, 0, size);
    }

    /**
     * A tree over leaves that are already leaf hashes ({@code SHA-256(0x00 || entry)}), such as
     * the hashes of evidence records. The list is copied; later changes to it do not reach the tree.
     *
     * @throws IllegalArgumentException if a leaf hash is not {@value MerkleHash#LENGTH} bytes or
     *     there are more than {@link #MAX_LEAVES} leaves
     */
    public static MerkleTree ofLeafHashes(List<byte[]> leafHashes) {
        int count = checkCount(leafHashes);
        byte[] leafLevel = new byte[count * L];
        int i = 0;
        for (byte[] leafHash : leafHashes) {
            MerkleHash.requireHashLength(leafHash, "leaf hash " + i);
            System.arraycopy(leafHash, 0, leafLevel, i * L, L);
            i++;
        }
        return new MerkleTree(count, leafLevel, new MerkleHasher());
    }

    /**
     * A tree over raw entries; each is leaf-hashed as {@code SHA-256(0x00 || entry)} over its exact
     * bytes.
     *
     * @throws IllegalArgumentException if there are more than {@link #MAX_LEAVES} leaves
     */
    public static MerkleTree ofLeafData(List<byte[]> leafData) {
        int count = checkCount(leafData);
        MerkleHasher hasher = new MerkleHasher();
        byte[] leafLevel = new byte[count * L];
        int i = 0;
        for (byte[] data : leafData) {
            hasher.leafInto(Objects.requireNonNull(data, "leaf data"), leafLevel, i * L);
            i++;
        }
        return new MerkleTree(count, leafLevel, hasher);
    }

    /** The number of leaves. */
    public int size() {
        return size;
    }

    /** MTH(D[0:size]): the root of the whole tree (SHA-256("") when it has no leaves). */
    public byte[] root() {
        return root.clone();
    }

    /**
     * MTH(D[0:treeSize]): the root the tree had when it held its first {@code treeSize} leaves.
     *
     * @throws IllegalArgumentException unless 0 &lt;= treeSize &lt;= size()
     */
    public byte[] rootAt(int treeSize) {
        if (treeSize < 0 || treeSize > size) {
            throw new IllegalArgumentException("tree size " + treeSize + " is not within 0.." + size);
        }
        if (treeSize == size) {
            return root();
        }
        MerkleHasher hasher = new MerkleHasher();
        return treeSize == 0 ? hasher.emptyRoot() : subtreeHash(hasher, 0, treeSize);
    }

    /**
     * SHA-256(0x00 || data): the leaf hash {@link #ofLeafData} gives an entry, for a verifier that
     * holds the entry and an inclusion proof. Same as {@link MerkleHash#leafHash}.
     */
    public static byte[] leafHash(byte[] data) {
        return MerkleHash.leafHash(data);
    }

    /**
     * The leaf hash stored at {@code index}.
     *
     * @throws IllegalArgumentException unless 0 &lt;= index &lt; size()
     */
    public byte[] leafHashAt(int index) {
        if (index < 0 || index >= size) {
            throw new IllegalArgumentException("leaf index " + index + " is not within 0.." + (size - 1));
        }
        return completeSubtree(index, 1);
    }

    /** The inclusion proof of leaf {@code leafIndex} in the whole tree. */
    public InclusionProof inclusionProof(int leafIndex) {
        return inclusionProof(leafIndex, size);
    }

    /**
     * PATH(leafIndex, D[0:treeSize]) of RFC 9162 section 2.1.3.1: the inclusion proof of a leaf in
     * the tree as it was at {@code treeSize} leaves.
     *
     * <p>Bad arguments are the caller's bug, not a remote party's claim (this is the prover), so
     * they throw unchecked. A service answering proof requests checks them against {@link #size()}.
     *
     * @throws IllegalArgumentException unless 0 &lt;= leafIndex &lt; treeSize &lt;= size()
     */
    public InclusionProof inclusionProof(int leafIndex, int treeSize) {
        if (treeSize < 1 || treeSize > size) {
            throw new IllegalArgumentException("tree size " + treeSize + " is not within 1.." + size);
        }
        if (leafIndex < 0 || leafIndex >= treeSize) {
            throw new IllegalArgumentException(
                    "leaf index " + leafIndex + " is not in a tree of " + treeSize + " leaves");
        }
        List<byte[]> path = new ArrayList<>(pathCapacity(treeSize));
        auditPath(new MerkleHasher(), leafIndex, 0, treeSize, path);
        return new InclusionProof(leafIndex, treeSize, path);
    }

    /**
     * PROOF(oldSize, D[0:newSize]) of RFC 9162 section 2.1.4.1: the proof that the tree of
     * {@code oldSize} leaves is a prefix of the tree of {@code newSize} leaves. Empty when the sizes
     * are equal. An old size of 0 is refused: every tree extends the empty one, the RFC defines no
     * proof for it, and {@link MerkleVerifier#verifyConsistency} would refuse it anyway.
     *
     * @throws IllegalArgumentException unless 0 &lt; oldSize &lt;= newSize &lt;= size()
     */
    public ConsistencyProof consistencyProof(int oldSize, int newSize) {
        if (newSize < 1 || newSize > size) {
            throw new IllegalArgumentException("new size " + newSize + " is not within 1.." + size);
        }
        if (oldSize < 1 || oldSize > newSize) {
            throw new IllegalArgumentException("old size " + oldSize + " is not within 1.." + newSize);
        }
        List<byte[]> path = new ArrayList<>(pathCapacity(newSize) + 1);
        subproof(new MerkleHasher(), oldSize, 0, newSize, true, path);
        return new ConsistencyProof(oldSize, newSize, path);
    }

    /**
     * PATH(m, D[start:end]) with m an absolute leaf index in [start, end). RFC 9162:
     * PATH(0, {d0}) = {}; otherwise, with k the split point,
     * PATH(m, D[n]) = PATH(m, D[0:k]) : MTH(D[k:n]) when m &lt; k, and
     * PATH(m - k, D[k:n]) : MTH(D[0:k]) when m &gt;= k. Depth is at most 31.
     */
    private void auditPath(MerkleHasher hasher, int m, int start, int end, List<byte[]> out) {
        if (end - start == 1) {
            return;
        }
        int split = start + splitPoint(end - start);
        if (m < split) {
            auditPath(hasher, m, start, split, out);
            out.add(subtreeHash(hasher, split, end));
        } else {
            auditPath(hasher, m, split, end, out);
            out.add(completeSubtree(start, split - start));
        }
    }

    /**
     * SUBPROOF(m, D[start:end], whole) with m an absolute size in (start, end]. RFC 9162:
     * SUBPROOF(m, D[m], true) = {}; SUBPROOF(m, D[m], false) = {MTH(D[m])}; otherwise, with k the
     * split point, SUBPROOF(m, D[0:k], b) : MTH(D[k:n]) when m &lt;= k, and
     * SUBPROOF(m - k, D[k:n], false) : MTH(D[0:k]) when m &gt; k.
     */
    private void subproof(MerkleHasher hasher, int m, int start, int end, boolean whole, List<byte[]> out) {
        if (m == end) {
            if (!whole) {
                out.add(subtreeHash(hasher, start, end));
            }
            return;
        }
        int split = start + splitPoint(end - start);
        if (m <= split) {
            subproof(hasher, m, start, split, whole, out);
            out.add(subtreeHash(hasher, split, end));
        } else {
            subproof(hasher, m, split, end, false, out);
            out.add(completeSubtree(start, split - start));
        }
    }

    /**
     * MTH(D[start:end]) for a subtree the RFC recursion reaches: stored when complete, else its
     * complete left part (2^k leaves) joined with the recursively computed right edge.
     */
    private byte[] subtreeHash(MerkleHasher hasher, int start, int end) {
        int width = end - start;
        if (Integer.bitCount(width) == 1) {
            return completeSubtree(start, width);
        }
        int k = splitPoint(width);
        return hasher.node(completeSubtree(start, k), subtreeHash(hasher, start + k, end));
    }

    /** The stored hash of the complete subtree of {@code width} (a power of two) leaves at {@code start}. */
    private byte[] completeSubtree(int start, int width) {
        int level = Integer.numberOfTrailingZeros(width);
        int offset = (start >>> level) * L;
        return Arrays.copyOfRange(levels[level], offset, offset + L);
    }

    /** RFC 9162 2.1.1: k is the largest power of two strictly less than n (n &gt;= 2). */
    private static int splitPoint(int n) {
        return Integer.highestOneBit(n - 1);
    }

    /** An audit path has at most one hash per level below the root: ceil(log2(treeSize)). */
    private static int pathCapacity(int treeSize) {
        return 32 - Integer.numberOfLeadingZeros(treeSize - 1);
    }

    private static byte[][] buildLevels(int size, byte[] leafLevel, MerkleHasher hasher) {
        List<byte[]> built = new ArrayList<>();
        built.add(leafLevel);
        byte[] below = leafLevel;
        for (int count = size / 2; count >= 1; count /= 2) {
            byte[] level = new byte[count * L];
            for (int i = 0; i < count; i++) {
                // Children 2i and 2i+1 sit back to back in the level below.
                hasher.adjacentNodeInto(below, 2 * i * L, level, i * L);
            }
            built.add(level);
            below = level;
        }
        return built.toArray(new byte[0][]);
    }

    private static int checkCount(List<byte[]> leaves) {
        Objects.requireNonNull(leaves, "leaves");
        if (leaves.size() > MAX_LEAVES) {
            throw new IllegalArgumentException(
                    leaves.size() + " leaves exceed the " + MAX_LEAVES + " one tree can hold");
        }
        return leaves.size();
    }
}

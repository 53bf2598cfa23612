package dev.writ.protocol.bench;

import dev.writ.protocol.ProtocolException;
import dev.writ.protocol.merkle.InclusionProof;
import dev.writ.protocol.merkle.MerkleTree;
import dev.writ.protocol.merkle.MerkleVerifier;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * RFC 9162 Merkle trees over evidence-record hashes, at anchor-batch sizes up to 1M leaves:
 * building a tree and its root, proving one leaf's inclusion, and checking such a proof.
 * Leaves are built once per trial; proofs cycle through {@value #PROBES} random leaves so that
 * no single path is measured.
 */
@State(Scope.Benchmark)
public class MerkleBench {
    private static final int PROBES = 1024;

    @Param({"1000", "10000", "100000", "1000000"})
    public int leaves;

    private List<byte[]> leafHashes;
    private MerkleTree tree;
    private byte[] root;
    private int[] indices;
    private InclusionProof[] proofs;
    private byte[][] probeLeaves;
    private int next;

    @Setup(Level.Trial)
    public void setup() throws ProtocolException {
        leafHashes = new ArrayList<>(leaves);
        SplittableRandom random = new SplittableRandom(9162);
        for (int i = 0; i < leaves; i++) {
            byte[] h = new byte[32];
            for (int j = 0; j < 32; j += 8) {
                long v = random.nextLong();
                for (int k = 0; k < 8; k++) {
                    h[j + k] = (byte) (v >>> (8 * k));
                }
            }
            leafHashes.add(h);
        }
        tree = MerkleTree.ofLeafHashes(leafHashes);
        root = tree.root();
        indices = new int[PROBES];
        proofs = new InclusionProof[PROBES];
        probeLeaves = new byte[PROBES][];
        for (int i = 0; i < PROBES; i++) {
            indices[i] = random.nextInt(leaves);
            proofs[i] = tree.inclusionProof(indices[i]);
            probeLeaves[i] = leafHashes.get(indices[i]);
            MerkleVerifier.verifyInclusion(probeLeaves[i], proofs[i], root);
        }
    }

    /** Copy the leaf hashes in, hash size - 1 interior nodes, take the root. */
    @Benchmark
    @BenchmarkMode(Mode.AverageTime)
    @OutputTimeUnit(TimeUnit.MILLISECONDS)
    public byte[] buildRoot() {
        return MerkleTree.ofLeafHashes(leafHashes).root();
    }

    /** What a prover does per request: the audit path of one leaf, then (as a client) checking it. */
    @Benchmark
    @BenchmarkMode(Mode.AverageTime)
    @OutputTimeUnit(TimeUnit.MICROSECONDS)
    public InclusionProof proveAndVerify() throws ProtocolException {
        int i = next++ & (PROBES - 1);
        InclusionProof proof = tree.inclusionProof(indices[i]);
        MerkleVerifier.verifyInclusion(probeLeaves[i], proof, root);
        return proof;
    }

    /** What an offline verifier does per record: check a proof it was given. */
    @Benchmark
    @BenchmarkMode(Mode.AverageTime)
    @OutputTimeUnit(TimeUnit.MICROSECONDS)
    public InclusionProof verifyOnly() throws ProtocolException {
        int i = next++ & (PROBES - 1);
        MerkleVerifier.verifyInclusion(probeLeaves[i], proofs[i], root);
        return proofs[i];
    }
}

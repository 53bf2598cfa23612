package dev.writ.protocol.merkle;

import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

/**
 * One line of {@link InclusionProbes} or {@link ConsistencyProbes}: for inclusion, {@code first}
 * and {@code second} are the leaf index and tree size and the hashes are the leaf hash and the
 * root; for consistency, the two sizes and the two roots.
 */
record Probe(String file, boolean accept, long first, long second, byte[] firstHash, byte[] secondHash,
             List<byte[]> proof) {

    static List<Probe> parse(String data) {
        List<Probe> probes = new ArrayList<>();
        for (String line : data.strip().split("\n")) {
            String[] f = line.split(" \\| ", -1);
            if (f.length != 7) {
                throw new IllegalStateException("probe line has " + f.length + " fields: " + line);
            }
            List<byte[]> proof = new ArrayList<>();
            if (!f[6].equals("-")) {
                for (String hash : f[6].split(",", -1)) {
                    proof.add(base64(hash));
                }
            }
            // The JSON holds uint64; a value above Long.MAX_VALUE (2^64 - 1 from an "index minus
            // one" probe) becomes negative here, which the verifier refuses as MALFORMED.
            probes.add(new Probe(f[0], f[1].equals("accept"), Long.parseUnsignedLong(f[2]),
                    Long.parseUnsignedLong(f[3]), base64(f[4]), base64(f[5]), List.copyOf(proof)));
        }
        return probes;
    }

    /**
     * Whether the probe can be a proof at all for this library: every hash 32 bytes and no
     * negative number. transparency-dev lets a few probes through with 12-byte placeholder roots
     * ("don't care"); Writ refuses any hash of the wrong length as MALFORMED first.
     */
    boolean wellFormed() {
        boolean ok = first >= 0 && second >= 0
                && firstHash.length == MerkleHash.LENGTH && secondHash.length == MerkleHash.LENGTH;
        for (byte[] hash : proof) {
            ok &= hash.length == MerkleHash.LENGTH;
        }
        return ok;
    }

    private static byte[] base64(String text) {
        return text.equals("~") ? new byte[0] : Base64.getDecoder().decode(text);
    }

    @Override
    public String toString() {
        return file + (accept ? " (accept)" : " (reject)");
    }
}

package dev.writ.protocol.merkle;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;

/**
 * Copying, comparing and printing the hash lists that proofs carry. A {@code List<byte[]>} is
 * mutable twice over (the list and each array) and compares arrays by identity, so the proof
 * records route every copy and comparison through here to get values that behave like values.
 */
final class HashPath {
    private static final HexFormat HEX = HexFormat.of();

    private HashPath() {
    }

    /**
     * An unmodifiable deep copy. Element lengths are not checked: a proof is a claim, and
     * {@link MerkleVerifier} refuses a malformed one with a typed fault rather than a crash here.
     */
    static List<byte[]> copyOf(List<byte[]> path) {
        Objects.requireNonNull(path, "path");
        List<byte[]> copy = new ArrayList<>(path.size());
        for (byte[] hash : path) {
            copy.add(Objects.requireNonNull(hash, "path element").clone());
        }
        return Collections.unmodifiableList(copy);
    }

    static boolean equal(List<byte[]> a, List<byte[]> b) {
        if (a.size() != b.size()) {
            return false;
        }
        for (int i = 0; i < a.size(); i++) {
            if (!Arrays.equals(a.get(i), b.get(i))) {
                return false;
            }
        }
        return true;
    }

    static int hash(List<byte[]> path) {
        int h = 1;
        for (byte[] hash : path) {
            h = 31 * h + Arrays.hashCode(hash);
        }
        return h;
    }

    static String toString(List<byte[]> path) {
        StringBuilder out = new StringBuilder("[");
        for (int i = 0; i < path.size(); i++) {
            out.append(i == 0 ? "" : ", ").append(HEX.formatHex(path.get(i)));
        }
        return out.append(']').toString();
    }
}

package dev.writ.reconciliation;

import com.google.protobuf.ByteString;
import java.math.BigInteger;

/**
 * An order-independent digest of a set of 32-byte hashes: their count and their sum modulo 2^256.
 * Adding the same set in any order gives the same value; callers add each distinct hash once, and
 * remove only a hash they added.
 */
final class SetAccumulator {
    private static final BigInteger MODULUS = BigInteger.ONE.shiftLeft(256);

    private BigInteger sum = BigInteger.ZERO;
    private long count;

    void add(ByteString hash) {
        sum = sum.add(new BigInteger(1, hash.toByteArray())).mod(MODULUS);
        count++;
    }

    /** Takes out a hash added before (a lineage pruned below its checkpoint holds it no more). */
    void remove(ByteString hash) {
        sum = sum.subtract(new BigInteger(1, hash.toByteArray())).mod(MODULUS);
        count--;
    }

    long count() {
        return count;
    }

    /** The 32-byte big-endian sum. */
    byte[] sumBytes() {
        byte[] raw = sum.toByteArray();
        byte[] out = new byte[32];
        int copy = Math.min(raw.length, 32);
        System.arraycopy(raw, raw.length - copy, out, 32 - copy, copy);
        return out;
    }
}

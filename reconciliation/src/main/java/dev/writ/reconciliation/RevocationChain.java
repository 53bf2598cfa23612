package dev.writ.reconciliation;

import dev.writ.protocol.crypto.Hashes;
import dev.writ.protocol.wire.RevocationEntry;

/**
 * The hash chain a {@code LineageCheckpoint} states over a domain's revocation entries 1..epoch, in
 * epoch order: {@code r_0} is 32 zero bytes, {@code r_e = SHA-256(r_{e-1} || SHA-256(entry e))}. The
 * publisher computes it over the entries it sent; a partner over the entries it holds, so one that
 * pruned (or never had) the envelopes before a checkpoint still proves it holds the same ledger.
 */
public final class RevocationChain {
    private byte[] value = Hashes.zeroHash();
    private long epoch;

    /** The hash of one entry as the chain and the ledger take it. */
    public static byte[] entryHash(RevocationEntry entry) {
        return Hashes.sha256(entry.toByteArray());
    }

    /** Appends the entry of the next epoch ({@code epoch() + 1}); any other is refused. */
    public RevocationChain append(RevocationEntry entry) {
        return appendHash(entry.getEpoch(), entryHash(entry));
    }

    RevocationChain appendHash(long entryEpoch, byte[] entryHash) {
        if (entryEpoch != epoch + 1) {
            throw new IllegalArgumentException("revocation entry " + entryEpoch + " does not follow epoch " + epoch);
        }
        byte[] both = new byte[value.length + entryHash.length];
        System.arraycopy(value, 0, both, 0, value.length);
        System.arraycopy(entryHash, 0, both, value.length, entryHash.length);
        value = Hashes.sha256(both);
        epoch = entryEpoch;
        return this;
    }

    public long epoch() {
        return epoch;
    }

    public byte[] value() {
        return value.clone();
    }
}

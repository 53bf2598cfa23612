package dev.writ.protocol.evidence;

import dev.writ.protocol.crypto.Hashes;
import java.util.Arrays;
import java.util.Objects;

/**
 * Where a lane of a domain's evidence chain stands: the next sequence number to use and the hash
 * of the record before it.
 */
public record ChainHead(String domain, String lane, long nextSeq, byte[] lastHash) {
    public ChainHead {
        Objects.requireNonNull(domain, "domain");
        Objects.requireNonNull(lane, "lane");
        if (nextSeq < 0) {
            throw new IllegalArgumentException("nextSeq must be >= 0");
        }
        if (lastHash == null || lastHash.length != Hashes.SHA256_LENGTH) {
            throw new IllegalArgumentException("lastHash must be 32 bytes");
        }
        lastHash = lastHash.clone();
    }

    /** The head of a lane that holds no record yet. */
    public static ChainHead genesis(String domain, String lane) {
        return new ChainHead(domain, lane, 0, Hashes.zeroHash());
    }

    @Override
    public byte[] lastHash() {
        return lastHash.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ChainHead h && domain.equals(h.domain) && lane.equals(h.lane)
                && nextSeq == h.nextSeq && Arrays.equals(lastHash, h.lastHash);
    }

    @Override
    public int hashCode() {
        return Objects.hash(domain, lane, nextSeq, Arrays.hashCode(lastHash));
    }

    @Override
    public String toString() {
        return "ChainHead[" + domain + "/" + lane + " next=" + nextSeq + "]";
    }
}

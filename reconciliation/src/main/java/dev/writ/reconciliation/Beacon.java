package dev.writ.reconciliation;

import com.google.protobuf.ByteString;
import dev.writ.protocol.wire.EpochBeacon;

/**
 * A domain's latest beacon as held here: the envelope that carried it (number and hash), what it
 * says, and when this node received it (local time: used for freshness, never in a digest).
 */
public record Beacon(long envelopeSeq, ByteString envelopeHash, EpochBeacon beacon, long receivedAtMillis) {

    /** Whether {@code other} replaces this one: a higher envelope number wins; at one number, the lower hash. */
    boolean supersededBy(long otherSeq, ByteString otherHash) {
        if (otherSeq != envelopeSeq) {
            return otherSeq > envelopeSeq;
        }
        return ByteString.unsignedLexicographicalComparator().compare(otherHash, envelopeHash) < 0;
    }
}

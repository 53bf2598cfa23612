package dev.writ.protocol.evidence;

import dev.writ.protocol.Fault;
import java.util.List;

/** What a {@link ChainVerifier} found: every lane intact, or the first fault. */
public sealed interface ChainReport {

    /** Every lane is contiguous, linked and signed; these are the heads after the last record. */
    record Intact(List<ChainHead> heads, int records) implements ChainReport {
        public Intact {
            heads = List.copyOf(heads);
        }
    }

    /**
     * The first fault, in a deterministic order: signatures in input order, then lanes by name and
     * sequence numbers ascending.
     *
     * @param seq the sequence number where the chain breaks, or -1 when the record could not be read
     */
    record Broken(Fault fault, String lane, long seq, String detail) implements ChainReport {
    }

    default boolean intact() {
        return this instanceof Intact;
    }
}

package dev.writ.reconciliation;

import com.google.protobuf.ByteString;
import java.util.List;

/** What receiving one verified envelope did to the sender domain's state. */
public sealed interface Received {
    String domain();

    long seq();

    /** New, and the chain is whole up to {@code head}. */
    record Accepted(String domain, long seq, long head) implements Received {
    }

    /** Already held: redeliveries change nothing. */
    record Duplicate(String domain, long seq) implements Received {
    }

    /**
     * Below the domain's latest checkpoint held here: sealed by it, so nothing of it is kept but its
     * revocation entry, if it carries one (revocations are state, not lineage).
     */
    record Sealed(String domain, long seq) implements Received {
    }

    /**
     * Not held: more than the bound above the domain's latest checkpoint. The domain shows a gap
     * from {@code missingFrom} until a checkpoint moves the floor; the envelope must come again.
     */
    record Deferred(String domain, long seq, long missingFrom) implements Received {
    }

    /** New, but envelopes {@code missingFrom..highest} are not all here: ask the sender for them. */
    record Gap(String domain, long seq, long missingFrom, long highest) implements Received {
    }

    /**
     * This envelope showed the sender signed two versions of its chain: keep both as evidence, refuse
     * the domain. {@code conflictingEnvelopes}: the hashes of the envelopes in conflict, sorted.
     */
    record Equivocation(String domain, long seq, String why, List<ByteString> conflictingEnvelopes) implements Received {
    }
}

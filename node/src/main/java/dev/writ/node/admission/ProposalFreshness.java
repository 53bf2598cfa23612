package dev.writ.node.admission;

import dev.writ.node.refusal.Refusal;
import dev.writ.node.refusal.RefusalCode;
import dev.writ.protocol.wire.ActionProposal;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * How old, or how far ahead, a proposal's own date ({@code proposed_at_millis}, covered by the
 * agent's signature) may be when it arrives. Signed proposals are not secret (every proof bundle
 * holds some); this bounds how long a copy of one is worth anything, and with it how long its
 * claim must be kept ({@link ProposalClaims}). Pure: the time comes in as an argument.
 *
 * @param maxAge    the oldest accepted date before now (writ.admission.proposal-max-age)
 * @param clockSkew the furthest accepted date after now (writ.admission.proposal-clock-skew)
 */
public record ProposalFreshness(Duration maxAge, Duration clockSkew) {
    public ProposalFreshness {
        Objects.requireNonNull(maxAge, "maxAge");
        Objects.requireNonNull(clockSkew, "clockSkew");
        if (maxAge.isNegative() || maxAge.isZero() || clockSkew.isNegative()) {
            throw new IllegalArgumentException("a proposal's max age must be positive and its clock skew not negative");
        }
    }

    /** Refuses (PROPOSAL_STALE) a proposal dated before {@code now - maxAge} or after {@code now + clockSkew}; undated is 1970. */
    public void require(ActionProposal proposal, Instant now) throws Refusal {
        Instant proposedAt = Instant.ofEpochMilli(proposal.getProposedAtMillis());
        if (proposedAt.isBefore(now.minus(maxAge))) {
            throw stale(proposal, proposedAt, "older than " + maxAge);
        }
        if (proposedAt.isAfter(now.plus(clockSkew))) {
            throw stale(proposal, proposedAt, "more than " + clockSkew + " ahead of this node's clock");
        }
    }

    private static Refusal stale(ActionProposal proposal, Instant proposedAt, String why) {
        return new Refusal(RefusalCode.PROPOSAL_STALE, proposal.getProposalId(), "proposal " + proposal.getProposalId()
                + " is dated " + proposedAt + " (proposedAtMillis " + proposal.getProposedAtMillis() + "), " + why
                + "; date it now and sign it again");
    }
}

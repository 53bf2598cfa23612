package dev.writ.node.evidence;

import java.util.Arrays;
import java.util.Objects;

/**
 * A proposal id decided, as its row in {@code writ_proposal_claims} holds it (writ/sql/evidence.sql):
 * the key (domain, agent, proposal id), the hash of the proposal bytes that were decided, the id of
 * the admission that decided it (an ALLOW's jti) and when, by its node's clock. The row commits with
 * that admission's PROPOSAL and DECISION records, so a claim exists exactly when its decision is
 * durable.
 */
public record ProposalClaim(String domain, String agentId, String proposalId, byte[] proposalHash, String admissionId,
                            long claimedAtMillis) implements Claim {
    public ProposalClaim {
        Objects.requireNonNull(domain, "domain");
        Objects.requireNonNull(agentId, "agentId");
        Objects.requireNonNull(proposalId, "proposalId");
        Objects.requireNonNull(admissionId, "admissionId");
        proposalHash = proposalHash.clone();
    }

    @Override
    public byte[] proposalHash() {
        return proposalHash.clone();
    }

    /** Whether the claimed proposal is the one whose hash is {@code hash}. */
    public boolean claims(byte[] hash) {
        return Arrays.equals(proposalHash, hash);
    }

    /** Refuses a claim the table cannot hold, before it can share a transaction with anyone's records. */
    void requireStorable() {
        EvidenceColumn.DOMAIN.require(domain);
        EvidenceColumn.AGENT_ID.require(agentId);
        EvidenceColumn.PROPOSAL_ID.require(proposalId);
        EvidenceColumn.ADMISSION_ID.require(admissionId);
        if (proposalHash.length != 32) {
            throw new EvidenceRejectedException("a proposal claim's hash is " + proposalHash.length
                    + " bytes; the column holds a SHA-256 of 32");
        }
    }

    /** Where the row sorts among a group's claims ({@link WritClaim#key()}). */
    String key() {
        return key(domain, agentId, proposalId);
    }

    /** {@link #key()} of the row of {@code proposalId} of {@code agentId} in {@code domain}. */
    static String key(String domain, String agentId, String proposalId) {
        return "writ_proposal_claims\u0000" + domain + "\u0000" + agentId + "\u0000" + proposalId;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ProposalClaim c && domain.equals(c.domain) && agentId.equals(c.agentId)
                && proposalId.equals(c.proposalId) && Arrays.equals(proposalHash, c.proposalHash)
                && admissionId.equals(c.admissionId) && claimedAtMillis == c.claimedAtMillis;
    }

    @Override
    public int hashCode() {
        return Objects.hash(domain, agentId, proposalId, Arrays.hashCode(proposalHash), admissionId, claimedAtMillis);
    }

    @Override
    public String toString() {
        return "ProposalClaim[" + domain + "/" + agentId + "/" + proposalId + " as " + admissionId + " at "
                + claimedAtMillis + "]";
    }
}

package dev.writ.node.evidence;

/**
 * A row whose key only one transaction can insert, written in the transaction of the records it
 * decides ({@link EvidenceLog#appendClaimed}): a writ settled ({@link WritClaim}) or a proposal id
 * decided ({@link ProposalClaim}). The first transaction to insert the key holds it; every later
 * one is answered with the row it found, and records nothing.
 */
public sealed interface Claim permits WritClaim, ProposalClaim {
}

// Stable refusal codes: the names of dev.writ.protocol.Fault, which `writ verify` prints. Only
// the ones a bundle verification can produce are here; never rename one.

export const Fault = Object.freeze(Object.fromEntries([
  'MALFORMED', 'OVERSIZED', 'ALGORITHM_REJECTED', 'TYPE_REJECTED', 'UNKNOWN_KEY', 'KEY_MISMATCH',
  'BAD_SIGNATURE', 'CLAIMS_INVALID', 'CHAIN_FOREIGN_RECORD', 'PAYLOAD_MISMATCH',
  'INCLUSION_PROOF_INVALID', 'ANCHOR_INVALID', 'NOT_ANCHORED', 'STORY_INCOMPLETE',
  'STORY_INCONSISTENT', 'STORY_TRIMMED', 'DUPLICATE_RECORD', 'PARTNER_PART_TAMPERED', 'PARTNER_PART_DROPPED',
  'REDEEMED_BY_UNNAMED_DOMAIN', 'LINEAGE_CHECK_MISSING', 'LINEAGE_CHECK_MISMATCH',
].map((name) => [name, name])));

/** A typed refusal: a stable fault code and a detail for people. */
export class ProtocolError extends Error {
  constructor(fault, detail) {
    super(`${fault}: ${detail}`);
    this.fault = fault;
    this.detail = detail;
  }
}

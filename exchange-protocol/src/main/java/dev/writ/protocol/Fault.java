package dev.writ.protocol;

/**
 * Why a protocol artifact was refused. The names are stable codes: operators grep for them,
 * the HTTP API puts them in problem+json, and the offline verifier prints them. Never rename one.
 */
public enum Fault {
    /** Not parseable as the artifact it claims to be (bad encoding, missing fields, truncation). */
    MALFORMED,
    /** Larger than the configured limit; refused before parsing. */
    OVERSIZED,
    /** A signature algorithm other than EdDSA/Ed25519 (including "none" and HMAC). */
    ALGORITHM_REJECTED,
    /** A JOSE header type other than application/sae+jwt, or unknown critical headers. */
    TYPE_REJECTED,
    /** Signed by a key the verifier does not hold. */
    UNKNOWN_KEY,
    /** A key whose id is not the fingerprint of its bytes, or a key of the wrong kind. */
    KEY_MISMATCH,
    /** The signature does not hold over the carried bytes. */
    BAD_SIGNATURE,
    /** The writ's validity window has ended. */
    WRIT_EXPIRED,
    /** The writ's validity window has not started. */
    WRIT_NOT_YET_VALID,
    /** Claims are missing, mistyped or inconsistent (e.g. exp before nbf, window too long). */
    CLAIMS_INVALID,
    /** A sequence number is missing from a hash chain. */
    CHAIN_GAP,
    /** Two different records claim the same place in a hash chain. */
    CHAIN_FORK,
    /** A record's previous-hash does not match the record before it. */
    CHAIN_BROKEN_LINK,
    /** A record belongs to another domain or lane than the chain it is in. */
    CHAIN_FOREIGN_RECORD,
    /** An artifact's hash does not match the hash that a signed record commits to. */
    PAYLOAD_MISMATCH,
    /** A Merkle inclusion proof does not lead to the claimed root. */
    INCLUSION_PROOF_INVALID,
    /** A Merkle consistency proof does not link the two claimed roots. */
    CONSISTENCY_PROOF_INVALID,
    /** An anchor batch is unsigned, malformed or does not cover the record it is cited for. */
    ANCHOR_INVALID,
    /** A record has no inclusion proof against an anchored root yet. */
    NOT_ANCHORED,
    /** A lifecycle story lacks a record it must have (e.g. a receipt without its redemption). */
    STORY_INCOMPLETE,
    /** A lifecycle story's records do not refer to each other as they must. */
    STORY_INCONSISTENT,
    /** A bundle's records are not exactly those the domain signed as the story at export (one left out or added). */
    STORY_TRIMMED,
    /** The same evidence record appears twice in one bundle. */
    DUPLICATE_RECORD,
    /** The other domain's part of a cross-boundary story does not hold under that domain's keys, manifest or anchors. */
    PARTNER_PART_TAMPERED,
    /** A cross-boundary writ's bundle lacks the redeeming domain's part and does not say it is missing. */
    PARTNER_PART_DROPPED,
    /** A redemption by a domain the writ's contract does not name as its redeem domain. */
    REDEEMED_BY_UNNAMED_DOMAIN,
    /** The redeeming domain's receipt of a partner's writ carries no record of the lineage check made before redeeming. */
    LINEAGE_CHECK_MISSING,
    /** The lineage check in the redeeming domain's receipt is not of the issuing part's ISSUANCE record, or did not hold. */
    LINEAGE_CHECK_MISMATCH,
    /** An agent certificate, chain or CSR that is not parseable DER/PEM, or lacks a field the profile requires. */
    CERT_MALFORMED,
    /** More certificates, or larger ones, than the verifier accepts; refused before parsing. */
    CERT_CHAIN_OVERSIZED,
    /** The chain does not lead to the domain's root CA (unknown issuer, bad CA signature, a non-CA issuer). */
    CERT_WRONG_CA,
    /** A certificate of the chain is past its notAfter. */
    CERT_EXPIRED,
    /** A certificate of the chain is before its notBefore. */
    CERT_NOT_YET_VALID,
    /** The SPIFFE id names another trust domain than the CA's. */
    CERT_WRONG_DOMAIN,
    /** The certificate is valid but for another agent than the one the request names. */
    CERT_AGENT_MISMATCH,
    /** The request names another model than the one the agent's certificate attests. */
    CERT_MODEL_MISMATCH,
    /** The agent certificate may not sign proposals (key usage, extended key usage or CA flag). */
    CERT_WRONG_KEY_USAGE,
    /** The agent certificate (its serial or its SPIFFE id) is revoked. */
    CERT_REVOKED,
    /** A signature that should have been made with the certified key was not (proposal, CSR proof of possession). */
    CERT_KEY_MISMATCH,
    /** A writ that names its agent's key (`cnf`) was presented without the agent's proof of possession. */
    POP_REQUIRED,
    /** The proof of possession is not the writ's key's, not for this writ, mutation or PEP, or its signature does not hold. */
    POP_INVALID,
    /** The proof of possession was made too long ago, or is dated ahead of the verifier's clock beyond the skew. */
    POP_STALE
}

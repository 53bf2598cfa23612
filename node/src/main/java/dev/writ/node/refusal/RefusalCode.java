package dev.writ.node.refusal;

import dev.writ.protocol.Fault;

/**
 * Every way a node refuses a request, with the HTTP status it maps to. The names are the stable
 * `code` of the problem+json answer and of the REFUSAL evidence record: operators grep for them,
 * so never rename one.
 */
public enum RefusalCode {
    // the request itself
    MALFORMED(400, "The request is not well-formed"),
    UNKNOWN_FIELD(400, "The request has a field the API does not define"),
    OVERSIZED(413, "The request body is too large"),
    UNSUPPORTED_MEDIA_TYPE(415, "The request body must be application/json"),
    NOT_FOUND(404, "No such resource"),
    METHOD_NOT_ALLOWED(405, "Method not allowed on this resource"),
    // identity and scope
    UNKNOWN_AGENT(403, "The agent is not known in this domain"),
    FOREIGN_DOMAIN(403, "The request names another domain"),
    DUPLICATE_PROPOSAL(409, "A proposal with this id was already decided"),
    // the writ
    WRIT_MALFORMED(400, "The writ is not a well-formed writ"),
    WRIT_FORGED(401, "The writ's signature or key does not hold"),
    WRIT_EXPIRED(403, "The writ has expired"),
    WRIT_NOT_YET_VALID(403, "The writ is not valid yet"),
    UNKNOWN_WRIT(404, "No writ with this id was issued in this domain"),
    SCOPE_MISMATCH(403, "The mutation is not the one the writ's contract allows"),
    REVOKED(403, "The writ, its agent or its key is revoked"),
    REPLAYED(409, "The writ was already redeemed"),
    POLICY_EPOCH_STALE(403, "The writ was issued under a policy epoch that is no longer accepted"),
    DRIFT(412, "Live state no longer satisfies the contract's drift predicates"),
    NOT_REDEEMED(409, "The writ has not been redeemed, so no outcome can be reported"),
    OUTCOME_ALREADY_REPORTED(409, "An outcome was already reported for this redemption"),
    PEP_MISMATCH(403, "Only the PEP that redeemed the writ may report its outcome"),
    // approvals
    NOT_PENDING(409, "The proposal is not waiting for approval"),
    UNKNOWN_APPROVER(403, "The approver is not registered"),
    APPROVAL_INVALID(403, "The approval statement or its signature does not hold"),
    // the node's own state: fail closed
    EVIDENCE_UNAVAILABLE(503, "Evidence could not be made durable; nothing was done"),
    REVOCATION_STATE_STALE(503, "This node cannot show it holds the domain's latest revocations"),
    POLICY_UNAVAILABLE(503, "No policy can be read"),
    NODE_FAILED(503, "The node is FAILED and refuses everything"),
    OVERLOADED(503, "The node has too many requests in flight; nothing was done, retry later"),
    TIMEOUT(503, "The cluster did not answer in time; the outcome is unknown, retry with the same id"),
    INTERNAL(500, "The node failed to handle the request; nothing was acknowledged");

    private final int httpStatus;
    private final String title;

    RefusalCode(int httpStatus, String title) {
        this.httpStatus = httpStatus;
        this.title = title;
    }

    public int httpStatus() {
        return httpStatus;
    }

    public String title() {
        return title;
    }

    /** How a writ verification fault surfaces at the API. */
    public static RefusalCode ofWritFault(Fault fault) {
        return switch (fault) {
            case WRIT_EXPIRED -> WRIT_EXPIRED;
            case WRIT_NOT_YET_VALID -> WRIT_NOT_YET_VALID;
            case BAD_SIGNATURE, UNKNOWN_KEY, KEY_MISMATCH -> WRIT_FORGED;
            case OVERSIZED -> OVERSIZED;
            default -> WRIT_MALFORMED;
        };
    }
}

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
    DUPLICATE_PROPOSAL(409, "This proposal id was already used, for other content or by a copy never decided; use a new id"),
    // 400: the same bytes will never be admitted again; dating the proposal now and signing it again will
    PROPOSAL_STALE(400, "The proposal is dated too long ago or too far ahead (writ.admission); date it now and sign it again"),
    // agent certificates (step 1 of the life of an action; the CERT_* names are the protocol's Fault names)
    CERT_REQUIRED(401, "This node requires proposals signed with an agent certificate"),
    CERT_MALFORMED(400, "The agent certificate, chain or CSR is not well-formed"),
    CERT_CHAIN_OVERSIZED(413, "The agent certificate chain is too long or too large"),
    CERT_WRONG_CA(401, "The agent certificate does not chain to this domain's root CA"),
    CERT_EXPIRED(401, "The agent certificate has expired"),
    CERT_NOT_YET_VALID(401, "The agent certificate is not valid yet"),
    CERT_WRONG_DOMAIN(403, "The agent certificate's SPIFFE id belongs to another domain"),
    CERT_AGENT_MISMATCH(403, "The agent certificate is for another agent than the request names"),
    CERT_MODEL_MISMATCH(403, "The request names another model than the agent certificate attests"),
    CERT_WRONG_KEY_USAGE(403, "The certificate may not sign proposals"),
    CERT_REVOKED(403, "The agent certificate or its agent is revoked"),
    CERT_KEY_MISMATCH(401, "The signature was not made with the certified key"),
    AGENT_NOT_REGISTERED(403, "The agent is not registered and active in the on-chain AgentRegistry"),
    /** A first certificate goes only to the key the domain admin committed on chain for the agent (D42). */
    ENROLMENT_KEY_MISMATCH(403, "The CSR's key is not the enrolment key committed on chain for the agent;"
            + " an agent that holds a certificate renews with it"),
    OPERATOR_REQUIRED(401, "This endpoint needs an operator credential (the Writ-Operator header)"),
    OPERATOR_INVALID(403, "The operator credential does not hold: unreadable or retired header format, unknown"
            + " operator, signed for another domain or node, stale time, signed before the node started, or bad signature"),
    /** A Writ-Operator header this node already served: its nonce is held for the clock skew, so a captured request is served once. */
    OPERATOR_REPLAYED(409, "This operator request was already served (its nonce was seen); nothing was done, sign a new one"),
    /** Fail closed: a node holds a bounded number of nonces per operator and refuses rather than forget one still valid. */
    OPERATOR_RATE_LIMITED(429, "The operator sent more admin requests within the clock skew than this node holds"
            + " nonces for; nothing was done, retry once older ones have left the window"),
    /** A redemption or outcome report without a PEP credential where writ.identity.pep-credentials = required. */
    PEP_REQUIRED(401, "This node serves redemptions and outcome reports only from a PEP certified by the domain's CA:"
            + " sign the request with its certificate, or send it over HTTPS with it as client certificate"),
    IDENTITY_UNAVAILABLE(503, "The agent's on-chain status or the node's CA cannot be read; nothing was done"),
    // the writ
    WRIT_MALFORMED(400, "The writ is not a well-formed writ"),
    WRIT_FORGED(401, "The writ's signature or key does not hold"),
    WRIT_EXPIRED(403, "The writ has expired"),
    WRIT_NOT_YET_VALID(403, "The writ is not valid yet"),
    UNKNOWN_WRIT(404, "No writ with this id was issued in this domain"),
    SCOPE_MISMATCH(403, "The mutation is not the one the writ's contract allows"),
    REVOKED(403, "The writ, its agent or its key is revoked"),
    REPLAYED(409, "The writ was already redeemed"),
    /** A bundle holds its writ and contract: it is served once the writ can no longer be used (trust model, endpoint table). */
    BUNDLE_NOT_FINAL(409, "The writ can still be redeemed; its proof bundle is served once it is redeemed, expired or revoked"),
    POLICY_EPOCH_STALE(403, "The writ was issued under a policy epoch that is no longer accepted"),
    DRIFT(412, "Live state no longer satisfies the contract's drift predicates"),
    NOT_REDEEMED(409, "The writ has not been redeemed, so no outcome can be reported"),
    OUTCOME_ALREADY_REPORTED(409, "An outcome was already reported for this redemption"),
    PEP_MISMATCH(403, "The request's pep_id is not the PEP its certificate names, or not the PEP that redeemed the writ"),
    // sender-constrained writs (D61): the presenter proves the agent key the writ names (cnf.jkt)
    POP_REQUIRED(401, "The writ is bound to its agent's key: redeem it with the agent's possession proof"),
    POP_INVALID(403, "The possession proof is not by the writ's key, not for this writ, mutation or PEP, or its signature"
            + " does not hold"),
    POP_STALE(403, "The possession proof is older than writ.redemption.possession-max-age, or dated ahead; the agent"
            + " proves again"),
    // approvals
    NOT_PENDING(409, "The proposal is not waiting for approval"),
    UNKNOWN_APPROVER(403, "The approver is not registered"),
    APPROVAL_INVALID(403, "The approval statement or its signature does not hold"),
    // the node's own state: fail closed
    EVIDENCE_UNAVAILABLE(503, "Evidence could not be made durable; nothing was done"),
    // continuity of another domain an action depends on (the reconciliation module's ContinuityCode)
    CONTINUITY_GAP(503, "This node does not hold the other domain's envelopes, revocations or beacon it needs; it is synchronizing"),
    EPOCH_STALE(503, "The other domain's latest beacon here is older than the staleness bound"),
    EQUIVOCATION(403, "The other domain signed two versions of its envelope chain; its actions are refused until an operator resolves it"),
    ENVELOPE_INVALID(403, "The other domain signed an envelope whose payload does not hold"),
    NOT_A_PARTNER(403, "The other domain is not a partner of this domain now (writ.exchange.partners); nothing of it is taken"),
    NOT_EQUIVOCATING(409, "The domain is not equivocating here; there is nothing to resolve"),
    RESOLUTION_MISMATCH(409, "The resolution names other envelopes than the equivocation this node holds of the domain"),
    REVOCATION_STATE_STALE(503, "This node cannot show it holds the domain's latest revocations"),
    POLICY_UNAVAILABLE(503, "No policy can be read"),
    // the operator console (D72)
    CONSOLE_DISABLED(404, "This node serves no operator console (writ.console.enabled = false)"),
    /** A login code this node never issued, or one it has forgotten (after a restart or its TTL). */
    LOGIN_CODE_UNKNOWN(401, "This login code was not issued by this node; run `writ console login` again"),
    LOGIN_CODE_EXPIRED(401, "This login code has expired; run `writ console login` again"),
    /** A login code is single-use: a second exchange is refused, whoever sends it. */
    LOGIN_CODE_USED(401, "This login code was used already; run `writ console login` again"),
    CONSOLE_SESSION_REQUIRED(401, "The console needs a session: log in with a code from `writ console login`"),
    /** Fail closed: a node holds a bounded number of console sessions and logins and refuses rather than evict one. */
    CONSOLE_BUSY(429, "The console holds as many sessions or login codes as it may; retry once one has expired"),
    CROSS_ORIGIN(403, "The console answers only requests from its own pages (Origin, Sec-Fetch-Site)"),
    NODE_FAILED(503, "The node is FAILED and refuses everything"),
    /** Refused at the edge before the body is read, while a started node was never yet ready (D69). */
    NODE_STARTING(503, "The node is starting and not ready to serve yet; nothing was done, retry later or at another node"),
    OVERLOADED(503, "The node has too many requests in flight; nothing was done, retry later"),
    TIMEOUT(503, "The cluster did not answer in time; the outcome is unknown, retry with the same id"),
    /** Not a DENY: no verdict was reached (D63); the proposal's id stays free for the retry. */
    BUDGET_UNAVAILABLE(503, "The owner of a budget the action is charged to did not answer in time (a young node's"
            + " first slice, a busy cluster); nothing was decided, retry with the same id"),
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

    /** How an agent certificate fault (Fault.CERT_*) surfaces at the API: under its own name. */
    public static RefusalCode ofCertificateFault(Fault fault) {
        return switch (fault) {
            case CERT_MALFORMED -> CERT_MALFORMED;
            case CERT_CHAIN_OVERSIZED -> CERT_CHAIN_OVERSIZED;
            case CERT_WRONG_CA -> CERT_WRONG_CA;
            case CERT_EXPIRED -> CERT_EXPIRED;
            case CERT_NOT_YET_VALID -> CERT_NOT_YET_VALID;
            case CERT_WRONG_DOMAIN -> CERT_WRONG_DOMAIN;
            case CERT_AGENT_MISMATCH -> CERT_AGENT_MISMATCH;
            case CERT_MODEL_MISMATCH -> CERT_MODEL_MISMATCH;
            case CERT_WRONG_KEY_USAGE -> CERT_WRONG_KEY_USAGE;
            case CERT_REVOKED -> CERT_REVOKED;
            case CERT_KEY_MISMATCH, BAD_SIGNATURE, KEY_MISMATCH -> CERT_KEY_MISMATCH;
            default -> CERT_MALFORMED;
        };
    }

    /** How a possession proof fault (PossessionProofs) surfaces at the API: under its own name. */
    public static RefusalCode ofPossessionFault(Fault fault) {
        return switch (fault) {
            case POP_REQUIRED -> POP_REQUIRED;
            case POP_STALE -> POP_STALE;
            default -> POP_INVALID;
        };
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

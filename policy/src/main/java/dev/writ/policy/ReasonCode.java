package dev.writ.policy;

import dev.writ.protocol.wire.Reason;

/**
 * The stable, machine-readable reason codes of a policy decision. Operators grep for these and
 * the HTTP API returns them: never rename one, only add. Every {@link Reason} the evaluator or a
 * budget produces carries one of these names as its {@code code} and a detail that names the
 * values involved ("amount 1500 > maximum 1000").
 */
public enum ReasonCode {
    /** DENY: the agent is revoked in the domain's revocation ledger (decided before policy is read). */
    AGENT_REVOKED,
    /** DENY: no rule of the policy matches the agent's SPIFFE id. */
    NO_POLICY_FOR_AGENT,
    /** DENY: the matching rule does not list the action's target. */
    TARGET_NOT_ALLOWED,
    /** DENY: the target is listed, but not with this operation. */
    OPERATION_NOT_ALLOWED,
    /** DENY: a parameter the rule requires is absent. */
    PARAMETER_MISSING,
    /** DENY: a parameter with a numeric bound is not a plain decimal (exponents, NaN, blanks refused). */
    PARAMETER_NOT_NUMERIC,
    /** DENY: a parameter is above its maximum. */
    PARAMETER_ABOVE_MAXIMUM,
    /** DENY: a parameter is below its minimum. */
    PARAMETER_BELOW_MINIMUM,
    /** DENY: a parameter is not one of its allowed values, or the rule does not declare it. */
    PARAMETER_NOT_ALLOWED,
    /** DENY: the context's risk score is above the rule's ceiling (or outside 0..100). */
    RISK_ABOVE_CEILING,
    /** DENY: the action's or the context's data classification is not allowed by the rule. */
    CLASSIFICATION_NOT_ALLOWED,
    /** DENY: the decision time is outside every time window of the rule. */
    OUTSIDE_TIME_WINDOW,
    /** ESCALATE: within policy, but above a human-approval threshold. */
    APPROVAL_REQUIRED,
    /**
     * ESCALATE: within policy, but the node is DEGRADED (e.g. the chain lags or anchoring queues)
     * and the action's risk score is at or above {@code writ.health.degraded-escalate-risk-at-least}:
     * high-risk actions wait for a human while low-risk ones continue (docs/architecture.md, "Health").
     */
    HEALTH_DEGRADED,
    /** ALLOW: the action is within the matching rule. */
    WITHIN_POLICY,
    /** DENY (from a budget): the rule's rate budget for the current period is used up. */
    RATE_LIMIT_EXCEEDED,
    /** DENY (from a budget): the charge would take the period's spend above the budget. */
    SPEND_BUDGET_EXCEEDED,
    /** DENY (from a budget): the budget could not be reached or answered with an error; fail closed. */
    BUDGET_UNAVAILABLE;

    /** A protocol {@link Reason} with this code and a detail for people. */
    public Reason reason(String detail) {
        return Reason.newBuilder().setCode(name()).setDetail(detail).build();
    }
}

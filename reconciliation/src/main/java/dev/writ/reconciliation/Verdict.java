package dev.writ.reconciliation;

/** The fail-closed answer to "may this node accept an action that depends on domain D now?". */
public sealed interface Verdict {
    /** Yes: continuity is proven; {@code view} holds the domain's revocations to check the action against. */
    record Accept(DomainView view) implements Verdict {
    }

    /** No, and why. */
    record Refuse(String domain, ContinuityCode code, String detail) implements Verdict {
    }
}

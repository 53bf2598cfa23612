package dev.writ.chaos.check;

import dev.writ.chaos.history.Event;
import dev.writ.chaos.history.EventType;
import dev.writ.chaos.history.FaultKind;
import dev.writ.chaos.history.Operation;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * What an operator's rolling restart promises clients (D67): every request is answered.
 * A node stopped on purpose stops taking requests before it leaves, so a client either cannot
 * connect (and goes to another node: nothing was sent) or gets an answer — a decision, a refusal
 * on the merits, or at worst a 503 with Retry-After that says "the same request may well be served
 * in a moment" (counted apart; the target is none). A timeout, a broken connection, or a 5xx that
 * does not invite a retry is a request the restart lost: a violation. Judged only in drills that
 * stopped nodes gracefully ({@link #GRACEFUL}: a rolling restart, a join and a leave); the other faults kill, freeze or
 * cut nodes, where unknown outcomes are the honest answer.
 */
public final class AnsweredChecker implements Checker {
    public static final String NAME = "every-request-answered";
    /** The refusals a node sends as 503 with Retry-After (Problems, D63): the same request may be served in a moment. */
    static final Set<String> RETRYABLE = Set.of("OVERLOADED", "EVIDENCE_UNAVAILABLE", "BUDGET_UNAVAILABLE",
            "NODE_STARTING");
    /** The node's 5xx refusals without Retry-After: the node could not serve, and does not say when it will. */
    static final Set<String> UNSERVED = Set.of("IDENTITY_UNAVAILABLE", "CONTINUITY_GAP", "EPOCH_STALE",
            "REVOCATION_STATE_STALE", "POLICY_UNAVAILABLE", "NODE_FAILED", "TIMEOUT", "INTERNAL");
    /** The faults that stop nodes on purpose, as an operator does: a rolling restart, a node leaving (and one joining). */
    static final Set<FaultKind> GRACEFUL = Set.of(FaultKind.ROLLING_RESTART, FaultKind.JOIN_LEAVE);
    private static final Set<String> CLIENT_OPERATIONS = Set.of("propose", "redeem", "revoke");

    @Override
    public Verdict check(DrillRecord record) {
        String statement = "While nodes are restarted gracefully or leave, every client request is answered: no timeout, no"
                + " broken connection, no 5xx other than a 503 with Retry-After (counted apart).";
        long restarts = record.history().stream().filter(e -> e.isNemesis() && e.type() != EventType.INVOKE
                && e.f().equals("start") && GRACEFUL.contains(e.fault())).count();
        if (restarts == 0) {
            return Verdict.of(NAME, statement, "no node was restarted gracefully in this drill: nothing to judge", List.of());
        }
        List<String> examples = new ArrayList<>();
        int judged = 0;
        int retryable = 0;
        int elsewhere = 0;
        for (Operation op : Operation.pair(record.history())) {
            Event invoke = op.invoke();
            if (invoke.isNemesis() || !CLIENT_OPERATIONS.contains(invoke.f())) {
                continue;
            }
            judged++;
            String code = op.completion().map(Event::value).orElse(null);
            if (op.outcome() == EventType.INFO || op.outcome() == EventType.FAIL && UNSERVED.contains(code)) {
                examples.add(op.describe());
            } else if (op.outcome() == EventType.FAIL && RETRYABLE.contains(code)) {
                retryable++;
            }
            if (op.completion().isPresent() && !Objects.equals(invoke.node(), op.completion().get().node())) {
                elsewhere++;
            }
        }
        return Verdict.of(NAME, statement, restarts + " graceful restart(s) or leave(s), " + judged + " client requests, "
                + examples.size() + " unanswered or refused 5xx without Retry-After, " + retryable
                + " refused 503 with Retry-After, " + elsewhere + " answered by another node after a refused connection,"
                + " NODE_STARTING or a connection closed before any answer",
                examples);
    }
}

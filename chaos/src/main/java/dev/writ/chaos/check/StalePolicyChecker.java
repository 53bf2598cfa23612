package dev.writ.chaos.check;

import dev.writ.chaos.history.Operation;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A policy change as a client sees it: once an operator's change putting version {@code v} in force
 * (with {@code minimum-writ-version = v}) was recorded as executed, no redemption of a writ minted
 * under a version below {@code v} invoked more than {@code pickUpBound} later succeeds. The bound
 * is how long the nodes may take to read the executed change from the chain (their check
 * interval) plus slack for redemptions already on their way. The version a writ was minted under
 * is the one its admitted proposal's answer named ({@code policy_epoch.version}).
 *
 * <p>Fail-closed: a redemption that succeeded after a change's bound, of a writ whose minting
 * version the history does not hold, cannot be judged, and the verdict is UNKNOWN.
 */
public final class StalePolicyChecker implements Checker {
    public static final String NAME = "no-stale-policy-redemption";
    private final Duration pickUpBound;

    public StalePolicyChecker(Duration pickUpBound) {
        this.pickUpBound = pickUpBound;
    }

    @Override
    public Verdict check(DrillRecord record) {
        String statement = "No redemption of a writ minted under a policy version below the minimum in force succeeds "
                + "when invoked more than " + pickUpBound.toMillis() + " ms after the policy change was recorded as executed.";
        List<Operation> ops = Operation.pair(record.history());
        List<Operation> changes = ops.stream()
                .filter(op -> op.invoke().f().equals("policy") && op.ok() && op.completion().orElseThrow().policy() != null)
                .sorted(Comparator.comparingLong(Operation::completedMicros))
                .toList();
        if (changes.isEmpty()) {
            return Verdict.of(NAME, statement, "no policy change was executed during the drill", List.of());
        }
        Map<String, Operation> mintedBy = new HashMap<>();
        for (Operation op : ops) {
            if (op.invoke().f().equals("propose") && op.ok() && op.completion().orElseThrow().jti() != null) {
                mintedBy.put(op.completion().orElseThrow().jti(), op);
            }
        }
        long bound = pickUpBound.toNanos() / 1_000;
        List<String> examples = new ArrayList<>();
        List<String> unjudged = new ArrayList<>();
        int attempted = 0;
        for (Operation op : ops) {
            if (!op.invoke().f().equals("redeem")) {
                continue;
            }
            Optional<Operation> inForce = changes.stream()
                    .filter(c -> c.completedMicros() + bound < op.invoke().micros())
                    .max(Comparator.comparingLong(c -> c.completion().orElseThrow().policy()));
            if (inForce.isEmpty()) {
                continue;
            }
            Operation minted = mintedBy.get(op.invoke().key());
            Long version = minted == null ? null : minted.completion().orElseThrow().policy();
            if (version == null) {
                if (op.ok()) {
                    unjudged.add(op.describe());
                }
                continue;
            }
            long minimum = inForce.get().completion().orElseThrow().policy();
            if (version >= minimum) {
                continue;
            }
            attempted++;
            if (op.ok()) {
                examples.add("writ minted under v" + version + " redeemed "
                        + (op.invoke().micros() - inForce.get().completedMicros()) / 1000
                        + " ms after v" + minimum + " was put in force:\n  " + inForce.get().describe() + "\n  "
                        + minted.describe() + "\n  " + op.describe());
            }
        }
        String summary = changes.size() + " policy changes executed (to " + String.join(", ", changes.stream()
                .map(c -> "v" + c.completion().orElseThrow().policy()).toList()) + "), " + attempted
                + " redemptions of stale writs attempted beyond the bound";
        if (examples.isEmpty() && !unjudged.isEmpty()) {
            return new Verdict(NAME, statement, Verdict.Status.UNKNOWN, summary + "; " + unjudged.size()
                    + " succeeded redemptions after a change have no recorded minting version", unjudged);
        }
        return Verdict.of(NAME, statement, summary, examples);
    }
}

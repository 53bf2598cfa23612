package dev.writ.chaos.check;

import dev.writ.chaos.history.Event;
import dev.writ.chaos.history.EventType;
import dev.writ.chaos.history.FaultKind;
import dev.writ.chaos.history.FaultOutcome;
import dev.writ.chaos.history.Operation;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The fail-closed rule of proof exchange (docs/sources.md, proof exchange; invariant 6) as a client
 * sees it: while a partition hides one domain from another,
 * no action that depends on the other domain is allowed — no proposal admitted (ALLOW) for a
 * target the other domain owns, no writ of the other domain redeemed — once the beacon bound has
 * passed after the cut, until the heal. Operations record the domain they depend on
 * ({@link Event#dependsOn}); a fault that cut domains apart is one of kind
 * {@link FaultKind#DOMAIN_PARTITION} that was {@link FaultOutcome#INJECTED}.
 */
public final class ContinuityChecker implements Checker {
    public static final String NAME = "no-allow-during-continuity-gap";
    private final Duration bound;

    /** @param bound the beacon staleness bound plus the in-flight allowance: how long after the cut an ALLOW may still land */
    public ContinuityChecker(Duration bound) {
        this.bound = bound;
    }

    private record Window(long fromMicros, long untilMicros, Event fault) {
    }

    @Override
    public Verdict check(DrillRecord record) {
        String statement = "No action depending on a domain hidden by a partition is allowed or redeemed from "
                + bound.toMillis() + " ms after the cut until the heal.";
        List<Window> windows = new ArrayList<>();
        Event cut = null;
        for (Event e : record.history()) {
            if (!e.isNemesis() || e.type() == EventType.INVOKE) {
                if (e.isNemesis() && e.f().equals("heal") && cut != null) {
                    windows.add(new Window(cut.micros() + bound.toNanos() / 1_000, e.micros(), cut));
                    cut = null;
                }
                continue;
            }
            if (e.f().equals("start") && e.fault() == FaultKind.DOMAIN_PARTITION && e.outcome() == FaultOutcome.INJECTED) {
                cut = e;
            }
        }
        if (cut != null) {
            windows.add(new Window(cut.micros() + bound.toNanos() / 1_000, Long.MAX_VALUE, cut));
        }
        if (windows.isEmpty()) {
            return Verdict.of(NAME, statement, "no domain was cut off from another in this drill: nothing depended on a "
                    + "hidden domain", List.of());
        }
        List<String> examples = new ArrayList<>();
        int judged = 0;
        for (Operation op : Operation.pair(record.history())) {
            String dependsOn = op.invoke().dependsOn();
            if (dependsOn == null) {
                continue;
            }
            for (Window w : windows) {
                if (op.invoke().micros() < w.fromMicros() || op.invoke().micros() >= w.untilMicros()) {
                    continue;
                }
                judged++;
                boolean allowed = op.ok() && (op.invoke().f().equals("redeem")
                        || "ALLOW".equals(op.completion().orElseThrow().value()));
                if (allowed) {
                    examples.add(op.invoke().f() + " that depends on " + dependsOn + " succeeded "
                            + (op.invoke().micros() - w.fault().micros()) / 1000 + " ms after the domains were cut apart:\n  "
                            + w.fault().describe() + "\n  " + op.describe());
                }
            }
        }
        return Verdict.of(NAME, statement, windows.size() + " domain partition(s), " + judged
                + " operations depending on a hidden domain attempted inside them", examples);
    }
}

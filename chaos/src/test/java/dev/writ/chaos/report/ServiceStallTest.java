package dev.writ.chaos.report;

import static org.assertj.core.api.Assertions.assertThat;

import dev.writ.chaos.history.Event;
import dev.writ.chaos.history.EventType;
import dev.writ.chaos.history.FaultKind;
import dev.writ.chaos.history.FaultOutcome;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ServiceStallTest {
    private final List<Event> history = new ArrayList<>();
    private int process;

    /** An operation answered OK by {@code node}, invoked 20 ms before {@code doneMillis}. */
    private void ok(long doneMillis, String node) {
        String p = "c" + process++;
        history.add(new Event(history.size(), (doneMillis - 20) * 1000, p, EventType.INVOKE, "redeem", node, "j" + p,
                null, null, null, null, null, null));
        history.add(new Event(history.size(), doneMillis * 1000, p, EventType.OK, "redeem", node, "j" + p, null,
                "redeemed", null, null, null, null));
    }

    private void nemesis(long millis, String f, String node, FaultOutcome outcome) {
        history.add(new Event(history.size(), millis * 1000, Event.NEMESIS, EventType.INVOKE, f, null, null, null, null,
                null, null, null, null));
        history.add(new Event(history.size(), millis * 1000, Event.NEMESIS, EventType.INFO, f, node, null, null,
                f + " " + node, null, null, FaultKind.PAUSE, outcome));
    }

    /** {@code perSecond} OK answers in each second of [fromMillis, toMillis) at each of {@code nodes}. */
    private void steady(long fromMillis, long toMillis, int perSecond, String... nodes) {
        for (long t = fromMillis; t < toMillis; t += 1000 / perSecond) {
            for (String n : nodes) {
                ok(t + 1, n);
            }
        }
    }

    @Test
    void theOtherNodesStallingForFourSecondsIsMeasuredFromTheInjection() {
        steady(0, 10_000, 5, "acme-1", "acme-2", "acme-3");
        nemesis(10_000, "start", "acme-3", FaultOutcome.INJECTED);
        // acme-1 and acme-2 answer nothing for 4 s, then their rate again; acme-3 (frozen) nothing at all
        steady(14_000, 22_000, 5, "acme-1", "acme-2");
        nemesis(22_000, "heal", "acme-3", FaultOutcome.HEALED);
        history.sort((a, b) -> Long.compare(a.micros(), b.micros()));

        List<ServiceStall> stalls = ServiceStall.of(renumbered());

        assertThat(stalls).singleElement().satisfies(s -> {
            assertThat(s.node()).isEqualTo("acme-3");
            assertThat(s.baselinePerSecond()).isEqualTo(10.0); // the two others' rate, acme-3's answers left out
            assertThat(s.perSecond()).startsWith(0, 0, 0, 0, 10);
            assertThat(s.recoveredAfterSeconds()).hasValue(4);
            assertThat(s.describe()).contains("the nodes but acme-3").contains("back from second 4");
        });
    }

    @Test
    void aDipThatDoesNotLastIsNoStallAndAStallUntilTheHealIsNotARecovery() {
        steady(0, 10_000, 5, "acme-1", "acme-2");
        nemesis(10_000, "start", "acme-2", FaultOutcome.INJECTED);
        steady(10_000, 22_000, 5, "acme-1");
        nemesis(22_000, "heal", "acme-2", FaultOutcome.HEALED);
        steady(22_000, 32_000, 5, "acme-1", "acme-2");
        nemesis(32_000, "start", "acme-1", FaultOutcome.INJECTED);
        nemesis(44_000, "heal", "acme-1", FaultOutcome.HEALED);
        history.sort((a, b) -> Long.compare(a.micros(), b.micros()));

        List<ServiceStall> stalls = ServiceStall.of(renumbered());

        assertThat(stalls).hasSize(2);
        assertThat(stalls.get(0).recoveredAfterSeconds()).hasValue(0);
        assertThat(stalls.get(0).describe()).contains("no stall");
        assertThat(stalls.get(1).recoveredAfterSeconds()).isEmpty(); // acme-2 alone answered nothing after acme-1 froze
        assertThat(stalls.get(1).describe()).contains("not recovered before the heal");
    }

    @Test
    void aFaultThatWasNotInjectedIsNotMeasured() {
        steady(0, 10_000, 5, "acme-1");
        nemesis(10_000, "start", "acme-1", FaultOutcome.NOT_INJECTED);
        nemesis(22_000, "heal", "acme-1", FaultOutcome.HEALED);

        assertThat(ServiceStall.of(renumbered())).isEmpty();
    }

    private List<Event> renumbered() {
        List<Event> out = new ArrayList<>();
        for (Event e : history) {
            out.add(new Event(out.size(), e.micros(), e.process(), e.type(), e.f(), e.node(), e.key(), e.jti(), e.value(),
                    e.policy(), e.dependsOn(), e.fault(), e.outcome()));
        }
        return out;
    }
}

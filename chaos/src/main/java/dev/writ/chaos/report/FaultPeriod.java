package dev.writ.chaos.report;

import dev.writ.chaos.history.Event;
import dev.writ.chaos.history.EventType;
import java.util.ArrayList;
import java.util.List;

/**
 * One fault as the history shows it: from the nemesis's {@code start} invocation to the completion
 * of its {@code heal} (a fault still open when the history ends lasts to the last event).
 */
public record FaultPeriod(long fromMicros, long toMicros, String description) {

    public static List<FaultPeriod> of(List<Event> history) {
        List<FaultPeriod> out = new ArrayList<>();
        long from = -1;
        String what = "";
        long last = history.isEmpty() ? 0 : history.get(history.size() - 1).micros();
        for (Event e : history) {
            if (!e.isNemesis()) {
                continue;
            }
            if (e.f().equals("start") && e.type() == EventType.INVOKE) {
                from = e.micros();
            } else if (e.f().equals("start")) {
                what = e.value() == null ? "fault" : e.value();
            } else if (e.f().equals("heal") && e.type() != EventType.INVOKE && from >= 0) {
                out.add(new FaultPeriod(from, e.micros(), what));
                from = -1;
            }
        }
        if (from >= 0) {
            out.add(new FaultPeriod(from, last, what + " (never healed)"));
        }
        return out;
    }
}

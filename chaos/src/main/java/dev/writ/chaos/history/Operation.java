package dev.writ.chaos.history;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * An invocation paired with its completion. An invocation that never completed (the drill ended
 * first) has no completion and counts as INFO: it may or may not have happened.
 */
public record Operation(Event invoke, Optional<Event> completion) {

    public EventType outcome() {
        return completion.map(Event::type).orElse(EventType.INFO);
    }

    public boolean ok() {
        return outcome() == EventType.OK;
    }

    /** When the answer arrived, or never. */
    public long completedMicros() {
        return completion.map(Event::micros).orElse(Long.MAX_VALUE);
    }

    public String describe() {
        return invoke.describe() + completion.map(c -> "  =>  " + c.describe()).orElse("  =>  (never completed)");
    }

    /** Pairs every invocation with the next event of the same process, in history order. */
    public static List<Operation> pair(List<Event> history) {
        List<Operation> out = new ArrayList<>();
        Map<String, Integer> open = new HashMap<>();
        List<Event> invokes = new ArrayList<>();
        List<Event> completions = new ArrayList<>();
        for (Event e : history) {
            if (e.type() == EventType.INVOKE) {
                open.put(e.process(), invokes.size());
                invokes.add(e);
                completions.add(null);
            } else {
                Integer at = open.remove(e.process());
                if (at != null) {
                    completions.set(at, e);
                }
            }
        }
        for (int i = 0; i < invokes.size(); i++) {
            out.add(new Operation(invokes.get(i), Optional.ofNullable(completions.get(i))));
        }
        return out;
    }
}

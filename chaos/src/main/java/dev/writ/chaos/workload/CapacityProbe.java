package dev.writ.chaos.workload;

import dev.writ.chaos.history.Event;
import dev.writ.chaos.history.EventType;
import dev.writ.chaos.history.HistoryFile;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * Measures what the domain answers at most before a drill whose load is a share of capacity:
 * {@link #PROCESSES} closed-loop clients ({@code k<i>}, each sending its next operation as soon as
 * the last was answered) run the drill's own workload for {@link #WARM_UP} plus {@link #WINDOW};
 * the capacity is the definite answers (OK or refused) per second in the window. The operations are
 * real and recorded in the history like every other, so the checkers judge them too.
 */
public final class CapacityProbe {
    static final int PROCESSES = 16;
    static final Duration WARM_UP = Duration.ofSeconds(3);
    static final Duration WINDOW = Duration.ofSeconds(10);

    private CapacityProbe() {
    }

    public static double measure(DrillClient client, Workload workload, HistoryFile history, Consumer<String> say)
            throws InterruptedException {
        say.accept("measuring capacity: " + PROCESSES + " closed-loop clients for " + (WARM_UP.plus(WINDOW)).toSeconds()
                + " s ...");
        long startMicros = history.now();
        long end = System.nanoTime() + WARM_UP.plus(WINDOW).toNanos();
        List<Thread> threads = new ArrayList<>();
        for (int i = 0; i < PROCESSES; i++) {
            String process = "k" + i;
            Thread t = new Thread(() -> {
                while (System.nanoTime() < end) {
                    client.perform(process, workload.next());
                }
            }, "drill-capacity-" + i);
            t.setDaemon(true);
            threads.add(t);
            t.start();
        }
        for (Thread t : threads) {
            t.join(DrillClient.REQUEST_TIMEOUT.multipliedBy(3).toMillis() + WARM_UP.plus(WINDOW).toMillis());
        }
        double capacity = answeredPerSecond(history.events(), startMicros + WARM_UP.toNanos() / 1000,
                startMicros + WARM_UP.plus(WINDOW).toNanos() / 1000);
        say.accept(String.format(java.util.Locale.ROOT, "capacity: %.1f definite answers/s", capacity));
        return capacity;
    }

    /** Definite answers (OK or FAIL) of the probe's processes completed in {@code [from, to)} micros, per second. */
    static double answeredPerSecond(List<Event> events, long fromMicros, long toMicros) {
        long answered = events.stream().filter(e -> e.process().startsWith("k") && e.micros() >= fromMicros
                && e.micros() < toMicros && (e.type() == EventType.OK || e.type() == EventType.FAIL)).count();
        return answered * 1e6 / (toMicros - fromMicros);
    }
}

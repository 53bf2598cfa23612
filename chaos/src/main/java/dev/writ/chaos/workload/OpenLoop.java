package dev.writ.chaos.workload;

import java.util.Deque;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Offers the workload's steps open loop: a pacer starts one operation every 1/rate seconds,
 * whether or not earlier ones were answered, each on a client process of its own ({@code c<i>}, at
 * most one operation in flight per process, as the history requires). A node that answers slowly or
 * not at all therefore does not slow the load the other nodes see, as it would with a few clients
 * each waiting for its answer; that is what lets a drill see how long the <em>domain</em> stalls.
 * Processes are reused last-in first-out, so a drill uses as few as its load needs. When every
 * process is busy (more than {@link #processesFor} operations in flight) the step is not offered and
 * counted ({@link #notOffered}).
 */
public final class OpenLoop implements LoadControl, AutoCloseable {
    /** How far a burst may raise the rate: the processes are sized for it. */
    static final double BURST_HEADROOM = 5.0;
    /** A pacer that fell this far behind (a starved machine) starts again from now rather than catching up. */
    private static final long MAX_LAG_NANOS = 1_000_000_000L;
    private static final int MIN_PROCESSES = 16;
    private static final int MAX_PROCESSES = 2048;

    private final DrillClient client;
    private final Workload workload;
    private final double rate;
    private final Deque<String> free = new ConcurrentLinkedDeque<>();
    private final ExecutorService executor = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "drill-client");
        t.setDaemon(true);
        return t;
    });
    private final AtomicLong notOffered = new AtomicLong();
    private final Thread pacer;
    private volatile double factor = 1.0;
    private volatile boolean stopped;

    public OpenLoop(DrillClient client, Workload workload, double rate) {
        if (!(rate > 0)) {
            throw new IllegalArgumentException("rate must be positive: " + rate);
        }
        this.client = client;
        this.workload = workload;
        this.rate = rate;
        int processes = processesFor(rate);
        for (int i = processes - 1; i >= 0; i--) {
            free.push("c" + i);
        }
        pacer = new Thread(this::pace, "drill-pacer");
        pacer.setDaemon(true);
    }

    /**
     * Enough processes for every operation of a burst at {@link #BURST_HEADROOM} times the rate to
     * wait out the client's timeout on a node that does not answer, within bounds.
     */
    static int processesFor(double rate) {
        double needed = Math.ceil(rate * BURST_HEADROOM * DrillClient.REQUEST_TIMEOUT.toSeconds() / 2);
        return (int) Math.max(MIN_PROCESSES, Math.min(MAX_PROCESSES, needed));
    }

    public OpenLoop start() {
        pacer.start();
        return this;
    }

    @Override
    public void multiply(double f) {
        if (!(f > 0)) {
            throw new IllegalArgumentException("a load factor must be positive: " + f);
        }
        factor = f;
    }

    @Override
    public double steadyRate() {
        return rate;
    }

    /** Steps not offered because every client process had an operation in flight. */
    public long notOffered() {
        return notOffered.get();
    }

    private void pace() {
        long next = System.nanoTime();
        while (!stopped) {
            next += (long) (1e9 / (rate * factor));
            long wait = next - System.nanoTime();
            if (wait > 0) {
                try {
                    TimeUnit.NANOSECONDS.sleep(wait);
                } catch (InterruptedException e) {
                    return;
                }
            } else if (-wait > MAX_LAG_NANOS) {
                next = System.nanoTime();
            }
            if (stopped) {
                return;
            }
            String process = free.poll();
            if (process == null) {
                notOffered.incrementAndGet();
                continue;
            }
            executor.execute(() -> {
                try {
                    client.perform(process, workload.next());
                } finally {
                    free.push(process);
                }
            });
        }
    }

    /** Stops offering and waits (bounded by three client timeouts) for the operations in flight. */
    @Override
    public void close() throws InterruptedException {
        stopped = true;
        pacer.interrupt();
        pacer.join();
        executor.shutdown();
        executor.awaitTermination(DrillClient.REQUEST_TIMEOUT.toMillis() * 3, TimeUnit.MILLISECONDS);
    }
}

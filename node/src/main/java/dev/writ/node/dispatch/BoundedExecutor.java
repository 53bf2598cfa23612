package dev.writ.node.dispatch;

import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.Semaphore;

/**
 * A dispatcher that takes at most {@code capacity} tasks not yet finished (its threads plus the
 * tasks that may wait for one) and refuses the next at once with {@link RejectedExecutionException},
 * so request-driven work is refused under a flood instead of queueing without bound. The bound is
 * kept here, not in the pool's own queue: a Pekko thread pool whose queue is full runs the task on
 * the caller's thread, which would be a request thread (docs/decisions.md, D38).
 */
public final class BoundedExecutor implements Executor {
    private final String name;
    private final Executor pool;
    private final int capacity;
    private final Semaphore permits;

    public BoundedExecutor(String name, Executor pool, int capacity) {
        if (capacity < 1) {
            throw new IllegalArgumentException(name + " must take at least one task, got a capacity of " + capacity);
        }
        this.name = name;
        this.pool = pool;
        this.capacity = capacity;
        this.permits = new Semaphore(capacity);
    }

    @Override
    public void execute(Runnable task) {
        if (!permits.tryAcquire()) {
            throw new RejectedExecutionException(name + " is full: " + capacity + " tasks running or waiting");
        }
        try {
            pool.execute(() -> {
                try {
                    task.run();
                } finally {
                    permits.release();
                }
            });
        } catch (RuntimeException e) {
            permits.release();
            throw e;
        }
    }
}

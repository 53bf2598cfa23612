package dev.writ.node.evidence;

import dev.writ.protocol.crypto.Hashes;
import dev.writ.protocol.crypto.SigningKey;
import dev.writ.protocol.evidence.ChainHead;
import dev.writ.protocol.evidence.EvidenceRecords;
import dev.writ.protocol.evidence.VerifiedRecord;
import dev.writ.protocol.wire.EvidenceKind;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReadWriteLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A node's evidence writer (invariants 3 and 4). The node owns {@code lanes} lanes of its domain's
 * chain, named {@code <nodeId>-<k>}; one writer thread per lane seals records onto it and
 * group-commits them: it blocks for the first pending append, takes whatever else is pending (up
 * to {@code maxBatch} appends), signs the records one after another and writes the whole group in
 * one transaction. Under load many actions share one durable write; idle, an append costs one.
 *
 * <p>A future completes only after its records are durable. When the transaction fails, every
 * append of the group fails with {@link EvidenceUnavailableException} (the action must be
 * refused), the lane's head is re-read from the store (so a sequence number is never skipped or
 * reused) and the writer goes on serving later appends.
 *
 * <p>When the store does not answer even that read, the lane is <em>unreachable</em>: its appends
 * are refused at once, without waiting for a connection the database cannot give (a request
 * refused during an outage is answered in milliseconds, not after the pool's timeout per group),
 * until {@link #revalidate} finds the store answering again and the lane reads its head. The
 * health monitor calls it once its probe of the database succeeds (docs/architecture.md, "Health"),
 * so the log recovers by itself and no request pays for finding out whether the database is back.
 *
 * <p>A group commit holds appends of many requests, so one request's content must never fail the
 * others' (invariant 9). An append whose story or subject the store cannot hold is refused with
 * {@link EvidenceRejectedException} before it is queued; should the database still refuse a group
 * for a value it cannot hold, its appends are written one by one and only the refused one fails.
 * Neither makes the log unhealthy: that is for a store that does not answer or fails a commit.
 *
 * <p>An append may make a claim ({@link #appendClaimed}): settle a writ, or decide a proposal id.
 * The claim is stored with its group's records, all or nothing, and an append whose claim another
 * transaction (or an earlier append of the group) already holds gets no record at all (on PostgreSQL
 * the group is sealed as if every claim were won and written in one statement; when one was held, that
 * statement keeps nothing and the group is sealed again without the losers, {@link EvidenceStore#write}): single use (invariant 2) and one decision per proposal id are decided by the database's
 * key, durably, together with the winner's evidence, and the chain holds winners only.
 */
public final class EvidenceLog implements AutoCloseable {
    /** Default bound of appends waiting on one lane before new ones are refused (back-pressure). */
    public static final int DEFAULT_MAX_PENDING_PER_LANE = 10_000;

    private static final Logger LOG = LoggerFactory.getLogger(EvidenceLog.class);

    /** One lifecycle event to record: its kind, what it is about, and the artifact bytes. */
    public record Entry(EvidenceKind kind, String subject, byte[] payload) {
        public Entry {
            Objects.requireNonNull(kind, "kind");
            Objects.requireNonNull(subject, "subject");
            Objects.requireNonNull(payload, "payload");
            if (kind == EvidenceKind.EVIDENCE_KIND_UNSPECIFIED || kind == EvidenceKind.UNRECOGNIZED) {
                throw new IllegalArgumentException("an evidence entry needs a kind, got " + kind);
            }
            payload = payload.clone();
        }

        @Override
        public byte[] payload() {
            return payload.clone();
        }
    }

    /** What became of an append that made a claim of type {@code C}. */
    public sealed interface Claimed<C extends Claim> permits Won, Lost {
    }

    /** The claim was free: this append holds it now, and its records are durable. */
    public record Won<C extends Claim>(List<VerifiedRecord> records) implements Claimed<C> {
        public Won {
            records = List.copyOf(records);
        }
    }

    /**
     * The key was held already, as {@code held} (the row found, of the claim's type) says: the writ
     * was settled, or the proposal id decided; nothing of this append was recorded.
     */
    public record Lost<C extends Claim>(C held) implements Claimed<C> {
    }

    /**
     * Counters for metrics; appends and records count only what became durable. Failed appends
     * met an unavailable store; rejected ones had content the store cannot hold.
     */
    public record Stats(long batchesWritten, long appendsWritten, long recordsWritten, long failedBatches,
                        long failedAppends, long rejectedAppends, int lastBatchAppends, int lastBatchRecords,
                        long commitNanos) {
    }

    private final EvidenceStore store;
    private final SigningKey nodeKey;
    private final String domain;
    private final String nodeId;
    private final int maxBatch;
    private final Clock clock;
    private final Executor completions;
    private final List<Lane> lanes;
    private final ReadWriteLock closing = new ReentrantReadWriteLock();
    private boolean closed;

    private final AtomicLong batchesWritten = new AtomicLong();
    private final AtomicLong appendsWritten = new AtomicLong();
    private final AtomicLong recordsWritten = new AtomicLong();
    private final AtomicLong failedBatches = new AtomicLong();
    private final AtomicLong failedAppends = new AtomicLong();
    private final AtomicLong rejectedAppends = new AtomicLong();
    private final AtomicLong commitNanos = new AtomicLong();
    private volatile int lastBatchAppends;
    private volatile int lastBatchRecords;
    private volatile String lastError;

    public EvidenceLog(EvidenceStore store, SigningKey nodeKey, String domain, String nodeId, int lanes,
                       int maxBatch, Clock clock, Executor completions) {
        this(store, nodeKey, domain, nodeId, lanes, maxBatch, DEFAULT_MAX_PENDING_PER_LANE, clock, completions);
    }

    /**
     * Starts one writer thread per lane; each lane continues from its head in the store (genesis
     * when empty). A store that cannot be read now leaves the log unhealthy; the lane reads its
     * head again before its next write.
     *
     * @param maxPendingPerLane appends that may wait on one lane; beyond it appends are refused at once
     * @param completions where appends complete, and so where callers' continuations run: never on a
     *                    lane's writer thread, which must go back to writing
     */
    public EvidenceLog(EvidenceStore store, SigningKey nodeKey, String domain, String nodeId, int lanes,
                       int maxBatch, int maxPendingPerLane, Clock clock, Executor completions) {
        this.store = Objects.requireNonNull(store, "store");
        this.completions = Objects.requireNonNull(completions, "completions");
        this.nodeKey = Objects.requireNonNull(nodeKey, "nodeKey");
        this.domain = requireText(domain, "domain");
        this.nodeId = requireText(nodeId, "nodeId");
        this.clock = Objects.requireNonNull(clock, "clock");
        if (lanes < 1 || maxBatch < 1 || maxPendingPerLane < 1) {
            throw new IllegalArgumentException("lanes, maxBatch and maxPendingPerLane must be >= 1");
        }
        this.maxBatch = maxBatch;
        List<Lane> created = new ArrayList<>(lanes);
        for (int k = 0; k < lanes; k++) {
            created.add(new Lane(nodeId + "-" + k, maxPendingPerLane));
        }
        this.lanes = List.copyOf(created);
        for (Lane lane : this.lanes) {
            lane.loadHead();
        }
        for (Lane lane : this.lanes) {
            lane.thread.start();
        }
    }

    /**
     * Seals {@code entries} consecutively onto one lane (chosen by the story, so a story stays on
     * one lane) and completes with the records once they are durable, or exceptionally with
     * {@link EvidenceUnavailableException} when they cannot be made durable; the caller must then
     * refuse the action (invariant 3). A story or subject the store cannot hold fails at once with
     * {@link EvidenceRejectedException}, before it can share a transaction with anyone's records.
     */
    public CompletableFuture<List<VerifiedRecord>> append(String story, List<Entry> entries) {
        CompletableFuture<List<VerifiedRecord>> records = new CompletableFuture<>();
        // Completed by hand, not by thenApply: callers see the failure itself, never wrapped.
        enqueue(story, null, entries).whenComplete((claimed, failure) -> {
            if (failure != null) {
                records.completeExceptionally(failure);
            } else {
                records.complete(((Won<?>) claimed).records());
            }
        });
        return records;
    }

    /**
     * Like {@link #append}, with the records written only if {@code claim} is won in the same
     * transaction: completes with {@link Won} once the claim and the records are durable together,
     * with {@link Lost} (nothing recorded) when its key was held already, or exceptionally as
     * {@link #append} does, and then neither the claim nor the records were stored (unless a lost
     * commit acknowledgement hides that both were: a later claim then finds it held).
     */
    @SuppressWarnings("unchecked") // a held row is read back as the claim's own type (ClaimRows.held)
    public <C extends Claim> CompletableFuture<Claimed<C>> appendClaimed(String story, C claim, List<Entry> entries) {
        CompletableFuture<?> claimed = enqueue(story, Objects.requireNonNull(claim, "claim"), entries);
        return (CompletableFuture<Claimed<C>>) claimed;
    }

    private CompletableFuture<Claimed<?>> enqueue(String story, Claim claim, List<Entry> entries) {
        CompletableFuture<Claimed<?>> result = new CompletableFuture<>();
        try {
            Objects.requireNonNull(story, "story");
            if (entries.isEmpty()) {
                throw new IllegalArgumentException("an append needs at least one entry");
            }
            entries.forEach(e -> Objects.requireNonNull(e, "entry"));
            EvidenceColumn.STORY.require(story);
            entries.forEach(e -> EvidenceColumn.SUBJECT.require(e.subject()));
            if (claim != null) {
                ClaimRows.requireStorable(claim);
            }
        } catch (EvidenceRejectedException rejected) {
            rejectedAppends.incrementAndGet();
            result.completeExceptionally(rejected);
            return result;
        } catch (RuntimeException invalid) {
            result.completeExceptionally(invalid);
            return result;
        }
        Lane lane = laneFor(story);
        Pending pending = new Pending(story, claim, List.copyOf(entries), result);
        closing.readLock().lock();
        try {
            if (closed) {
                result.completeExceptionally(new EvidenceUnavailableException(
                        "evidence log of " + nodeId + " is closed; the action must be refused"));
            } else if (lane.unreachable) {
                failedAppends.incrementAndGet();
                result.completeExceptionally(lane.unreachableFailure());
            } else if (!lane.queue.offer(pending)) {
                failedAppends.incrementAndGet();
                result.completeExceptionally(new EvidenceUnavailableException("evidence lane " + lane.name
                        + " has " + lane.queue.size() + " appends waiting; refusing more (back-pressure)"));
            }
        } finally {
            closing.readLock().unlock();
        }
        return result;
    }

    /**
     * Whether every lane knows its head, so appends go to the store: false from a write or head
     * read that did not reach the database until a probe ({@link #revalidate}) reads the head
     * again. Meanwhile every append is refused at once.
     */
    public boolean reachable() {
        for (Lane lane : lanes) {
            if (lane.unreachable) {
                return false;
            }
        }
        return true;
    }

    /**
     * False after a failed write or head read, until the next successful write. A rejected append
     * (content the store cannot hold) leaves it as it was: the store answered.
     */
    public boolean healthy() {
        for (Lane lane : lanes) {
            if (!lane.healthy) {
                return false;
            }
        }
        return true;
    }

    /**
     * Lets every lane that is not healthy read its head again, on its writer thread, behind what
     * is queued on it: a lane whose read succeeds is healthy and takes appends again. For the
     * health monitor, once the store answers its probe; a lane that is healthy is left alone.
     */
    public void revalidate() {
        closing.readLock().lock();
        try {
            for (Lane lane : lanes) {
                if (!closed && !lane.healthy && lane.probeQueued.compareAndSet(false, true) && !lane.queue.offer(PROBE)) {
                    lane.probeQueued.set(false); // full for now: the next health check asks again
                }
            }
        } finally {
            closing.readLock().unlock();
        }
    }

    /** The last failure's message, or null if there was none. */
    public String lastError() {
        return lastError;
    }

    public Stats stats() {
        return new Stats(batchesWritten.get(), appendsWritten.get(), recordsWritten.get(), failedBatches.get(),
                failedAppends.get(), rejectedAppends.get(), lastBatchAppends, lastBatchRecords, commitNanos.get());
    }

    /** Appends waiting on each lane now, by lane name. */
    public Map<String, Integer> laneDepths() {
        Map<String, Integer> depths = new LinkedHashMap<>();
        lanes.forEach(l -> depths.put(l.name, l.queue.size()));
        return depths;
    }

    /** The names of this node's lanes, {@code <nodeId>-0} first. */
    public List<String> laneNames() {
        return lanes.stream().map(l -> l.name).toList();
    }

    /**
     * Stops accepting appends, lets each writer commit (or fail) everything already queued, and
     * waits for the writers to finish. Nothing pending is silently dropped.
     */
    @Override
    public void close() {
        closing.writeLock().lock();
        try {
            if (closed) {
                return;
            }
            closed = true;
        } finally {
            closing.writeLock().unlock();
        }
        boolean interrupted = false;
        for (Lane lane : lanes) {
            while (true) {
                try {
                    lane.queue.put(STOP); // behind everything already queued: those commit or fail first
                    break;
                } catch (InterruptedException e) {
                    interrupted = true;
                }
            }
        }
        for (Lane lane : lanes) {
            while (lane.thread.isAlive()) {
                try {
                    lane.thread.join();
                } catch (InterruptedException e) {
                    interrupted = true;
                }
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    private Lane laneFor(String story) {
        byte[] digest = Hashes.sha256(story.getBytes(StandardCharsets.UTF_8));
        int bits = ((digest[0] & 0xff) << 24) | ((digest[1] & 0xff) << 16) | ((digest[2] & 0xff) << 8) | (digest[3] & 0xff);
        return lanes.get(Math.floorMod(bits, lanes.size()));
    }

    /** One append waiting for its lane; {@code claim} is null when it claims nothing. */
    private record Pending(String story, Claim claim, List<Entry> entries, CompletableFuture<Claimed<?>> future) {
    }

    /** A group's records sealed from the lane's head: each append's, all the rows to store, and the head after them. */
    private record Sealed(List<List<VerifiedRecord>> byAppend, List<StoredRecord> rows, ChainHead next) {
    }

    /** Queued by close() behind the last append of a lane. */
    private static final Pending STOP = new Pending("", null, List.of(), new CompletableFuture<>());
    /** Queued by revalidate(): the lane reads its head again. */
    private static final Pending PROBE = new Pending("", null, List.of(), new CompletableFuture<>());

    /** One lane: its queue, its writer thread and its head, which only that thread touches. */
    private final class Lane implements Runnable {
        final String name;
        final BlockingQueue<Pending> queue;
        final Thread thread;
        volatile boolean healthy = true;
        /** The store did not answer the last read of the head: appends are refused at once until a probe reads it. */
        volatile boolean unreachable;
        final AtomicBoolean probeQueued = new AtomicBoolean();
        /** The next place to write; null when unknown (the store did not answer): unreachable until a probe reads it. */
        private ChainHead head;

        Lane(String name, int maxPending) {
            this.name = name;
            this.queue = new LinkedBlockingQueue<>(maxPending);
            this.thread = new Thread(this, "writ-evidence-" + name);
            this.thread.setDaemon(true);
        }

        @Override
        public void run() {
            List<Pending> batch = new ArrayList<>(maxBatch);
            boolean stop = false;
            while (!stop) {
                try {
                    batch.add(queue.take());
                } catch (InterruptedException e) {
                    // Nobody interrupts this thread (an interrupt can close H2's file channel);
                    // close() stops it with STOP. Keep serving.
                    continue;
                }
                queue.drainTo(batch, maxBatch - 1);
                // close() refuses appends before it queues STOP, so STOP is the last item ever
                stop = batch.get(batch.size() - 1) == STOP;
                if (stop) {
                    batch.remove(batch.size() - 1);
                }
                if (batch.removeIf(p -> p == PROBE)) {
                    probe();
                }
                if (!batch.isEmpty() && unreachable) {
                    // queued before the store stopped answering: refused now, not one pool timeout per group
                    refuse(batch, unreachableFailure());
                } else if (!batch.isEmpty()) {
                    write(batch);
                }
                batch.clear();
            }
        }

        /** revalidate(): the head read again; healthy once the store gave it. */
        private void probe() {
            probeQueued.set(false);
            loadHead();
            if (head != null) {
                healthy = true;
                LOG.info("evidence lane {}: the store answers again, head {}; taking appends", name, head);
            }
        }

        EvidenceUnavailableException unreachableFailure() {
            return new EvidenceUnavailableException("evidence lane " + name + ": the store did not answer ("
                    + lastError + "); refusing at once until it answers the health check again");
        }

        void loadHead() {
            try {
                head = store.head(domain, name).orElseGet(() -> ChainHead.genesis(domain, name));
                unreachable = false;
            } catch (RuntimeException e) {
                head = null;
                healthy = false;
                unreachable = true;
                lastError = e.getMessage();
                LOG.error("evidence lane {}: cannot read its head from the store ({}); appends on it are refused"
                        + " until the store answers", name, e.getMessage());
            }
        }

        /** Claims, seals and stores one group; false when the store failed it (then it is refused and the lane unhealthy). */
        private boolean write(List<Pending> batch) {
            Sealed[] sealed = new Sealed[1];
            Map<Integer, Claim> held;
            long started = System.nanoTime();
            try {
                Map<Integer, Claim> claims = new HashMap<>();
                for (int i = 0; i < batch.size(); i++) {
                    if (batch.get(i).claim != null) {
                        claims.put(i, batch.get(i).claim);
                    }
                }
                // Sealed from the head each time the store asks: once as if every claim were won,
                // again without the lost ones if one was held after all (nothing of the first was
                // kept then). The head moves only below, once the store says the group is durable.
                held = store.write(claims, lost -> {
                    sealed[0] = seal(batch, lost);
                    return sealed[0].rows();
                });
                head = sealed[0].next();
            } catch (EvidenceRejectedException rejected) {
                // Nothing of the group was stored (the database refused a value before the commit),
                // so the head stands. The store answered: the lane stays as healthy as it was.
                return batch.size() == 1 ? reject(batch.get(0), rejected) : writeOneByOne(batch, rejected);
            } catch (RuntimeException e) {
                failBatch(batch, sealed[0] == null ? 0 : sealed[0].rows().size(), e);
                return false;
            }
            List<StoredRecord> rows = sealed[0].rows();
            commitNanos.addAndGet(System.nanoTime() - started);
            batchesWritten.incrementAndGet();
            appendsWritten.addAndGet(batch.size() - held.size());
            recordsWritten.addAndGet(rows.size());
            lastBatchAppends = batch.size() - held.size();
            lastBatchRecords = rows.size();
            healthy = true;
            // invariant 3: acknowledge only now, after the transaction committed
            // (a copy: this thread clears and refills its batch list while the completions run)
            List<Pending> done = List.copyOf(batch);
            List<List<VerifiedRecord>> byAppend = sealed[0].byAppend();
            completions.execute(() -> {
                for (int i = 0; i < done.size(); i++) {
                    Claim lost = held.get(i);
                    done.get(i).future.complete(lost != null ? new Lost<>(lost) : new Won<>(byAppend.get(i)));
                }
            });
            return true;
        }

        /** The group's records from the head on, none for the appends whose claim was {@code lost}. */
        private Sealed seal(List<Pending> batch, Map<Integer, Claim> lost) {
            long now = clock.millis();
            ChainHead next = head;
            List<List<VerifiedRecord>> byAppend = new ArrayList<>(batch.size());
            List<StoredRecord> rows = new ArrayList<>();
            for (int i = 0; i < batch.size(); i++) {
                Pending pending = batch.get(i);
                List<VerifiedRecord> records = new ArrayList<>(pending.entries.size());
                if (!lost.containsKey(i)) {
                    for (Entry entry : pending.entries) {
                        byte[] payload = entry.payload;
                        VerifiedRecord record = EvidenceRecords.seal(nodeKey, nodeId, next, entry.kind(),
                                entry.subject(), Hashes.sha256(payload), now);
                        records.add(record);
                        rows.add(new StoredRecord(record, payload, pending.story));
                        next = record.next();
                    }
                }
                byAppend.add(List.copyOf(records));
            }
            return new Sealed(byAppend, List.copyOf(rows), next);
        }

        /**
         * Invariant 9: the database refused a group for one row's content, which the column check
         * did not foresee (a character its encoding lacks, say). The appends grouped with that row
         * are not to blame, so each is written alone and only the refused one fails; once the store
         * itself fails, the rest are refused with it.
         */
        private boolean writeOneByOne(List<Pending> batch, EvidenceRejectedException rejected) {
            LOG.warn("evidence lane {}: the store refused a group of {} appends for a value it cannot hold ({});"
                    + " writing them one by one", name, batch.size(), rejected.getMessage());
            for (int i = 0; i < batch.size(); i++) {
                if (!write(List.of(batch.get(i)))) {
                    refuse(batch.subList(i + 1, batch.size()), new EvidenceUnavailableException("evidence lane " + name
                            + " failed while writing a refused group one by one: " + lastError));
                    return false;
                }
            }
            return true;
        }

        private boolean reject(Pending pending, EvidenceRejectedException rejected) {
            rejectedAppends.incrementAndGet();
            LOG.warn("evidence lane {}: an append ({} records) was refused for its content: {}", name,
                    pending.entries.size(), rejected.getMessage());
            completions.execute(() -> pending.future.completeExceptionally(rejected));
            return true;
        }

        private void failBatch(List<Pending> batch, int rows, RuntimeException cause) {
            EvidenceUnavailableException failure = cause instanceof EvidenceUnavailableException unavailable
                    ? unavailable
                    : new EvidenceUnavailableException("evidence lane " + name + " failed to seal or write: " + cause, cause);
            failedBatches.incrementAndGet();
            healthy = false;
            lastError = failure.getMessage();
            // The transaction may or may not have committed (a lost commit acknowledgement): only
            // the store knows, so the head comes from there; never from what this thread sealed.
            // Without a connection there is no asking it now: the head is unknown until a probe
            // (revalidate) reads it, and appends are refused at once meanwhile.
            ChainHead before = head;
            if (failure.noConnection()) {
                head = null;
                unreachable = true;
            } else {
                loadHead();
            }
            LOG.error("evidence lane {}: {} appends ({} records) not persisted, refusing them: {}; head {} -> {}",
                    name, batch.size(), rows, failure.getMessage(), before, head == null ? "unknown" : head);
            refuse(batch, failure);
        }

        private void refuse(List<Pending> batch, EvidenceUnavailableException failure) {
            failedAppends.addAndGet(batch.size());
            List<Pending> refused = List.copyOf(batch);
            completions.execute(() -> refused.forEach(pending -> pending.future.completeExceptionally(failure)));
        }
    }

    private static String requireText(String value, String what) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException(what + " must not be blank");
        }
        return value;
    }
}

package dev.writ.contracts.anchor;

import java.time.Clock;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The edge of {@link ChainHealth}: reads the head and the outbox on every {@link #run()}, remembers
 * when the head last moved and when it first saw the oldest open batch (both on this node's clock),
 * and publishes the verdict for the node's health monitor. Every node
 * runs one (its own view of the RPC); the outbox is the domain's, shared.
 */
public final class ChainProbe implements Runnable {
    private final String domain;
    private final AnchorChain chain;
    private final AnchorOutbox outbox;
    private final ChainHealthBounds bounds;
    private final Clock clock;
    private final AtomicReference<ChainStatus> latest = new AtomicReference<>();
    private ChainStatus.ChainHeadSeen head = ChainStatus.ChainHeadSeen.NONE;
    private ChainStatus.OldestOpenSeen oldest = ChainStatus.OldestOpenSeen.NONE;

    public ChainProbe(String domain, AnchorChain chain, AnchorOutbox outbox, ChainHealthBounds bounds, Clock clock) {
        this.domain = domain;
        this.chain = chain;
        this.outbox = outbox;
        this.bounds = bounds;
        this.clock = clock;
        latest.set(new ChainStatus(ChainStatus.Level.DEGRADED, java.util.List.of(new ChainStatus.Reason(
                ChainHealth.CHAIN_UNREACHABLE, ChainStatus.Level.DEGRADED, "the chain was not probed yet")), head, null, oldest));
    }

    @Override
    public synchronized void run() {
        long now = clock.millis();
        Optional<String> rpcError = Optional.empty();
        try {
            ChainHead h = chain.head();
            if (h.number() != head.number()) {
                head = new ChainStatus.ChainHeadSeen(h.number(), h.timestampSeconds(), now);
            }
        } catch (RuntimeException e) { // ChainException, or an answer web3j could not read: either way no head
            rpcError = Optional.of(String.valueOf(e.getMessage()));
            if (head.number() < 0) {
                head = new ChainStatus.ChainHeadSeen(-1, 0, now);
            }
        }
        Optional<OutboxStats> stats;
        String outboxError = "";
        try {
            stats = Optional.of(outbox.stats(domain));
            oldest = oldest.next(stats.get().oldestOpenBatch(), now);
        } catch (OutboxUnavailableException e) {
            stats = Optional.empty();
            outboxError = e.getMessage();
        }
        latest.set(ChainHealth.assess(rpcError, head, stats, outboxError, oldest, bounds, now));
    }

    /** The last verdict (DEGRADED "not probed yet" before the first run). */
    public ChainStatus status() {
        return latest.get();
    }
}

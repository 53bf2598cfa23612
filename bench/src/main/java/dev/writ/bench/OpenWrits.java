package dev.writ.bench;

import com.google.protobuf.InvalidProtocolBufferException;
import dev.writ.protocol.wire.ExecutionContract;
import dev.writ.protocol.wire.ProposalResponse;
import java.time.Duration;
import java.util.concurrent.atomic.LongAccumulator;
import java.util.concurrent.atomic.LongAdder;

/**
 * The writs the generator got and has not redeemed, and when the last of them runs out. Each one
 * left open costs its node an EXPIRY record (and its claim) once its window and the node's grace
 * have passed: work of the phase that left it, which must not land in a later phase's figures (an
 * admission-only phase's writs ran out during the next redemption phase and doubled its database
 * work, D119). {@link #settle} waits until the nodes have swept them, then forgets them.
 */
final class OpenWrits {
    /** Writs live at most 300 s (the contract's window); a contract that cannot be read is counted as that long. */
    private static final Duration LONGEST_WINDOW = Duration.ofSeconds(300);

    private final LongAdder admitted = new LongAdder();
    private final LongAdder redeemed = new LongAdder();
    private final LongAccumulator latestExpiry = new LongAccumulator(Math::max, 0);

    /** A writ this generator got, from an ALLOW answer. */
    void admitted(ProposalResponse allow) {
        long expiresAt;
        try {
            expiresAt = ExecutionContract.parseFrom(allow.getContract()).getExpiresAtMillis();
        } catch (InvalidProtocolBufferException e) {
            expiresAt = System.currentTimeMillis() + LONGEST_WINDOW.toMillis();
        }
        latestExpiry.accumulate(expiresAt);
        admitted.increment();
    }

    /** One of those writs, redeemed. */
    void redeemed() {
        redeemed.increment();
    }

    /**
     * Between phases, nothing in flight: when writs are open, sleeps until {@code swept} after the
     * last one's expiry (the nodes' grace, a sweep interval and the sweep's own writes), then
     * forgets them; they are the nodes' expiries now, recorded.
     */
    GeneratorProtocol.Settled settle(Duration swept) throws InterruptedException {
        long open = admitted.sum() - redeemed.sum();
        if (open <= 0) {
            return new GeneratorProtocol.Settled(0, 0);
        }
        long waited = Math.max(0, latestExpiry.get() + swept.toMillis() - System.currentTimeMillis());
        Thread.sleep(waited);
        redeemed.add(open);
        return new GeneratorProtocol.Settled(open, waited);
    }
}

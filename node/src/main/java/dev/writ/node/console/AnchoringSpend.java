package dev.writ.node.console;

import dev.writ.node.anchoring.ChainAnchoring;
import java.math.BigInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The gas and fees of the anchor batches this node's submitter confirmed since the node started, told
 * by the submitter as each batch is mined (the console's anchoring view; the metrics keep their own).
 */
public final class AnchoringSpend implements ChainAnchoring.Confirmed {
    private final AtomicLong batches = new AtomicLong();
    private final AtomicLong gas = new AtomicLong();
    private final AtomicReference<BigInteger> feeWei = new AtomicReference<>(BigInteger.ZERO);

    @Override
    public void batch(long delayMillis, long gasUsed, BigInteger fee) {
        batches.incrementAndGet();
        gas.addAndGet(gasUsed);
        feeWei.accumulateAndGet(fee, BigInteger::add);
    }

    long batches() {
        return batches.get();
    }

    long gas() {
        return gas.get();
    }

    BigInteger feeWei() {
        return feeWei.get();
    }
}

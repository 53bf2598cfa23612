package dev.writ.contracts.anchor;

import java.math.BigInteger;
import java.util.Objects;

/** EIP-1559 fees of one anchoring transaction, in wei per gas. */
public record Fees(BigInteger maxFeePerGas, BigInteger maxPriorityFeePerGas) {
    /** No transaction was sent yet. */
    public static final Fees NONE = new Fees(BigInteger.ZERO, BigInteger.ZERO);

    private static final BigInteger NINE = BigInteger.valueOf(9);
    private static final BigInteger EIGHT = BigInteger.valueOf(8);

    public Fees {
        Objects.requireNonNull(maxFeePerGas, "maxFeePerGas");
        Objects.requireNonNull(maxPriorityFeePerGas, "maxPriorityFeePerGas");
        if (maxFeePerGas.signum() < 0 || maxPriorityFeePerGas.signum() < 0 || maxPriorityFeePerGas.compareTo(maxFeePerGas) > 0) {
            throw new IllegalArgumentException("fees must be 0 <= priority <= max, got " + maxPriorityFeePerGas + " / " + maxFeePerGas);
        }
    }

    /** The node's suggestion: twice the base fee plus the tip, so the transaction survives a few base-fee rises. */
    public static Fees suggested(BigInteger baseFeePerGas, BigInteger priorityFeePerGas) {
        return new Fees(baseFeePerGas.shiftLeft(1).add(priorityFeePerGas), priorityFeePerGas);
    }

    /**
     * The fees of a replacement for a transaction sent with these: nodes accept a transaction with
     * the same nonce only when both fees rise by at least 10 % (geth) or 12.5 % (others), so both
     * rise by 12.5 % rounded up plus one wei, or to the node's current suggestion when that is higher.
     */
    public Fees bumped(Fees current) {
        BigInteger tip = max(bump(maxPriorityFeePerGas), current.maxPriorityFeePerGas);
        BigInteger max = max(max(bump(maxFeePerGas), current.maxFeePerGas), tip);
        return new Fees(max, tip);
    }

    private static BigInteger bump(BigInteger fee) {
        BigInteger[] qr = fee.multiply(NINE).divideAndRemainder(EIGHT);
        return qr[0].add(qr[1].signum() == 0 ? BigInteger.ZERO : BigInteger.ONE).add(BigInteger.ONE);
    }

    private static BigInteger max(BigInteger a, BigInteger b) {
        return a.compareTo(b) >= 0 ? a : b;
    }
}

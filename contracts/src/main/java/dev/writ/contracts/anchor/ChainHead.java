package dev.writ.contracts.anchor;

import java.math.BigInteger;

/** The latest block as the node reports it. */
public record ChainHead(long number, long timestampSeconds, BigInteger baseFeePerGas) {
}

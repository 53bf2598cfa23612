package dev.writ.reconciliation;

/**
 * How fresh a domain's beacon must be for its actions to be accepted.
 *
 * @param beaconStalenessMillis a beacon received longer ago than this is stale (EPOCH_STALE)
 * @param maxClockSkewMillis    how far the sender's clock may differ from ours: a beacon the sender
 *                              dated more than staleness + skew ago is stale even if it just arrived
 *                              (a repaired old beacon proves nothing about now)
 */
public record Bounds(long beaconStalenessMillis, long maxClockSkewMillis) {
    public Bounds {
        if (beaconStalenessMillis <= 0 || maxClockSkewMillis < 0) {
            throw new IllegalArgumentException("the staleness bound is positive and the skew allowance not negative");
        }
    }
}

package dev.writ.node.exchange;

/**
 * How many repair and lineage requests an endpoint may still serve: a token bucket that holds at
 * most one second's worth and refills continuously. Pure (the caller passes the time) and owned by
 * one actor, so it needs no locking.
 */
final class ServingAllowance {
    private final int perSecond;
    private double tokens;
    private long lastMillis;

    ServingAllowance(int perSecond, long nowMillis) {
        if (perSecond < 1) {
            throw new IllegalArgumentException("at least one request a second, got " + perSecond);
        }
        this.perSecond = perSecond;
        this.tokens = perSecond;
        this.lastMillis = nowMillis;
    }

    /** Takes one request's worth when there is one; false means: drop the request unanswered. */
    boolean take(long nowMillis) {
        if (nowMillis > lastMillis) {
            tokens = Math.min(perSecond, tokens + (nowMillis - lastMillis) * perSecond / 1000.0);
            lastMillis = nowMillis;
        }
        if (tokens < 1) {
            return false;
        }
        tokens -= 1;
        return true;
    }
}

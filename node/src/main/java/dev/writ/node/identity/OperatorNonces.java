package dev.writ.node.identity;

import dev.writ.node.refusal.Refusal;
import dev.writ.node.refusal.RefusalCode;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;

/**
 * The nonces of the operator requests this node served, per operator, each held while its request
 * could still be accepted (signed time + clock skew): a nonce seen again in that time is a replay
 * (OPERATOR_REPLAYED). What it cannot vouch for it refuses (OPERATOR_INVALID): a request signed
 * before the node started (its previous run may have served it, and its nonces are gone), or one
 * whose window ended before the latest time this node has seen (its clock went back: the nonce may
 * have been let go). Bounded: at most {@code capacity} nonces per operator, and when all of an
 * operator's are still valid its next request is refused (OPERATOR_RATE_LIMITED) rather than one
 * forgotten, so memory never buys a replay. Only requests whose signature held get here, so only an
 * operator's key fills its share. Thread-safe.
 */
final class OperatorNonces {
    private final long skewMillis;
    private final int capacity;
    private final long startedAtMillis;
    /** Operator id → nonce → until when its request could be accepted (millis). */
    private final Map<String, Map<String, Long>> held = new HashMap<>();
    /** The latest time seen: nonces are let go by it, never by an earlier time a clock stepped back to. */
    private long horizon;

    OperatorNonces(Duration skew, int capacity, Instant startedAt) {
        if (capacity < 1) {
            throw new IllegalArgumentException("a node holds at least one nonce per operator, got " + capacity);
        }
        this.skewMillis = skew.toMillis();
        this.capacity = capacity;
        this.startedAtMillis = startedAt.toEpochMilli();
        this.horizon = startedAtMillis;
    }

    /** Holds {@code nonce} of a request {@code operator} signed at {@code signedMillis}, or refuses the request. */
    synchronized void admit(String operator, String nonce, long signedMillis, long nowMillis) throws Refusal {
        if (signedMillis < startedAtMillis) {
            throw new Refusal(RefusalCode.OPERATOR_INVALID, "", "the request was signed at "
                    + Instant.ofEpochMilli(signedMillis) + ", before this node started at "
                    + Instant.ofEpochMilli(startedAtMillis) + "; it no longer holds the nonces of requests from"
                    + " before, so sign the request again");
        }
        horizon = Math.max(horizon, nowMillis);
        long acceptableUntil = signedMillis + skewMillis;
        if (acceptableUntil < horizon) {
            throw new Refusal(RefusalCode.OPERATOR_INVALID, "", "the request was signed at "
                    + Instant.ofEpochMilli(signedMillis) + ", more than the clock skew before "
                    + Instant.ofEpochMilli(horizon) + ", a time this node's clock already showed; sign it again");
        }
        Map<String, Long> nonces = held.computeIfAbsent(operator, o -> new HashMap<>());
        long now = horizon;
        nonces.values().removeIf(until -> until < now);
        if (nonces.containsKey(nonce)) {
            throw new Refusal(RefusalCode.OPERATOR_REPLAYED, "", "operator " + operator + " already sent a request"
                    + " with nonce " + nonce + " to this node; a request is served once, so sign a new one");
        }
        if (nonces.size() >= capacity) {
            throw new Refusal(RefusalCode.OPERATOR_RATE_LIMITED, "", "operator " + operator + " sent " + capacity
                    + " admin requests to this node within the clock skew (writ.identity.operator-nonce-capacity);"
                    + " nothing was done, retry in a few seconds");
        }
        nonces.put(nonce, acceptableUntil);
    }
}

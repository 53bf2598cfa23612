package dev.writ.node.expiry;

import java.util.Arrays;
import java.util.Optional;

/**
 * When the writs a node issued fall due for expiry, so that the sweeper reads each unsettled
 * issuance twice at most: once when new, and once when due if nobody settled it meanwhile. An entry
 * is two numbers, its due time and its issuance time, in a binary heap ordered by due time; the
 * heap holds the node's issuances of the last writ window (at most 300 s), so its size is bounded by
 * the node's admission rate. Not thread-safe: one sweeper owns it.
 */
final class ExpirySchedule {
    /** The issuance times, first and last inclusive, of the entries taken as due. */
    record Due(long firstIssuedMillis, long lastIssuedMillis) {
    }

    private long[] dueAt = new long[64];
    private long[] issuedAt = new long[64];
    private int size;

    /** Schedules an issuance of {@code issuedMillis} to be looked at again from {@code dueMillis} on. */
    void add(long dueMillis, long issuedMillis) {
        if (size == dueAt.length) {
            dueAt = Arrays.copyOf(dueAt, size * 2);
            issuedAt = Arrays.copyOf(issuedAt, size * 2);
        }
        int i = size++;
        while (i > 0) {
            int parent = (i - 1) / 2;
            if (dueAt[parent] <= dueMillis) {
                break;
            }
            dueAt[i] = dueAt[parent];
            issuedAt[i] = issuedAt[parent];
            i = parent;
        }
        dueAt[i] = dueMillis;
        issuedAt[i] = issuedMillis;
    }

    /** Removes every entry due at {@code nowMillis}; the span of their issuance times, or empty when none is due. */
    Optional<Due> takeDue(long nowMillis) {
        long first = Long.MAX_VALUE;
        long last = Long.MIN_VALUE;
        while (size > 0 && dueAt[0] <= nowMillis) {
            first = Math.min(first, issuedAt[0]);
            last = Math.max(last, issuedAt[0]);
            removeFirst();
        }
        return first == Long.MAX_VALUE ? Optional.empty() : Optional.of(new Due(first, last));
    }

    int size() {
        return size;
    }

    private void removeFirst() {
        size--;
        long due = dueAt[size];
        long issued = issuedAt[size];
        int i = 0;
        while (true) {
            int child = 2 * i + 1;
            if (child >= size) {
                break;
            }
            if (child + 1 < size && dueAt[child + 1] < dueAt[child]) {
                child++;
            }
            if (dueAt[child] >= due) {
                break;
            }
            dueAt[i] = dueAt[child];
            issuedAt[i] = issuedAt[child];
            i = child;
        }
        dueAt[i] = due;
        issuedAt[i] = issued;
    }
}

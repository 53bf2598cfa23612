package dev.writ.node.console;

import dev.writ.node.evidence.StoredRecord;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Where one live decision stream is: the decisions it has sent, by position, for as long as a record
 * could still appear behind them. A record is dated when its lane takes it and becomes readable once
 * durable, at most the write timeout later; so each poll reads from that far back and sends only
 * what it has not sent. Pure: time comes in as an argument.
 */
final class DecisionCursor {
    private final long lookbackMillis;
    /** Sent decisions' positions (lane#seq) and times. */
    private final Map<String, Long> sent = new HashMap<>();

    DecisionCursor(long lookbackMillis) {
        this.lookbackMillis = lookbackMillis;
    }

    /** From when the next poll must read. */
    long readFrom(long nowMillis) {
        return nowMillis - lookbackMillis;
    }

    /** The decisions among {@code recent} not sent yet, marked as sent now. */
    List<Decisions.Row> next(List<StoredRecord> recent, long nowMillis) {
        sent.values().removeIf(t -> t < nowMillis - 2 * lookbackMillis);
        List<Decisions.Row> fresh = new ArrayList<>();
        for (Decisions.Row row : Decisions.of(recent)) {
            if (sent.putIfAbsent(row.record().key(), row.record().timeMillis()) == null) {
                fresh.add(row);
            }
        }
        return fresh;
    }
}

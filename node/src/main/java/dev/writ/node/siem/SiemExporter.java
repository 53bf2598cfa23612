package dev.writ.node.siem;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.writ.node.evidence.EvidenceStore;
import dev.writ.node.evidence.StoredRecord;
import dev.writ.node.health.HealthReport;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One round of the export, run on the upkeep dispatcher with a fixed delay (so rounds never overlap):
 * for each sink not backing off, first its queued health findings, then for each of this node's lanes
 * the records after the sink's cursor, at most {@code batch-size} per lane, as OCSF events; the
 * cursor moves past a batch only once the sink acknowledged it (at least once, docs/siem.md). A sink
 * that fails waits {@code backoff-min}, doubling up to {@code backoff-max}, and then resumes from its
 * cursor. The hot path never waits for any of this: it reads what the evidence log made durable.
 */
final class SiemExporter implements Runnable {
    private static final Logger LOG = LoggerFactory.getLogger(SiemExporter.class);

    private final SiemSettings settings;
    private final EvidenceStore store;
    private final SiemCursor cursor;
    private final String domain;
    private final List<String> lanes;
    private final Supplier<HealthReport> health;
    private final HealthFindings findings;
    private final LongSupplier millis;
    private final List<Sink> sinks;
    /** Health findings dropped because a sink's queue was full, counted in the log (docs/siem.md). */
    private final AtomicLong healthDropped = new AtomicLong();

    /** A sink with its own backoff and its own bounded queue of health findings. */
    private static final class Sink {
        final EventSink target;
        final Deque<String> health = new ArrayDeque<>();
        Duration backoff = Duration.ZERO;
        long retryAtMillis;

        Sink(EventSink target) {
            this.target = target;
        }
    }

    SiemExporter(SiemSettings settings, EvidenceStore store, SiemCursor cursor, String domain, List<String> lanes,
                 Supplier<HealthReport> health, HealthFindings findings, LongSupplier millis, List<EventSink> sinks) {
        this.settings = settings;
        this.store = store;
        this.cursor = cursor;
        this.domain = domain;
        this.lanes = List.copyOf(lanes);
        this.health = health;
        this.findings = findings;
        this.millis = millis;
        this.sinks = sinks.stream().map(Sink::new).toList();
    }

    @Override
    public void run() {
        long now = millis.getAsLong();
        findings.observe(health.get(), now).ifPresent(this::queueHealth);
        for (Sink sink : sinks) {
            if (now < sink.retryAtMillis) {
                continue;
            }
            try {
                exportTo(sink);
                sink.backoff = Duration.ZERO;
            } catch (Exception e) {
                Duration min = settings.backoffMin();
                sink.backoff = sink.backoff.isZero() ? min
                        : sink.backoff.multipliedBy(2).compareTo(settings.backoffMax()) > 0 ? settings.backoffMax()
                        : sink.backoff.multipliedBy(2);
                sink.retryAtMillis = now + sink.backoff.toMillis();
                LOG.warn("SIEM export to {} failed ({}); retrying from its cursor in {} ms", sink.target.name(),
                        e.getMessage(), sink.backoff.toMillis());
            }
        }
    }

    private void queueHealth(ObjectNode event) {
        String line = event.toString();
        for (Sink sink : sinks) {
            if (sink.health.size() >= settings.healthQueue()) {
                sink.health.removeFirst();
                LOG.warn("SIEM health queue of {} full: the oldest finding was dropped ({} so far)", sink.target.name(),
                        healthDropped.incrementAndGet());
            }
            sink.health.addLast(line);
        }
    }

    private void exportTo(Sink sink) throws Exception {
        if (!sink.health.isEmpty()) {
            sink.target.deliver(List.copyOf(sink.health));
            sink.health.clear();
        }
        for (String lane : lanes) {
            exportLane(sink.target, lane);
        }
    }

    /** Every record of {@code lane} after the sink's cursor, batch by batch, until the lane's head. */
    private void exportLane(EventSink sink, String lane) throws Exception {
        while (true) {
            long from = cursor.next(lane, sink.name());
            List<StoredRecord> records = store.range(domain, lane, from, from + settings.batchSize() - 1);
            if (records.isEmpty()) {
                return;
            }
            requireContiguous(lane, from, records);
            List<String> lines = new ArrayList<>(records.size());
            for (StoredRecord r : records) {
                OcsfEvents.of(r).map(ObjectNode::toString).ifPresent(lines::add);
            }
            if (!lines.isEmpty()) {
                sink.deliver(lines);
            }
            cursor.advance(lane, sink.name(), records.get(records.size() - 1).seq() + 1);
            if (records.size() < settings.batchSize()) {
                return;
            }
        }
    }

    /** A lane is contiguous from 0 (invariant 4); a hole would be skipped for good, so it stops the export. */
    private static void requireContiguous(String lane, long from, List<StoredRecord> records) throws SQLException {
        for (int i = 0; i < records.size(); i++) {
            if (records.get(i).seq() != from + i) {
                throw new SQLException("evidence lane " + lane + " has no record at seq " + (from + i)
                        + ": the export stops there rather than skip it");
            }
        }
    }
}

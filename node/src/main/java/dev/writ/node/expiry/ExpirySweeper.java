package dev.writ.node.expiry;

import com.google.protobuf.InvalidProtocolBufferException;
import dev.writ.node.config.NodeSettings;
import dev.writ.node.evidence.EvidenceLog;
import dev.writ.node.evidence.EvidenceStore;
import dev.writ.node.evidence.StoredRecord;
import dev.writ.node.writs.WritEntity;
import dev.writ.protocol.wire.EvidenceKind;
import dev.writ.protocol.wire.ExecutionContract;
import dev.writ.protocol.wire.WritIssuance;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.pekko.cluster.sharding.typed.javadsl.ClusterSharding;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Closes the story of writs that ran out unused: each node, on an interval, looks at the writs it
 * issued whose window has passed (plus a grace), asks each writ's entity to expire it, and records
 * EXPIRY evidence for those the entity actually expired. It reads from the evidence store, so a
 * restarted node catches up on what it issued before the restart (within the look-back).
 */
public final class ExpirySweeper implements Runnable {
    private static final Logger LOG = LoggerFactory.getLogger(ExpirySweeper.class);
    /** Writs live at most 300 s; issuances older than this can no longer be pending. */
    private static final Duration LOOK_BACK = Duration.ofMinutes(15);

    private final NodeSettings settings;
    private final Clock clock;
    private final EvidenceStore store;
    private final EvidenceLog evidence;
    private final ClusterSharding sharding;
    /** Writs this node issued whose expiry has not been settled yet: jti to expiry time. */
    private final Map<String, Long> pending = new HashMap<>();
    /** Issuances up to this time were read into {@link #pending}; -1 before the first sweep. */
    private long readUpTo = -1;

    public ExpirySweeper(NodeSettings settings, Clock clock, EvidenceStore store, EvidenceLog evidence,
                         ClusterSharding sharding) {
        this.settings = settings;
        this.clock = clock;
        this.store = store;
        this.evidence = evidence;
        this.sharding = sharding;
    }

    @Override
    public void run() {
        try {
            sweep();
        } catch (RuntimeException e) {
            LOG.warn("Expiry sweep of {} failed ({}); the next sweep retries", settings.nodeId(), e.toString());
        }
    }

    private void sweep() {
        long now = clock.millis();
        long from = readUpTo < 0 ? now - LOOK_BACK.toMillis() : readUpTo;
        // Only what was issued since the last sweep is read; the rest is already pending.
        for (StoredRecord record : store.byKind(settings.domain(), settings.nodeId(), EvidenceKind.ISSUANCE, from, now)) {
            pending.put(record.subject(), expiryOf(record));
        }
        readUpTo = now;
        long grace = settings.expiryGrace().toMillis();
        var due = pending.entrySet().stream().filter(e -> now >= e.getValue() + grace).toList();
        for (Map.Entry<String, Long> writ : due) {
            String jti = writ.getKey();
            long expiresAt = writ.getValue();
            WritEntity.Answer answer = sharding.entityRefFor(WritEntity.TYPE_KEY, jti)
                    .<WritEntity.Answer>ask(reply -> new WritEntity.Expire(now, expiresAt, reply), settings.askTimeout())
                    .toCompletableFuture()
                    .join();
            boolean unrecorded = answer.status() == WritEntity.Status.EXPIRED && (answer.changed()
                    || store.story(settings.domain(), jti).stream().noneMatch(r -> r.kind() == EvidenceKind.EXPIRY));
            // An expiry whose record failed last time is recorded now: never an expired writ without evidence.
            if (unrecorded) {
                evidence.append(jti, List.of(new EvidenceLog.Entry(EvidenceKind.EXPIRY, jti,
                        ("expired unused at " + expiresAt).getBytes(StandardCharsets.UTF_8)))).join();
            }
            pending.remove(jti);
        }
    }

    private static long expiryOf(StoredRecord record) {
        try {
            return ExecutionContract.parseFrom(WritIssuance.parseFrom(record.payload()).getContract()).getExpiresAtMillis();
        } catch (InvalidProtocolBufferException e) {
            throw new IllegalStateException("the ISSUANCE record of " + record.subject() + " is unreadable", e);
        }
    }
}

package dev.writ.node.anchoring;

import dev.writ.contracts.anchor.AnchorOutbox;
import dev.writ.node.bundles.Inclusions;
import dev.writ.node.config.NodeSettings;
import dev.writ.node.evidence.EvidenceStore;
import dev.writ.node.evidence.StoredRecord;
import dev.writ.node.singleton.Singletons;
import dev.writ.protocol.ProtocolException;
import dev.writ.protocol.anchor.AnchorBatches;
import dev.writ.protocol.anchor.SealedBatch;
import dev.writ.protocol.crypto.SigningKey;
import dev.writ.protocol.merkle.MerkleTree;
import dev.writ.protocol.wire.AnchorBatch;
import dev.writ.protocol.wire.InclusionProof;
import dev.writ.protocol.wire.LaneRange;
import dev.writ.protocol.wire.SignedAnchorBatch;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import javax.sql.DataSource;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.SupervisorStrategy;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The append path and anchoring are separate (as in Tessera): evidence is made durable on the hot
 * path; one anchorer per domain (a cluster singleton) seals what is new into signed RFC 9162
 * batches on an interval, and bundles prove records included in them. Sealing also queues the
 * batch in the anchoring outbox (same transaction); {@link ChainAnchoring} puts it on chain when
 * {@code writ.chain.rpc-url} is set and writes the chain anchor back into the stored batch.
 */
public final class Anchoring implements Inclusions {
    private static final Logger LOG = LoggerFactory.getLogger(Anchoring.class);

    private final NodeSettings settings;
    private final Clock clock;
    private final SigningKey nodeKey;
    private final EvidenceStore store;
    private final AnchorStore batches;
    private final AnchorOutbox outbox;
    private volatile long unsealedRecords = -1;
    private volatile long lastSealedAtMillis = -1;

    private Anchoring(NodeSettings settings, Clock clock, SigningKey nodeKey, EvidenceStore store, AnchorStore batches,
                      AnchorOutbox outbox) {
        this.settings = settings;
        this.clock = clock;
        this.nodeKey = nodeKey;
        this.store = store;
        this.batches = batches;
        this.outbox = outbox;
    }

    private sealed interface Tick {
    }

    private enum Seal implements Tick { INSTANCE }

    private enum Sealed implements Tick { INSTANCE }

    /**
     * Starts (or joins) the domain's anchorer singleton and answers inclusion proofs from the
     * database. Sealing reads and writes the database, so it runs on the blocking executor, one
     * round at a time: the next round is timed from the end of the last.
     */
    public static Anchoring start(NodeSettings settings, Clock clock, SigningKey nodeKey, EvidenceStore store,
                                  ActorSystem<?> system, Executor blocking, DataSource dataSource) {
        Anchoring anchoring = new Anchoring(settings, clock, nodeKey, store, new AnchorStore(dataSource),
                new AnchorOutbox(dataSource));
        Behavior<Tick> sealer = Behaviors.setup(context -> Behaviors.withTimers(timers -> {
            timers.startSingleTimer(Seal.INSTANCE, settings.anchorInterval());
            return Behaviors.receive(Tick.class)
                    .onMessageEquals(Seal.INSTANCE, () -> {
                        context.pipeToSelf(CompletableFuture.runAsync(anchoring::sealOnce, blocking),
                                (done, failure) -> Sealed.INSTANCE);
                        return Behaviors.same();
                    })
                    .onMessageEquals(Sealed.INSTANCE, () -> {
                        timers.startSingleTimer(Seal.INSTANCE, settings.anchorInterval());
                        return Behaviors.same();
                    })
                    .build();
        }));
        Singletons.get(system).init(
                Behaviors.supervise(sealer).onFailure(SupervisorStrategy.restart()), "anchorer-" + settings.domain());
        return anchoring;
    }

    /** Seals one batch over everything durable and not yet anchored; returns it, or empty when nothing is new. */
    public Optional<SealedBatch> sealOnce() {
        try {
            Map<String, Long> heads = new HashMap<>();
            for (String lane : store.lanes(settings.domain())) {
                store.head(settings.domain(), lane).ifPresent(h -> {
                    if (h.nextSeq() > 0) {
                        heads.put(lane, h.nextSeq() - 1);
                    }
                });
            }
            Map<String, Long> covered = batches.coveredHeads(settings.domain());
            long waiting = BatchPlan.unsealed(heads, covered);
            unsealedRecords = waiting;
            if (settings.chain().enabled()
                    && outbox.stats(settings.domain()).open() >= settings.chain().maxOpenBatches()) {
                // The chain is behind (an outage, a stall): records stay durable and unsealed, and the
                // next seal covers them all, so the backlog goes on chain in a few large batches at one
                // transaction per block instead of one small batch per seal tick.
                return Optional.empty();
            }
            List<LaneRange> ranges = BatchPlan.next(heads, covered, settings.anchorMaxRecords());
            if (ranges.isEmpty()) {
                return Optional.empty();
            }
            SealedBatch sealed = AnchorBatches.seal(nodeKey, settings.domain(), batches.lastBatchSeq(settings.domain()) + 1,
                    ranges, leaves(ranges), clock.millis());
            batches.insert(sealed.signed(), sealed.batch());
            unsealedRecords = waiting - sealed.batch().getTreeSize();
            lastSealedAtMillis = clock.millis();
            return Optional.of(sealed);
        } catch (RuntimeException e) {
            // Nothing is lost: the records stay durable and the next tick seals them.
            LOG.warn("Anchorer of {} could not seal a batch ({}); it retries on the next tick", settings.domain(), e.getMessage());
            return Optional.empty();
        }
    }

    /** Records durable and not in a batch at the last seal tick on this node, or -1 when the anchorer never ran here. */
    public long unsealedRecords() {
        return unsealedRecords;
    }

    /** Since this node's anchorer last sealed a batch, or -1 when it never did. */
    public long sealedAgeMillis() {
        long at = lastSealedAtMillis;
        return at < 0 ? -1 : clock.millis() - at;
    }

    private List<byte[]> leaves(List<LaneRange> ranges) {
        List<byte[]> hashes = new ArrayList<>();
        for (LaneRange r : ranges) {
            List<StoredRecord> records = store.range(settings.domain(), r.getLane(), r.getFirstSeq(), r.getLastSeq());
            if (records.size() != r.getLastSeq() - r.getFirstSeq() + 1) {
                throw new IllegalStateException("lane " + r.getLane() + " has a gap in " + r.getFirstSeq() + ".." + r.getLastSeq());
            }
            records.forEach(s -> hashes.add(s.record().hash()));
        }
        return hashes;
    }

    @Override
    public Proven prove(List<StoredRecord> records) {
        Map<Long, SealedBatch> rebuilt = new LinkedHashMap<>();
        Map<String, InclusionProof> proofs = new HashMap<>();
        for (StoredRecord record : records) {
            Optional<SignedAnchorBatch> signed = batches.covering(settings.domain(), record.lane(), record.seq());
            if (signed.isEmpty()) {
                continue; // not anchored yet; the bundle says so for this record
            }
            try {
                AnchorBatch batch = AnchorBatch.parseFrom(signed.get().getBatch());
                SealedBatch sealed = rebuilt.computeIfAbsent(batch.getBatchSeq(), seq -> new SealedBatch(signed.get(), batch,
                        MerkleTree.ofLeafData(leaves(batch.getRangesList()))));
                int index = (int) AnchorBatches.leafIndexOf(batch, record.lane(), record.seq());
                proofs.put(record.key(), sealed.inclusionProof(index));
            } catch (com.google.protobuf.InvalidProtocolBufferException | ProtocolException e) {
                throw new IllegalStateException("anchor batch of " + record.key() + " is unreadable", e);
            }
        }
        return new Proven(rebuilt.values().stream().map(SealedBatch::signed).toList(), proofs);
    }
}

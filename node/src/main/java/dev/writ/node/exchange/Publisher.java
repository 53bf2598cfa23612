package dev.writ.node.exchange;

import com.google.protobuf.ByteString;
import dev.writ.node.evidence.EvidenceStore;
import dev.writ.node.persistence.CborSerializable;
import dev.writ.node.policy.PolicySource;
import dev.writ.node.policy.PolicyUnavailableException;
import dev.writ.node.revocation.RevocationLedger;
import dev.writ.protocol.crypto.SigningKey;
import dev.writ.protocol.envelope.Envelopes;
import dev.writ.protocol.envelope.OpenedEnvelope;
import dev.writ.protocol.wire.EnvelopeType;
import dev.writ.protocol.wire.EpochBeacon;
import dev.writ.protocol.wire.EvidenceHead;
import dev.writ.protocol.wire.LineageCheckpoint;
import dev.writ.protocol.wire.RevocationEntry;
import dev.writ.reconciliation.RevocationChain;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.Supplier;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.AbstractBehavior;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.javadsl.Receive;
import org.apache.pekko.actor.typed.receptionist.Receptionist;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The domain's voice to the other domains: one per domain (a cluster singleton in the domain's
 * data center). Every beacon interval, and at once when poked after a revocation, it seals what is
 * new (each new revocation entry, then an {@link EpochBeacon} with the revocation epoch, the policy
 * epoch and the evidence heads) into envelopes that continue the domain's lineage, stores each in
 * the {@link EnvelopeOutbox} before anything is sent, and delivers them to every node's
 * {@link ExchangeEndpoint} (its own domain's included, so every node reconciles the same set).
 * Every {@code checkpoints.interval} envelopes it seals a {@link LineageCheckpoint} before the beacon,
 * and every {@code checkpoints.prune-interval} it prunes the outbox below the latest checkpoint the
 * partners acknowledged or the retention bound let go ({@link PruneFloor}).
 */
public final class Publisher extends AbstractBehavior<Publisher.Command> {
    /** For what runs off the actor (pruning on the blocking executor), where its context must not be touched. */
    private static final Logger LOG = LoggerFactory.getLogger(Publisher.class);

    /**
     * Everything this actor handles. Only {@link Remote} messages cross the wire: the rest are its own
     * (timers, answers of its own reads and checks) and are not serializable, so no member can send one
     * (docs/trust-model.md, "Between cluster members").
     */
    public sealed interface Command {
    }

    /** What members (of this domain, and for the exchange, of every domain) may send this actor. */
    public sealed interface Remote extends Command, CborSerializable {
    }

    /** Publish now (a revocation was appended): revocations reach partners without waiting for a beacon. */
    public enum Poke implements Remote { INSTANCE }

    private enum Tick implements Command { INSTANCE }

    private enum PruneTick implements Command { INSTANCE }

    private record Pruned(String failure) implements Command {
    }

    private record Published(List<byte[]> envelopes, String failure) implements Command {
    }

    private record Endpoints(Set<ActorRef<ExchangeEndpoint.Command>> refs) implements Command {
    }

    /** What the publisher needs to seal and store. */
    public record Sources(String domain, String nodeId, SigningKey key, EnvelopeOutbox outbox, RevocationLedger ledger,
                          EvidenceStore store, PolicySource policy, Clock clock, Executor blocking, PartnerAcks acks,
                          Supplier<Set<String>> partners, ExchangeSettings.Checkpoints checkpoints) {
    }

    public static Behavior<Command> create(Sources sources, Duration interval) {
        return Behaviors.setup(ctx -> Behaviors.withTimers(timers -> {
            timers.startTimerWithFixedDelay(Tick.INSTANCE, interval);
            timers.startTimerWithFixedDelay(PruneTick.INSTANCE, sources.checkpoints().pruneInterval());
            ctx.getSystem().receptionist().tell(Receptionist.subscribe(ExchangeEndpoint.ALL,
                    ctx.messageAdapter(Receptionist.Listing.class,
                            l -> new Endpoints(l.getServiceInstances(ExchangeEndpoint.ALL)))));
            ctx.getSelf().tell(Tick.INSTANCE);
            return new Publisher(ctx, sources);
        }));
    }

    private final Sources s;
    private Set<ActorRef<ExchangeEndpoint.Command>> endpoints = Set.of();
    private boolean running;
    private boolean again;
    private boolean pruning;
    /** The latest checkpoint sealed (read from the outbox once, then kept by the one sealing thread at a time). */
    private volatile EnvelopeOutbox.Checkpoint lastCheckpoint;
    private volatile boolean checkpointRead;

    private Publisher(ActorContext<Command> ctx, Sources sources) {
        super(ctx);
        this.s = sources;
    }

    @Override
    public Receive<Command> createReceive() {
        return newReceiveBuilder()
                .onMessageEquals(Tick.INSTANCE, () -> publish(true))
                .onMessageEquals(Poke.INSTANCE, () -> publish(false))
                .onMessage(Published.class, this::onPublished)
                .onMessageEquals(PruneTick.INSTANCE, this::prune)
                .onMessage(Pruned.class, p -> {
                    pruning = false;
                    if (p.failure() != null) {
                        getContext().getLog().warn("Domain {} could not prune its exchange outbox ({}); trying again",
                                s.domain(), p.failure());
                    }
                    return this;
                })
                .onMessage(Endpoints.class, e -> {
                    endpoints = e.refs();
                    return this;
                })
                .build();
    }

    /** @param withBeacon false after a revocation: its entry goes out at once, the next tick's beacon follows */
    private Behavior<Command> publish(boolean withBeacon) {
        if (running) {
            again = true;
            return this;
        }
        running = true;
        getContext().pipeToSelf(CompletableFuture.supplyAsync(() -> sealAndStore(withBeacon), s.blocking()),
                (envelopes, failure) -> failure == null ? new Published(envelopes, null)
                        : new Published(List.of(), String.valueOf(failure.getMessage())));
        return this;
    }

    private Behavior<Command> onPublished(Published p) {
        running = false;
        if (p.failure() != null) {
            // Nothing was sent that is not stored; partners see the beacons stop and refuse after the bound.
            getContext().getLog().warn("Domain {} could not publish its envelopes ({}); trying again next interval",
                    s.domain(), p.failure());
        }
        for (byte[] envelope : p.envelopes()) {
            ExchangeEndpoint.Deliver deliver = new ExchangeEndpoint.Deliver(envelope);
            endpoints.forEach(e -> e.tell(deliver));
        }
        if (again) {
            again = false;
            getContext().getSelf().tell(Poke.INSTANCE);
        }
        return this;
    }

    private Behavior<Command> prune() {
        if (pruning) {
            return this;
        }
        pruning = true;
        getContext().pipeToSelf(CompletableFuture.runAsync(this::pruneOutbox, s.blocking()),
                (done, failure) -> new Pruned(failure == null ? null : String.valueOf(failure.getMessage())));
        return this;
    }

    /** Blocking: deletes what the latest checkpoint the partners hold (or the retention bound) seals. */
    private void pruneOutbox() {
        var floor = PruneFloor.of(s.outbox().checkpoints(), s.acks().acks(), s.partners().get(), s.clock().millis(),
                s.checkpoints().retention());
        if (floor.isPresent() && floor.getAsLong() > s.outbox().floor()) {
            int deleted = s.outbox().prune(floor.getAsLong());
            LOG.info("Domain {} pruned {} envelope(s) of its exchange outbox below checkpoint {}",
                    s.domain(), deleted, floor.getAsLong());
        }
    }

    /** Blocking: seals a checkpoint at the tail when {@code interval} envelopes followed the last one. */
    private OpenedEnvelope checkpointIfDue(EnvelopeOutbox.Tail tail) {
        if (!checkpointRead) {
            List<EnvelopeOutbox.Checkpoint> stored = s.outbox().checkpoints();
            lastCheckpoint = stored.isEmpty() ? null : stored.get(stored.size() - 1);
            checkpointRead = true;
        }
        EnvelopeOutbox.Checkpoint last = lastCheckpoint;
        if (tail.nextSeq() - (last == null ? 0 : last.seq()) < s.checkpoints().interval()) {
            return null;
        }
        RevocationChain chain = new RevocationChain();
        s.outbox().revocationEntries().forEach(chain::append);
        if (chain.epoch() != tail.revocationEpoch()) {
            throw new IllegalStateException("the outbox holds revocation entries 1.." + chain.epoch() + ", its tail says "
                    + tail.revocationEpoch());
        }
        LineageCheckpoint.Builder body = LineageCheckpoint.newBuilder().setDomain(s.domain()).setSeq(tail.nextSeq())
                .setRevocationEpoch(chain.epoch()).setRevocationChain(ByteString.copyFrom(chain.value()));
        if (last == null) {
            body.setFirst(true);
        } else {
            body.setPreviousSeq(last.seq()).setPreviousHash(ByteString.copyFrom(last.hash()));
        }
        long now = s.clock().millis();
        OpenedEnvelope e = Envelopes.seal(s.key(), EnvelopeType.CHECKPOINT, s.domain(), tail.nextSeq(), tail.prevHash(),
                body.build().toByteArray(), now);
        if (!s.outbox().append(e, tail.revocationEpoch())) {
            checkpointRead = false; // another publisher took this number: read again next time
            return null;
        }
        lastCheckpoint = new EnvelopeOutbox.Checkpoint(tail.nextSeq(), e.hash(), now);
        return e;
    }

    /**
     * Blocking: new revocation entries, then (on a tick) a checkpoint when one is due and a beacon,
     * each stored before it is returned for sending.
     */
    private List<byte[]> sealAndStore(boolean withBeacon) {
        List<byte[]> sent = new ArrayList<>();
        EnvelopeOutbox.Tail tail = s.outbox().tail();
        for (RevocationEntry entry : s.ledger().since(tail.revocationEpoch()).entries()) {
            OpenedEnvelope e = Envelopes.seal(s.key(), EnvelopeType.REVOCATION_ENTRY, s.domain(), tail.nextSeq(),
                    tail.prevHash(), entry.toByteArray(), s.clock().millis());
            if (!s.outbox().append(e, entry.getEpoch())) {
                return sent; // another publisher took this number: its envelopes stand, ours were never sent
            }
            sent.add(e.envelope().toByteArray());
            tail = new EnvelopeOutbox.Tail(tail.nextSeq() + 1, e.hash(), entry.getEpoch());
        }
        if (!withBeacon) {
            return sent;
        }
        OpenedEnvelope checkpoint = checkpointIfDue(tail);
        if (checkpoint != null) {
            sent.add(checkpoint.envelope().toByteArray());
            tail = new EnvelopeOutbox.Tail(tail.nextSeq() + 1, checkpoint.hash(), tail.revocationEpoch());
        }
        EpochBeacon.Builder beacon = EpochBeacon.newBuilder()
                .setDomain(s.domain())
                .setRevocationEpoch(tail.revocationEpoch())
                .setIssuedAtMillis(s.clock().millis())
                .setNodeId(s.nodeId());
        try {
            var policy = s.policy().current();
            beacon.setPolicyEpoch(policy.epoch()).setMinimumWritVersion(policy.set().minimumWritVersion());
        } catch (PolicyUnavailableException e) {
            // A beacon without a policy epoch still proves liveness and revocations; partners see version 0.
        }
        for (String lane : s.store().lanes(s.domain())) {
            s.store().head(s.domain(), lane).ifPresent(h -> beacon.addEvidenceHeads(EvidenceHead.newBuilder()
                    .setLane(h.lane()).setSeq(h.nextSeq() - 1).setHash(ByteString.copyFrom(h.lastHash()))));
        }
        OpenedEnvelope e = Envelopes.seal(s.key(), EnvelopeType.BEACON, s.domain(), tail.nextSeq(), tail.prevHash(),
                beacon.build().toByteArray(), s.clock().millis());
        if (s.outbox().append(e, tail.revocationEpoch())) {
            sent.add(e.envelope().toByteArray());
        }
        return sent;
    }
}

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
import dev.writ.protocol.wire.RevocationEntry;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.AbstractBehavior;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.javadsl.Receive;
import org.apache.pekko.actor.typed.receptionist.Receptionist;

/**
 * The domain's voice to the other domains: one per domain (a cluster singleton in the domain's
 * data center). Every beacon interval, and at once when poked after a revocation, it seals what is
 * new (each new revocation entry, then an {@link EpochBeacon} with the revocation epoch, the policy
 * epoch and the evidence heads) into envelopes that continue the domain's lineage, stores each in
 * the {@link EnvelopeOutbox} before anything is sent, and delivers them to every node's
 * {@link ExchangeEndpoint} (its own domain's included, so every node reconciles the same set).
 */
public final class Publisher extends AbstractBehavior<Publisher.Command> {

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

    private record Published(List<byte[]> envelopes, String failure) implements Command {
    }

    private record Endpoints(Set<ActorRef<ExchangeEndpoint.Command>> refs) implements Command {
    }

    /** What the publisher needs to seal and store. */
    public record Sources(String domain, String nodeId, SigningKey key, EnvelopeOutbox outbox, RevocationLedger ledger,
                          EvidenceStore store, PolicySource policy, Clock clock, Executor blocking) {
    }

    public static Behavior<Command> create(Sources sources, Duration interval) {
        return Behaviors.setup(ctx -> Behaviors.withTimers(timers -> {
            timers.startTimerWithFixedDelay(Tick.INSTANCE, interval);
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

    /** Blocking: new revocation entries, then (on a tick) a beacon, each stored before it is returned for sending. */
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

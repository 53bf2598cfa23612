package dev.writ.node.exchange;

import com.google.protobuf.ByteString;
import com.google.protobuf.InvalidProtocolBufferException;
import dev.writ.node.dispatch.Continuations;
import dev.writ.node.evidence.EvidenceLog;
import dev.writ.node.evidence.EvidenceStore;
import dev.writ.node.evidence.StoredRecord;
import dev.writ.node.persistence.CborSerializable;
import dev.writ.node.refusal.Refusal;
import dev.writ.node.refusal.RefusalText;
import dev.writ.protocol.ProtocolException;
import dev.writ.protocol.Wire;
import dev.writ.protocol.crypto.Hashes;
import dev.writ.protocol.crypto.KeyId;
import dev.writ.protocol.envelope.Envelopes;
import dev.writ.protocol.envelope.OpenedEnvelope;
import dev.writ.protocol.wire.DomainResolutionRequest;
import dev.writ.protocol.wire.EnvelopeHeader;
import dev.writ.protocol.wire.EnvelopeType;
import dev.writ.protocol.wire.EquivocationProof;
import dev.writ.protocol.wire.EvidenceKind;
import dev.writ.protocol.wire.ProofEnvelope;
import dev.writ.reconciliation.ContinuityCode;
import dev.writ.reconciliation.DomainView;
import dev.writ.reconciliation.Received;
import dev.writ.reconciliation.Reconciler;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.ThreadLocalRandom;
import java.util.stream.Collectors;
import java.util.concurrent.CompletionStage;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.AbstractBehavior;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.AskPattern;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.javadsl.Receive;
import org.apache.pekko.actor.typed.receptionist.Receptionist;
import org.apache.pekko.actor.typed.receptionist.ServiceKey;
import org.apache.pekko.cluster.typed.Cluster;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One node's end of the proof exchange. It receives every domain's envelopes, verifies each against
 * the sending domain's keys on chain (invariant 8), applies it to this node's {@link Reconciler}
 * (invariant 7) and publishes the result to {@link PartnerDomains}. When a domain's chain has a
 * gap, or its beacons stop, it asks that domain's endpoints for what it lacks ("synchronize before
 * authorize"); it serves the same requests for its own domain from the {@link EnvelopeOutbox}, and
 * serves partners the lineage of writs its domain issued ({@link IssuanceLineages}).
 */
public final class ExchangeEndpoint extends AbstractBehavior<ExchangeEndpoint.Command> {
    /** For lines operators must see at INFO, and for callbacks that run off the actor. */
    private static final Logger LOG = LoggerFactory.getLogger(ExchangeEndpoint.class);
    /** Every node's endpoint, whatever its domain: where publishers deliver. */
    public static final ServiceKey<Command> ALL = ServiceKey.create(Command.class, "writ-exchange");
    /** The endpoint's name among the node's system actors ({@code Exchange} starts it there). */
    public static final String NAME = "writ-exchange-endpoint";
    /** Where the endpoint of the member at an address is: that address followed by this path. */
    public static final String PATH = "/system/" + NAME;
    /** Envelopes kept per domain for equivocation evidence, by sequence number. */
    private static final int RECENT = 1024;
    /** Hashes of the exact envelope bytes verified last, so a copy costs no signature check. */
    private static final int SEEN = 8192;

    public static ServiceKey<Command> of(String domain) {
        return ServiceKey.create(Command.class, "writ-exchange-" + domain);
    }

    /** The endpoints of {@code domain}'s nodes the receptionist lists now; empty when none is reachable. */
    public static CompletionStage<List<ActorRef<Command>>> endpointsOf(ActorSystem<?> system, String domain, Duration timeout) {
        return Continuations.on(system.executionContext(), AskPattern.<Receptionist.Command, Receptionist.Listing>ask(
                        system.receptionist(), reply -> Receptionist.find(of(domain), reply), timeout, system.scheduler()))
                .thenApply(listing -> List.copyOf(listing.getServiceInstances(of(domain))));
    }

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

    /** An envelope as sent: verified here before it counts. */
    public record Deliver(byte[] envelope) implements Remote {
    }

    /** Asked of an endpoint of {@code domain}: its envelopes {@code from..to}, as many as one answer holds. */
    public record RepairRequest(String domain, long from, long to, ActorRef<Command> replyTo) implements Remote {
    }

    /**
     * {@code envelopes} as asked. When the domain pruned the range asked for ({@code prunedBelow} > 0), the
     * answer says so, typed, and carries instead what a node needs to go on without it: the checkpoint
     * at {@code prunedBelow} (its envelope, {@code checkpoint}), the revocation entries below it from
     * where the asker asked, and what follows the checkpoint.
     */
    public record RepairAnswer(String domain, List<byte[]> envelopes, long prunedBelow, byte[] checkpoint)
            implements Remote {
    }

    /** Told to an endpoint of {@code domain}: a node of {@code partner} verified that domain's checkpoint {@code seq}. */
    public record CheckpointHeld(String domain, String partner, long seq, ActorRef<Command> from) implements Remote {
    }

    /** Asked of an endpoint of the issuing domain: the lineage of writ {@code jti} up to the heads the asker holds. */
    public record LineageRequest(String jti, Map<String, Long> attestedHeads, ActorRef<LineageAnswer> replyTo)
            implements Remote {
    }

    /** {@code lineage} is an IssuanceLineage, empty with {@code refusal} set when the domain cannot give it. */
    public record LineageAnswer(byte[] lineage, String refusal) implements CborSerializable {
    }

    /** This node's reconciliation state and digests, as a {@code Reconciliation} message's bytes. */
    /** The asker's domain builds a proof bundle of a cross-boundary writ and needs this domain's part of its story. */
    public record PartRequest(String jti, ActorRef<PartAnswer> replyTo) implements Remote {
    }

    /** {@code part} is a DomainPart, empty with {@code refusal} set when this domain serves none. */
    public record PartAnswer(byte[] part, String refusal) implements CborSerializable {
    }

    public record ReconciliationRequest(Map<String, Long> cut, ActorRef<ReconciliationAnswer> replyTo) implements Remote {
    }

    public record ReconciliationAnswer(byte[] reconciliation) implements CborSerializable {
    }

    /**
     * An operator's resolution, sent by the node that recorded it: forget everything held from
     * {@code domain} and take it again from the start. {@code conflicting} (hex) names the
     * equivocation resolved; an endpoint forgets only when that is the equivocation it holds and the
     * domain's evidence holds a RESOLUTION of it, so a member cannot make it forget by asking.
     */
    public record Forget(String domain, List<String> conflicting, ActorRef<Forgotten> replyTo) implements Remote {
    }

    public record Forgotten(String nodeId) implements CborSerializable {
    }

    private enum Tick implements Command { INSTANCE }

    /** {@code digest}: SHA-256 of the exact bytes, computed once when they arrived. */
    private record Verified(OpenedEnvelope envelope, byte[] raw, ByteString digest) implements Command {
    }

    private record Rejected(String why) implements Command {
    }

    private record RepairFailed(String domain, String why) implements Command {
    }

    private record RepairFrom(RepairRequest request, List<ActorRef<Command>> endpoints) implements Command {
    }

    /** A repair answer's checkpoint, verified under its domain's keys; then the answer's envelopes are verified. */
    private record VerifiedCheckpoint(OpenedEnvelope envelope, byte[] raw, List<byte[]> then) implements Command {
    }

    private record AckTo(CheckpointHeld ack, List<ActorRef<Command>> endpoints) implements Command {
    }

    /** A Forget whose RESOLUTION record was found ({@code proven}) or not. */
    private record ForgetChecked(Forget forget, boolean proven, String why) implements Command {
    }

    /** What the endpoint needs from its node. */
    public record Sources(String domain, String nodeId, PartnerKeys keys, EnvelopeOutbox outbox, PartnerAcks acks,
                          IssuanceLineages lineages, StoryPartSource parts, EvidenceStore store, EvidenceLog evidence, PartnerDomains partners,
                          Clock clock,
                          Executor blocking, ExchangeSettings settings, Duration askTimeout) {
    }

    public static Behavior<Command> create(Sources sources) {
        return Behaviors.setup(ctx -> Behaviors.withTimers(timers -> {
            ctx.getSystem().receptionist().tell(Receptionist.register(ALL, ctx.getSelf()));
            ctx.getSystem().receptionist().tell(Receptionist.register(of(sources.domain()), ctx.getSelf()));
            timers.startTimerWithFixedDelay(Tick.INSTANCE, sources.settings().beaconInterval());
            return new ExchangeEndpoint(ctx, sources);
        }));
    }

    private final Sources s;
    private final Reconciler reconciler;
    /** Per partner domain: the latest of its checkpoints this node told it it holds. */
    private final Map<String, Long> acked = new HashMap<>();
    private final Map<String, NavigableMap<Long, List<byte[]>>> recent = new HashMap<>();
    /** Domains with a repair request in flight, and until when it counts as in flight. */
    private final Map<String, Long> repairing = new HashMap<>();
    private final Set<ByteString> seen = Collections.newSetFromMap(new LinkedHashMap<>(SEEN, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<ByteString, Boolean> eldest) {
            return size() > SEEN;
        }
    });
    private final ServingAllowance allowance;
    private long rejected;
    private long unserved;

    private ExchangeEndpoint(ActorContext<Command> ctx, Sources sources) {
        super(ctx);
        this.s = sources;
        this.reconciler = new Reconciler(sources.settings().checkpoints().maxHeld());
        this.allowance = new ServingAllowance(sources.settings().servedPerSecond(), sources.clock().millis());
    }

    @Override
    public Receive<Command> createReceive() {
        return newReceiveBuilder()
                .onMessage(Deliver.class, d -> verify(d.envelope()))
                .onMessage(Verified.class, this::onVerified)
                .onMessage(Rejected.class, this::onRejected)
                .onMessage(RepairAnswer.class, this::onRepairAnswer)
                .onMessage(RepairFailed.class, this::onRepairFailed)
                .onMessage(VerifiedCheckpoint.class, this::onVerifiedCheckpoint)
                .onMessage(CheckpointHeld.class, this::onCheckpointHeld)
                .onMessage(AckTo.class, a -> {
                    a.endpoints().get(ThreadLocalRandom.current().nextInt(a.endpoints().size())).tell(a.ack());
                    return this;
                })
                .onMessage(RepairFrom.class, r -> {
                    r.endpoints().get(ThreadLocalRandom.current().nextInt(r.endpoints().size())).tell(r.request());
                    return this;
                })
                .onMessage(RepairRequest.class, this::serveRepair)
                .onMessage(LineageRequest.class, this::serveLineage)
                .onMessage(PartRequest.class, this::servePart)
                .onMessage(ReconciliationRequest.class, this::serveReconciliation)
                .onMessage(Forget.class, this::checkForget)
                .onMessage(ForgetChecked.class, this::onForgetChecked)
                .onMessageEquals(Tick.INSTANCE, this::onTick)
                .build();
    }

    private Behavior<Command> verify(byte[] raw) {
        if (raw.length > s.settings().maxEnvelopeBytes()) {
            return onRejected(new Rejected("OVERSIZED: an envelope of " + raw.length + " bytes"));
        }
        ByteString digest = ByteString.copyFrom(Hashes.sha256(raw));
        if (seen.contains(digest)) {
            return this; // a copy of one verified already: it changes nothing, so it costs nothing
        }
        getContext().pipeToSelf(CompletableFuture.supplyAsync(() -> open(raw), s.blocking()),
                (opened, failure) -> failure == null ? new Verified(opened, raw, digest)
                        : new Rejected(String.valueOf(failure.getCause() == null ? failure : failure.getCause())));
        return this;
    }

    /** Blocking (the sender's keys may be read from the chain). */
    private OpenedEnvelope open(byte[] raw) {
        try {
            ProofEnvelope envelope = Wire.parse(ProofEnvelope.parser(), raw, s.settings().maxEnvelopeBytes(), "proof envelope");
            EnvelopeHeader header = EnvelopeHeader.parseFrom(envelope.getHeader());
            if (!s.partners().roster().speaksWith(header.getDomain())) {
                // before any key lookup: a made-up domain name costs no chain read and no cache entry
                throw new IllegalArgumentException("NOT_A_PARTNER: an envelope of domain '" + RefusalText.printable(header.getDomain())
                        + "', which is not in writ.exchange.partners");
            }
            KeyId keyId = KeyId.ofBytes(header.getKeyId().toByteArray());
            return Envelopes.open(raw, s.keys().ringWith(header.getDomain(), keyId), s.settings().maxEnvelopeBytes());
        } catch (ProtocolException e) {
            throw new IllegalArgumentException(e.fault() + ": " + e.detail(), e);
        } catch (com.google.protobuf.InvalidProtocolBufferException e) {
            throw new IllegalArgumentException("MALFORMED: unreadable envelope header", e);
        }
    }

    private Behavior<Command> onRejected(Rejected r) {
        rejected++;
        if (Long.bitCount(rejected) == 1) { // 1st, 2nd, 4th, 8th ...: visible without flooding the log
            getContext().getLog().warn("Node {} refused an envelope ({} so far): {}", s.nodeId(), rejected, r.why());
        }
        return this;
    }

    private Behavior<Command> onVerified(Verified v) {
        String domain = v.envelope().header().getDomain();
        long seq = v.envelope().header().getSeq();
        remember(domain, seq, v.raw());
        Received received = reconciler.accept(v.envelope(), s.clock().millis());
        if (!(received instanceof Received.Deferred)) {
            seen.add(v.digest()); // one not held must be taken when it comes again
        }
        return onReceived(received);
    }

    private Behavior<Command> onReceived(Received received) {
        if (!(received instanceof Received.Duplicate)) {
            publish();
        }
        if (received instanceof Received.Gap gap) {
            requestRepair(received.domain(), gap.missingFrom(), gap.highest());
        } else if (received instanceof Received.Deferred deferred) {
            requestRepair(received.domain(), deferred.missingFrom(), Long.MAX_VALUE);
        } else if (received instanceof Received.Equivocation eq) {
            recordEquivocation(eq);
        }
        return this;
    }

    /**
     * The domain pruned what this node asked for: it starts that domain's chain at the checkpoint
     * (verified under the domain's keys like any envelope; one that fails leaves the gap, refused),
     * and then takes the rest of the answer.
     */
    private Behavior<Command> onVerifiedCheckpoint(VerifiedCheckpoint v) {
        OpenedEnvelope checkpoint = v.envelope();
        String domain = checkpoint.header().getDomain();
        long seq = checkpoint.header().getSeq();
        if (checkpoint.header().getType() != EnvelopeType.CHECKPOINT) {
            return onRejected(new Rejected("a repair answer of " + domain + " names envelope " + seq
                    + " as its checkpoint, but it is a " + checkpoint.header().getType()));
        }
        remember(domain, seq, v.raw());
        long before = reconciler.view(domain).map(DomainView::checkpointSeq).orElse(-1L);
        Received received = reconciler.anchor(checkpoint, s.clock().millis());
        long after = reconciler.view(domain).map(DomainView::checkpointSeq).orElse(-1L);
        if (after > before) {
            LOG.info("Node {} takes domain {}'s lineage from its checkpoint {}: the envelopes before it are"
                    + " pruned there (RANGE_PRUNED)", s.nodeId(), domain, after);
        }
        v.then().forEach(this::verify);
        return onReceived(received);
    }

    private void remember(String domain, long seq, byte[] raw) {
        NavigableMap<Long, List<byte[]>> byseq = recent.computeIfAbsent(domain, d -> new TreeMap<>());
        byseq.computeIfAbsent(seq, q -> new ArrayList<>(1)).add(raw);
        while (byseq.size() > RECENT) {
            byseq.pollFirstEntry();
        }
    }

    private void recordEquivocation(Received.Equivocation eq) {
        getContext().getLog().error("Domain {} EQUIVOCATED at envelope {} ({}): its actions are refused here until an "
                + "operator resolves it", eq.domain(), eq.seq(), eq.why());
        EquivocationProof.Builder proof = EquivocationProof.newBuilder().setDomain(eq.domain()).setSeq(eq.seq())
                .setWhy(eq.why()).addAllConflictingEnvelopes(eq.conflictingEnvelopes());
        Set<String> seen = new TreeSet<>();
        NavigableMap<Long, List<byte[]>> held = recent.getOrDefault(eq.domain(), new TreeMap<>());
        held.subMap(eq.seq() - 1, true, eq.seq() + 1, true).values()
                .forEach(list -> list.forEach(raw -> {
                    if (seen.add(HexFormat.of().formatHex(Hashes.sha256(raw)))) {
                        proof.addEnvelopes(ByteString.copyFrom(raw));
                    }
                }));
        // A checkpoint's conflict can name an envelope far from it (the checkpoint before it): take those too.
        held.values().forEach(list -> list.forEach(raw -> {
            if (!seen.contains(HexFormat.of().formatHex(Hashes.sha256(raw))) && namesConflicting(raw, eq)) {
                seen.add(HexFormat.of().formatHex(Hashes.sha256(raw)));
                proof.addEnvelopes(ByteString.copyFrom(raw));
            }
        }));
        var log = getContext().getSystem().log(); // the callback below runs off the actor: no ActorContext there
        s.evidence().append("exchange:" + eq.domain(), List.of(new EvidenceLog.Entry(EvidenceKind.EQUIVOCATION,
                        "domain:" + eq.domain(), proof.build().toByteArray())))
                .whenComplete((records, failure) -> {
                    if (failure != null) {
                        log.error("The equivocation evidence of domain {} could not be recorded:"
                                + " {}", eq.domain(), failure.getMessage());
                    }
                });
    }

    /** Whether {@code raw}'s envelope hash (SHA-256 of its header) is one of the equivocation's. */
    private static boolean namesConflicting(byte[] raw, Received.Equivocation eq) {
        try {
            ByteString hash = ByteString.copyFrom(Hashes.sha256(ProofEnvelope.parseFrom(raw).getHeader().toByteArray()));
            return eq.conflictingEnvelopes().contains(hash);
        } catch (InvalidProtocolBufferException e) {
            return false; // it was verified before it was kept: not reached
        }
    }

    private void publish() {
        Set<String> expected = new TreeSet<>(Cluster.get(getContext().getSystem()).state().getAllDataCenters());
        Map<String, DomainView> views = reconciler.views();
        s.partners().publish(views, expected);
        views.forEach((domain, view) -> {
            if (!domain.equals(s.domain()) && view.checkpointSeq() > acked.getOrDefault(domain, -1L)) {
                acked.put(domain, view.checkpointSeq());
                acknowledge(new CheckpointHeld(domain, s.domain(), view.checkpointSeq(), getContext().getSelf()));
            }
        });
    }

    /** Tells one endpoint of the checkpoint's domain that this node holds it; lost, the next checkpoint's says more. */
    private void acknowledge(CheckpointHeld ack) {
        getContext().ask(Receptionist.Listing.class, getContext().getSystem().receptionist(), s.askTimeout(),
                reply -> Receptionist.find(of(ack.domain()), reply),
                (listing, failure) -> failure != null || listing.getServiceInstances(of(ack.domain())).isEmpty()
                        ? new Rejected("no endpoint of " + ack.domain() + " to acknowledge its checkpoint " + ack.seq())
                        : new AckTo(ack, new ArrayList<>(listing.getServiceInstances(of(ack.domain())))));
    }

    /**
     * Records a partner's acknowledgement, which lets the publisher prune sooner: only for this
     * domain, from a configured partner, sent by a member of that partner's data center (its certificate
     * names it: D40). A false one only prunes early, which a partner survives by starting at the checkpoint.
     */
    private Behavior<Command> onCheckpointHeld(CheckpointHeld ack) {
        if (!ack.domain().equals(s.domain()) || ack.partner().equals(s.domain())
                || !s.partners().roster().partners().contains(ack.partner()) || !memberOf(ack.from(), ack.partner())) {
            return onRejected(new Rejected("NOT_A_PARTNER: an acknowledgement of checkpoint " + ack.seq() + " for '"
                    + RefusalText.printable(ack.partner()) + "'"));
        }
        CompletableFuture.runAsync(() -> s.acks().ack(ack.partner(), ack.seq()), s.blocking())
                .whenComplete((done, failure) -> {
                    if (failure != null) {
                        LOG.warn("The acknowledgement of checkpoint {} by {} could not be "
                                + "recorded: {}", ack.seq(), ack.partner(), failure.getMessage());
                    }
                });
        return this;
    }

    private boolean memberOf(ActorRef<Command> ref, String dataCenter) {
        var address = ref.path().address();
        for (var member : Cluster.get(getContext().getSystem()).state().getMembers()) {
            if (member.address().equals(address)) {
                return member.dataCenter().equals(dataCenter);
            }
        }
        return false;
    }

    /** Forgets only what the domain's evidence says an operator resolved, and only while it is what is held. */
    private Behavior<Command> checkForget(Forget forget) {
        List<String> held = conflictingHeld(forget.domain());
        if (held.isEmpty() || !Set.copyOf(held).equals(Set.copyOf(forget.conflicting()))) {
            return onForgetChecked(new ForgetChecked(forget, false, "it names " + forget.conflicting()
                    + ", this node holds " + held));
        }
        getContext().pipeToSelf(CompletableFuture.supplyAsync(() -> resolutionRecorded(forget), s.blocking()),
                (proven, failure) -> new ForgetChecked(forget, failure == null && proven,
                        failure == null ? "no RESOLUTION record of it" : "the evidence cannot be read: " + failure));
        return this;
    }

    private List<String> conflictingHeld(String domain) {
        return reconciler.view(domain).filter(DomainView::equivocating).map(v -> v.conflictingEnvelopes().stream()
                .map(h -> HexFormat.of().formatHex(h.toByteArray())).toList()).orElse(List.of());
    }

    /** Blocking: whether the domain's evidence holds a RESOLUTION of exactly the equivocation {@code forget} names. */
    private boolean resolutionRecorded(Forget forget) {
        Set<String> named = Set.copyOf(forget.conflicting());
        for (StoredRecord record : s.store().story(s.domain(), "exchange:" + forget.domain())) {
            if (record.kind() != EvidenceKind.RESOLUTION) {
                continue;
            }
            try {
                DomainResolutionRequest resolution = DomainResolutionRequest.parseFrom(record.payload());
                if (resolution.getDomain().equals(forget.domain()) && named.equals(resolution.getConflictingEnvelopesList()
                        .stream().map(h -> HexFormat.of().formatHex(h.toByteArray())).collect(Collectors.toSet()))) {
                    return true;
                }
            } catch (InvalidProtocolBufferException e) {
                // not a resolution this node can read: it proves nothing
            }
        }
        return false;
    }

    private Behavior<Command> onForgetChecked(ForgetChecked checked) {
        if (!checked.proven()) {
            getContext().getLog().warn("Node {} did not forget domain {}: the request is not an operator's recorded"
                    + " resolution of the equivocation held here ({})", s.nodeId(), checked.forget().domain(), checked.why());
            return this; // unanswered: the sender counts this node as not acknowledging
        }
        Forget forget = checked.forget();
        reconciler.forget(forget.domain());
        recent.remove(forget.domain());
        seen.clear(); // the domain's envelopes are taken again from the start
        repairing.remove(forget.domain());
        publish();
        getContext().getLog().warn("Node {} forgot what it held of domain {} (an operator's resolution); it takes the "
                + "domain's envelopes again from the start", s.nodeId(), forget.domain());
        forget.replyTo().tell(new Forgotten(s.nodeId()));
        return this;
    }

    private Behavior<Command> onTick() {
        publish();
        long now = s.clock().millis();
        repairing.values().removeIf(until -> until < now);
        for (var c : s.partners().continuity()) {
            if (c.getVerdict().equals(ContinuityCode.CONTINUITY_GAP.name())
                    || c.getVerdict().equals(ContinuityCode.EPOCH_STALE.name())) {
                // Ask for everything after the whole chain: fills gaps and, when beacons stopped, whatever came since.
                requestRepair(c.getDomain(), reconciler.repairFrom(c.getDomain()), Long.MAX_VALUE);
            }
        }
        return this;
    }

    private void requestRepair(String domain, long from, long to) {
        if (repairing.containsKey(domain)) {
            return;
        }
        repairing.put(domain, s.clock().millis() + s.askTimeout().toMillis());
        getContext().ask(Receptionist.Listing.class, getContext().getSystem().receptionist(),
                s.askTimeout(), reply -> Receptionist.find(of(domain), reply),
                (listing, failure) -> {
                    if (failure != null || listing.getServiceInstances(of(domain)).isEmpty()) {
                        return new RepairFailed(domain, "no endpoint of " + domain + " is reachable");
                    }
                    return new RepairFrom(new RepairRequest(domain, from, to, getContext().getSelf()),
                            new ArrayList<>(listing.getServiceInstances(of(domain))));
                });
    }

    private Behavior<Command> onRepairFailed(RepairFailed f) {
        repairing.remove(f.domain());
        return this;
    }

    private Behavior<Command> onRepairAnswer(RepairAnswer answer) {
        repairing.remove(answer.domain());
        if (answer.prunedBelow() > 0) {
            byte[] raw = answer.checkpoint();
            getContext().pipeToSelf(CompletableFuture.supplyAsync(() -> open(raw), s.blocking()),
                    (opened, failure) -> failure == null && opened.header().getDomain().equals(answer.domain())
                            && opened.header().getSeq() == answer.prunedBelow()
                            ? new VerifiedCheckpoint(opened, raw, answer.envelopes())
                            : new Rejected("RANGE_PRUNED: domain " + answer.domain() + " pruned its envelopes below "
                                    + answer.prunedBelow() + ", and its checkpoint there does not hold: " + failure));
            return this;
        }
        answer.envelopes().forEach(this::verify);
        return this;
    }

    private Behavior<Command> serveRepair(RepairRequest request) {
        if (!request.domain().equals(s.domain())) {
            return this; // only a domain speaks for its own lineage
        }
        if (!mayServe()) {
            return this;
        }
        CompletableFuture.supplyAsync(() -> repair(request), s.blocking())
                .whenComplete((answer, failure) -> {
                    if (failure == null) {
                        request.replyTo().tell(answer);
                    }
                });
        return this;
    }

    /**
     * Blocking: the envelopes asked for; or, for a range that starts below the outbox's prune floor,
     * the typed answer that it was pruned there, with the checkpoint, the revocation entries from
     * where the asker asked up to it, and what follows it, within one batch.
     */
    private RepairAnswer repair(RepairRequest request) {
        int batch = s.settings().repairBatch();
        long floor = s.outbox().floor();
        if (request.from() >= floor) {
            return new RepairAnswer(s.domain(), s.outbox().range(request.from(), request.to(), batch), 0, new byte[0]);
        }
        List<byte[]> checkpoint = s.outbox().range(floor, floor, 1);
        if (checkpoint.isEmpty()) {
            throw new IllegalStateException("the checkpoint at the prune floor " + floor + " is not stored");
        }
        List<byte[]> envelopes = new ArrayList<>(s.outbox().revocationRange(request.from(), floor - 1, batch));
        envelopes.addAll(s.outbox().range(floor + 1, request.to(), batch - envelopes.size()));
        return new RepairAnswer(s.domain(), envelopes, floor, checkpoint.get(0));
    }

    private Behavior<Command> serveLineage(LineageRequest request) {
        if (!mayServe()) {
            return this; // the asker's wait runs out and it refuses the partner's writ (fail closed there)
        }
        CompletableFuture.supplyAsync(() -> s.lineages().lineage(request.jti(), request.attestedHeads()), s.blocking())
                .whenComplete((answer, failure) -> request.replyTo().tell(failure == null ? answer
                        : new LineageAnswer(new byte[0], "the lineage of " + request.jti() + " cannot be read: "
                                + failure.getMessage())));
        return this;
    }

    /** A part larger than the bound is refused here as the asker would refuse it, so it learns why. */
    private Behavior<Command> servePart(PartRequest request) {
        if (!mayServe()) {
            return this; // the asker's wait runs out and its bundle names this part as missing
        }
        CompletableFuture.supplyAsync(() -> {
                    try {
                        byte[] part = s.parts().part(request.jti()).toByteArray();
                        return part.length <= s.settings().maxStoryPartBytes() ? new PartAnswer(part, "")
                                : new PartAnswer(new byte[0], "domain " + s.domain() + "'s part of " + request.jti() + " has "
                                        + part.length + " bytes, more than writ.exchange.max-story-part-bytes");
                    } catch (Refusal r) {
                        return new PartAnswer(new byte[0], r.detail());
                    }
                }, s.blocking())
                .whenComplete((answer, failure) -> request.replyTo().tell(failure == null ? answer
                        : new PartAnswer(new byte[0], "domain " + s.domain() + "'s part of " + request.jti()
                                + " cannot be read: " + failure.getMessage())));
        return this;
    }

    /** Whether the allowance holds one more served request; a refusal is counted and logged sparsely. */
    private boolean mayServe() {
        if (allowance.take(s.clock().millis())) {
            return true;
        }
        unserved++;
        if (Long.bitCount(unserved) == 1) {
            getContext().getLog().warn("Node {} left {} repair, lineage or story part request(s) unanswered: more than "
                    + "writ.exchange.served-requests-per-second asked", s.nodeId(), unserved);
        }
        return false;
    }

    private Behavior<Command> serveReconciliation(ReconciliationRequest request) {
        var out = dev.writ.protocol.wire.Reconciliation.newBuilder()
                .setNodeId(s.nodeId())
                .setDomain(s.domain())
                .addAllDomains(s.partners().continuity())
                .setDigest(HexFormat.of().formatHex(reconciler.digest()))
                .putAllHeads(reconciler.heads());
        if (!request.cut().isEmpty()) {
            reconciler.digestAt(request.cut()).ifPresent(d -> out.setDigestAt(HexFormat.of().formatHex(d)));
        }
        request.replyTo().tell(new ReconciliationAnswer(out.build().toByteArray()));
        return this;
    }

}

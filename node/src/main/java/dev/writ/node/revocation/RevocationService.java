package dev.writ.node.revocation;

import dev.writ.node.config.NodeSettings;
import dev.writ.node.dispatch.Continuations;
import dev.writ.node.evidence.EvidenceLog;
import dev.writ.node.health.HealthState;
import dev.writ.node.refusal.Refusal;
import dev.writ.node.refusal.RefusalCode;
import dev.writ.node.sharding.DomainMembers;
import dev.writ.protocol.wire.EvidenceKind;
import dev.writ.protocol.wire.RevocationEntry;
import dev.writ.protocol.wire.RevocationRequest;
import dev.writ.protocol.wire.RevocationResponse;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.regex.Pattern;
import org.apache.pekko.actor.Address;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.javadsl.AskPattern;
import org.apache.pekko.actor.typed.pubsub.Topic;

/**
 * Revocation (`POST /v1/revocations`): append to the domain's ledger ({@link RevocationLedger}), tell every node's
 * view that the ledger has a new epoch to read, record REVOCATION evidence, and answer how many members have read the
 * new epoch from the ledger, remembering how long that took ({@link RevocationReach}). The ledger is what is in force: every redemption checks the node's view of it, which is
 * refused as stale past {@code writ.revocation.staleness-bound} (invariant 6). A retried revocation answers the
 * existing entry (add-only, no second epoch).
 */
public final class RevocationService {
    private static final Pattern SUBJECT = Pattern.compile("[A-Za-z0-9_.:/@+=-]{1,256}");

    private final NodeSettings settings;
    private final Clock clock;
    private final HealthState health;
    private final ActorSystem<?> system;
    private final EvidenceLog evidence;
    private final Executor blocking;
    private final RevocationLedger ledger;
    private final ActorRef<Topic.Command<RevocationView.LedgerAppended>> topic;
    private final Runnable toPartners;
    private final RevocationReach reach;

    /**
     * @param toPartners tells the domain's publisher to send new ledger entries to the other domains now
     * @param reach      where each revocation taken here records how long it took to reach every node
     */
    public RevocationService(NodeSettings settings, Clock clock, HealthState health, ActorSystem<?> system,
                             EvidenceLog evidence, Executor blocking, RevocationLedger ledger,
                             ActorRef<Topic.Command<RevocationView.LedgerAppended>> topic, Runnable toPartners,
                             RevocationReach reach) {
        this.settings = settings;
        this.clock = clock;
        this.health = health;
        this.system = system;
        this.evidence = evidence;
        this.blocking = blocking;
        this.ledger = ledger;
        this.topic = topic;
        this.toPartners = toPartners;
        this.reach = reach;
    }

    public CompletionStage<RevocationResponse> revoke(RevocationRequest request) {
        String subject = request.getSubject();
        try {
            health.requireServing(subject);
            if (!SUBJECT.matcher(subject).matches()) {
                throw new Refusal(RefusalCode.MALFORMED, "", "subject is required: an agent SPIFFE id, key id, jti or delegation id");
            }
            if (!Set.of(RevocationEntry.Kind.AGENT, RevocationEntry.Kind.KEY, RevocationEntry.Kind.WRIT,
                    RevocationEntry.Kind.DELEGATION).contains(request.getKind())) {
                throw new Refusal(RefusalCode.MALFORMED, subject, "kind is one of AGENT, KEY, WRIT, DELEGATION");
            }
            if (request.getIssuer().isBlank() || request.getReason().isBlank()) {
                throw new Refusal(RefusalCode.MALFORMED, subject, "issuer and reason are required: say who revokes and why");
            }
        } catch (Refusal r) {
            return CompletableFuture.failedFuture(r);
        }
        long now = clock.millis();
        return CompletableFuture.supplyAsync(() -> ledger.revoke(request.getKind(), subject, request.getReason(),
                        request.getIssuer(), now), blocking)
                .thenCompose(entry -> {
                    byte[] entryBytes = entry.toByteArray();
                    // Only the epoch goes out: every view reads the entry from the ledger itself (invariant 6).
                    topic.tell(Topic.publish(new RevocationView.LedgerAppended(settings.domain(), entry.getEpoch())));
                    toPartners.run();
                    // The ledger entry is what is in force; its evidence is recorded after it, and a
                    // failure to record says so.
                    return evidence.append(subject, List.of(new EvidenceLog.Entry(EvidenceKind.REVOCATION, subject,
                                    entryBytes)))
                            .handle((records, failure) -> {
                                if (failure != null) {
                                    throw new CompletionException(new Refusal(RefusalCode.EVIDENCE_UNAVAILABLE, subject,
                                            "the revocation is in force (epoch " + entry.getEpoch() + ") but its evidence "
                                                    + "could not be recorded; repeat the request to record it"));
                                }
                                return entry;
                            });
                })
                .thenCompose(this::awaitPropagation);
    }

    /**
     * Asks every node's view to confirm the entry's epoch, within the propagation timeout, and
     * records when the last one did (from the entry's revoked-at, when the ledger took it). The nodes
     * are this domain's data center's members, each asked at its view's path: not the receptionist's
     * listing, which any member of the shared cluster can add to or remove from (docs/trust-model.md).
     * A member whose view does not answer, or is not found, counts as not confirmed.
     */
    private CompletionStage<RevocationResponse> awaitPropagation(RevocationEntry entry) {
        var timeout = settings.revocationPropagationTimeout();
        List<CompletableFuture<OptionalLong>> acks = new ArrayList<>();
        DomainMembers domain = DomainMembers.get(system);
        for (Address member : domain.addresses()) {
            acks.add(domain.<RevocationView.Command>at(member, RevocationView.PATH, timeout)
                    .thenCompose(view -> AskPattern.<RevocationView.Command, RevocationView.Holding>ask(view,
                            reply -> new RevocationView.AwaitEpoch(entry.getEpoch(), reply), timeout, system.scheduler()))
                    .handle((holding, failure) -> failure == null ? OptionalLong.of(clock.millis()) : OptionalLong.empty())
                    .toCompletableFuture());
        }
        return Continuations.on(system.executionContext(), CompletableFuture.allOf(acks.toArray(CompletableFuture[]::new)))
                .thenApply(all -> {
                    RevocationReach.Reach reached = RevocationReach.Reach.of(entry.getEpoch(), entry.getRevokedAtMillis(),
                            acks.stream().map(CompletableFuture::join).toList());
                    reach.record(reached);
                    return RevocationResponse.newBuilder()
                            .setEntry(entry)
                            .setNodesAcknowledged(reached.confirmed())
                            .setNodesTotal(reached.nodes())
                            .build();
                });
    }
}

package dev.writ.node.redemption;

import com.nimbusds.jose.JWSObject;
import dev.writ.node.config.NodeSettings;
import dev.writ.node.dispatch.Continuations;
import dev.writ.node.exchange.ExchangeEndpoint;
import dev.writ.node.exchange.IssuanceLineages;
import dev.writ.node.exchange.LineageCheck;
import dev.writ.node.exchange.PartnerDomains;
import dev.writ.node.exchange.PartnerKeys;
import dev.writ.node.refusal.Refusal;
import dev.writ.node.refusal.RefusalCode;
import dev.writ.protocol.ProtocolException;
import dev.writ.protocol.crypto.KeyId;
import dev.writ.protocol.crypto.KeyRing;
import dev.writ.protocol.wire.EvidenceHead;
import dev.writ.protocol.wire.ExecutionContract;
import dev.writ.protocol.wire.IssuanceLineageCheck;
import dev.writ.protocol.wire.RedemptionRequest;
import dev.writ.protocol.wire.RevocationEntry;
import dev.writ.protocol.writ.Writ;
import dev.writ.protocol.writ.WritVerifier;
import dev.writ.reconciliation.DomainView;
import java.text.ParseException;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.javadsl.AskPattern;

/**
 * Redemption here of a writ another domain issued, for a target this domain owns. Before
 * single use is decided here, the partner's writ must hold on every count this node can prove:
 * its signature, by a key the partner registered on chain; the partner's continuity now (no gap, a
 * fresh beacon, no equivocation, its revocations held up to the epoch the writ was issued under);
 * no revocation of the writ, its agent or its keys in the partner's ledger as held here; its
 * issuance in the partner's attested lineage ({@link LineageCheck}); the contract naming this
 * domain as the one to redeem it; and then scope and drift as for any writ.
 */
public final class PartnerWrits {
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(PartnerWrits.class);
    /** A partner's writ whose checks held, the contract its lineage proved, and the lineage check made. */
    public record Checked(Writ writ, ExecutionContract contract, String domain, IssuanceLineageCheck lineage) {
    }

    private final NodeSettings settings;
    private final Clock clock;
    private final PartnerDomains partners;
    private final PartnerKeys keys;
    private final ActorSystem<?> system;
    private final Executor blocking;

    public PartnerWrits(NodeSettings settings, Clock clock, PartnerDomains partners, PartnerKeys keys,
                        ActorSystem<?> system, Executor blocking) {
        this.settings = settings;
        this.clock = clock;
        this.partners = partners;
        this.keys = keys;
        this.system = system;
        this.blocking = blocking;
    }

    /** The domain a writ names as its issuer ({@code dom}), read before verification to pick the keys; empty if unreadable. */
    public static Optional<String> claimedDomain(String compact) {
        try {
            Object dom = JWSObject.parse(compact).getPayload().toJSONObject().get("dom");
            return dom instanceof String s ? Optional.of(s) : Optional.empty();
        } catch (ParseException | RuntimeException e) {
            return Optional.empty();
        }
    }

    public CompletionStage<Checked> check(String domain, RedemptionRequest request) {
        if (!partners.roster().speaksWith(domain)) {
            // before any key lookup, as for envelopes: a domain removed from the partner list is refused at once
            return CompletableFuture.failedFuture(new Refusal(RefusalCode.NOT_A_PARTNER, "", "writ of domain " + domain
                    + ", which is not a partner of this domain (writ.exchange.partners)"));
        }
        return CompletableFuture.supplyAsync(() -> verified(domain, request.getWrit()), blocking)
                .thenCompose(writ -> {
                    String jti = writ.claims().jti();
                    try {
                        DomainView view = partners.requireContinuity(domain,
                                writ.claims().revocationEpoch(), jti).orElseThrow();
                        requireNotRevoked(view, jti, writ.claims().issuer(), writ.keyId().toString());
                        requireHonouredPolicy(view, writ);
                    } catch (Refusal r) {
                        return CompletableFuture.failedFuture(r);
                    }
                    return lineage(domain, writ, System.nanoTime() + partners.settings().lineageWait().toNanos())
                            .thenApply(held -> checked(domain, writ, held, request));
                });
    }

    private Writ verified(String domain, String compact) {
        try {
            String kid = JWSObject.parse(compact).getHeader().getKeyID();
            KeyRing ring = keys.ringWith(domain, KeyId.parse(kid == null ? "" : kid));
            return new WritVerifier(ring, settings.clockSkew()).verify(compact, clock.instant());
        } catch (ProtocolException e) {
            throw new CompletionException(new Refusal(RefusalCode.ofWritFault(e.fault()), "", "writ of domain " + domain
                    + ": " + e.fault() + ": " + e.detail()));
        } catch (ParseException e) {
            throw new CompletionException(new Refusal(RefusalCode.WRIT_MALFORMED, "", "the writ is not a compact JWS"));
        }
    }

    private static void requireNotRevoked(DomainView view, String jti, String agent, String keyId) throws Refusal {
        if (view.isRevoked(RevocationEntry.Kind.WRIT, jti) || view.isRevoked(RevocationEntry.Kind.AGENT, agent)
                || view.isRevoked(RevocationEntry.Kind.KEY, keyId)) {
            throw new Refusal(RefusalCode.REVOKED, jti, "domain " + view.domain() + " revoked the writ, its agent "
                    + agent + " or its key (revocation epoch " + view.revocationEpoch() + " held here)");
        }
    }

    /** The partner's own rule, from its latest beacon: writs of an older policy than it honours are stale there, so here. */
    private static void requireHonouredPolicy(DomainView view, Writ writ) throws Refusal {
        var beacon = view.beacon().orElseThrow().beacon();
        var issuedUnder = writ.claims().policy();
        boolean sameSource = beacon.getPolicyEpoch().getContractAddress().equalsIgnoreCase(issuedUnder.contractAddress());
        if (!sameSource || issuedUnder.version() < beacon.getMinimumWritVersion()) {
            throw new Refusal(RefusalCode.POLICY_EPOCH_STALE, writ.claims().jti(), "issued under policy "
                    + issuedUnder.contractAddress() + " v" + issuedUnder.version() + "; domain " + view.domain()
                    + " now honours writs of " + beacon.getPolicyEpoch().getContractAddress() + " from v"
                    + beacon.getMinimumWritVersion());
        }
    }

    /** Asks the issuing domain for the writ's lineage, waiting for a beacon that attests it up to the deadline. */
    private CompletionStage<LineageCheck.Held> lineage(String domain, Writ writ, long deadlineNanos) {
        String jti = writ.claims().jti();
        List<EvidenceHead> heads = partners.view(domain).flatMap(DomainView::beacon)
                .map(b -> b.beacon().getEvidenceHeadsList()).orElse(List.of());
        Map<String, Long> attested = new TreeMap<>();
        heads.forEach(h -> attested.put(h.getLane(), h.getSeq()));
        var timeout = settings.askTimeout();
        return ExchangeEndpoint.endpointsOf(system, domain, timeout)
                .thenCompose(refs -> {
                    if (refs.isEmpty()) {
                        throw new CompletionException(new Refusal(RefusalCode.CONTINUITY_GAP, jti, "no node of domain "
                                + domain + " is reachable to show the writ's lineage"));
                    }
                    return Continuations.on(system.executionContext(),
                            AskPattern.<ExchangeEndpoint.Command, ExchangeEndpoint.LineageAnswer>ask(
                                    refs.get(ThreadLocalRandom.current().nextInt(refs.size())),
                                    reply -> new ExchangeEndpoint.LineageRequest(jti, attested, reply), timeout,
                                    system.scheduler()));
                })
                .exceptionally(failure -> {
                    if (failure instanceof CompletionException ce && ce.getCause() instanceof Refusal) {
                        throw ce;
                    }
                    throw new CompletionException(new Refusal(RefusalCode.CONTINUITY_GAP, jti, "domain " + domain
                            + " did not show the writ's lineage within " + timeout.toMillis() + " ms"));
                })
                .thenCompose(answer -> {
                    if (answer.refusal().startsWith(IssuanceLineages.NOT_YET_ATTESTED) && System.nanoTime() < deadlineNanos) {
                        LOG.debug("Lineage of {} not yet attested: {}", jti, answer.refusal());
                        // Synchronize before authorize: the next beacon of the domain will attest the issuance.
                        long pause = Math.max(10, partners.settings().beaconInterval().toMillis() / 2);
                        return CompletableFuture.supplyAsync(() -> null,
                                        CompletableFuture.delayedExecutor(pause, TimeUnit.MILLISECONDS, blocking))
                                .thenCompose(x -> lineage(domain, writ, deadlineNanos));
                    }
                    if (!answer.refusal().isEmpty()) {
                        throw new CompletionException(new Refusal(RefusalCode.CONTINUITY_GAP, jti, "the lineage of the "
                                + "writ in domain " + domain + " is not attested here: " + answer.refusal()));
                    }
                    try {
                        return CompletableFuture.completedFuture(LineageCheck.verify(answer.lineage(), writ, domain,
                                keys.ring(domain), heads, clock.millis()));
                    } catch (LineageCheck.Broken e) {
                        throw new CompletionException(new Refusal(RefusalCode.WRIT_FORGED, jti, e.getMessage()));
                    }
                });
    }

    private Checked checked(String domain, Writ writ, LineageCheck.Held held, RedemptionRequest request) {
        String jti = writ.claims().jti();
        ExecutionContract contract = held.contract();
        try {
            if (!contract.getRedeemDomain().equals(settings.domain())) {
                throw new Refusal(RefusalCode.FOREIGN_DOMAIN, jti, "the contract of writ " + jti + " is redeemed by domain '"
                        + contract.getRedeemDomain() + "', not " + settings.domain());
            }
            DomainView view = partners.view(domain).orElseThrow();
            if (!contract.getAgentKeyId().isEmpty() && view.isRevoked(RevocationEntry.Kind.KEY, contract.getAgentKeyId())) {
                throw new Refusal(RefusalCode.REVOKED, jti, "domain " + domain + " revoked the certificate key "
                        + contract.getAgentKeyId() + " the agent proposed with");
            }
            ScopeCheck.requireInScope(jti, contract, writ.claims().action().classification(), request.getMutation());
            ScopeCheck.requireNoDrift(jti, contract, request.getObservedMap());
        } catch (Refusal r) {
            throw new CompletionException(r);
        }
        return new Checked(writ, contract, domain, held.check());
    }
}

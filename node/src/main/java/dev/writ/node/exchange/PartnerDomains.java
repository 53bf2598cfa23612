package dev.writ.node.exchange;

import dev.writ.node.refusal.Refusal;
import dev.writ.node.refusal.RefusalCode;
import dev.writ.protocol.wire.DomainContinuity;
import dev.writ.reconciliation.ContinuityCode;
import dev.writ.reconciliation.DomainView;
import dev.writ.reconciliation.FailClosedVerdict;
import dev.writ.reconciliation.Verdict;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicReference;

/**
 * What this node holds of every domain, as its {@link ExchangeEndpoint} last published it, read
 * without a message round trip by redemption, health and the API.
 */
public final class PartnerDomains {
    private final ExchangeSettings settings;
    private final PartnerRoster roster;
    private final String ownDomain;
    private final Clock clock;
    private final AtomicReference<Map<String, DomainView>> views = new AtomicReference<>(Map.of());
    private final AtomicReference<Set<String>> expected = new AtomicReference<>(Set.of());

    public PartnerDomains(ExchangeSettings settings, String ownDomain, Clock clock) {
        this.settings = settings;
        this.roster = new PartnerRoster(ownDomain, settings.roster());
        this.ownDomain = ownDomain;
        this.clock = clock;
    }

    public ExchangeSettings settings() {
        return settings;
    }

    /** The partner list in force now (writ.exchange.partners, or its partners file as last read). */
    public PartnerRoster roster() {
        return roster;
    }

    /** The domain whose PEPs redeem the proposal's writ: the owner of its target (writ.exchange.target-owners). */
    public String redeemDomain(dev.writ.protocol.wire.ActionProposal proposal) {
        return roster.redeemDomain(proposal.getAction().getTarget());
    }

    void publish(Map<String, DomainView> next, Set<String> expectedDomains) {
        views.set(Map.copyOf(next));
        expected.set(Set.copyOf(expectedDomains));
    }

    public Optional<DomainView> view(String domain) {
        return Optional.ofNullable(views.get().get(domain));
    }

    /** May an action that depends on {@code domain}, decided under its revocation epoch {@code requiredEpoch}, go ahead now? */
    public Verdict verdict(String domain, long requiredEpoch) {
        if (!roster.speaksWith(domain)) {
            // Removed from the partner list (or never in it): refused at once, whatever is still held of it.
            return new Verdict.Refuse(domain, ContinuityCode.NOT_A_PARTNER, "domain " + domain
                    + " is not a partner of this domain (writ.exchange.partners)");
        }
        return FailClosedVerdict.decide(domain, view(domain), clock.millis(), requiredEpoch, settings.bounds());
    }

    /**
     * Fail closed on a partner: when an action depends on another domain (its target is owned there,
     * or its writ was issued there), that domain's continuity must be proven now (docs/sources.md, proof exchange), else the refusal
     * says why: CONTINUITY_GAP, EPOCH_STALE, EQUIVOCATION or ENVELOPE_INVALID.
     *
     * @param requiredEpoch the domain's revocation epoch the action was decided under (0: none)
     * @return the domain's view, holding its revocations; empty for this node's own domain
     */
    public Optional<DomainView> requireContinuity(String domain, long requiredEpoch, String subject) throws Refusal {
        if (domain.equals(ownDomain)) {
            return Optional.empty();
        }
        Verdict verdict = verdict(domain, requiredEpoch);
        if (verdict instanceof Verdict.Refuse r) {
            throw new Refusal(RefusalCode.valueOf(r.code().name()), subject, r.detail());
        }
        return Optional.of(((Verdict.Accept) verdict).view());
    }

    /** Every domain in the cluster or heard from, with its verdict now. */
    public List<DomainContinuity> continuity() {
        Set<String> domains = new TreeSet<>(expected.get());
        domains.addAll(views.get().keySet());
        List<DomainContinuity> out = new ArrayList<>();
        long now = clock.millis();
        for (String d : domains) {
            Optional<DomainView> v = view(d);
            Verdict verdict = verdict(d, 0);
            DomainContinuity.Builder b = DomainContinuity.newBuilder().setDomain(d)
                    .setHead(v.map(DomainView::head).orElse(-1L))
                    .setHighestSeq(v.map(DomainView::highestSeq).orElse(-1L))
                    .setRevocationEpoch(v.map(DomainView::revocationEpoch).orElse(0L))
                    .setBeaconAgeMillis(-1)
                    .setCheckpointSeq(v.map(DomainView::checkpointSeq).orElse(-1L))
                    .setHeldEnvelopes(v.map(DomainView::held).orElse(0));
            v.map(DomainView::conflictingEnvelopes).ifPresent(b::addAllConflictingEnvelopes);
            v.flatMap(DomainView::beacon).ifPresent(beacon -> b
                    .setBeaconRevocationEpoch(beacon.beacon().getRevocationEpoch())
                    .setBeaconPolicyVersion(beacon.beacon().getPolicyEpoch().getVersion())
                    .setBeaconAgeMillis(now - beacon.receivedAtMillis()));
            if (verdict instanceof Verdict.Refuse r) {
                b.setVerdict(r.code().name()).setDetail(r.detail());
            } else {
                b.setVerdict("ACCEPT");
            }
            out.add(b.build());
        }
        return out;
    }
}

package dev.writ.reconciliation;

import java.util.Optional;

/**
 * The fail-closed verdict (docs/sources.md, proof exchange: "execution MUST deny whenever proof
 * continuity cannot be validated"). It says yes only when every one of these holds for domain D,
 * in this order of report:
 * a beacon of D is held; D has not equivocated; every envelope of D up to the highest seen is held;
 * D's signed payloads were all readable; D's latest beacon is fresh by our clock and by its own date;
 * D's revocations are held up to the epoch its beacon states, its latest checkpoint states and the action names.
 */
public final class FailClosedVerdict {
    private FailClosedVerdict() {
    }

    /**
     * @param requiredRevocationEpoch the revocation epoch of D the action was decided under (a writ's
     *                                {@code rev} claim), 0 when none: holding less means we may miss a revocation
     */
    public static Verdict decide(String domain, Optional<DomainView> held, long nowMillis, long requiredRevocationEpoch,
                                 Bounds bounds) {
        if (held.isEmpty() || held.get().beacon().isEmpty()) {
            return new Verdict.Refuse(domain, ContinuityCode.CONTINUITY_GAP, "no beacon of domain " + domain + " is held here");
        }
        DomainView v = held.get();
        Beacon beacon = v.beacon().get();
        if (v.equivocating()) {
            return new Verdict.Refuse(domain, ContinuityCode.EQUIVOCATION, "domain " + domain + " equivocated: " + v.conflict());
        }
        if (v.highestSeq() > v.head()) {
            return new Verdict.Refuse(domain, ContinuityCode.CONTINUITY_GAP, "envelopes " + (v.head() + 1) + ".."
                    + v.highestSeq() + " of domain " + domain + " are not all held");
        }
        if (v.invalidPayload().isPresent()) {
            return new Verdict.Refuse(domain, ContinuityCode.ENVELOPE_INVALID, v.invalidPayload().get());
        }
        long age = nowMillis - beacon.receivedAtMillis();
        if (age > bounds.beaconStalenessMillis()) {
            return new Verdict.Refuse(domain, ContinuityCode.EPOCH_STALE, "the latest beacon of domain " + domain
                    + " arrived " + age + " ms ago (bound " + bounds.beaconStalenessMillis() + " ms)");
        }
        long dated = nowMillis - beacon.beacon().getIssuedAtMillis();
        if (dated > bounds.beaconStalenessMillis() + bounds.maxClockSkewMillis()) {
            return new Verdict.Refuse(domain, ContinuityCode.EPOCH_STALE, "the latest beacon of domain " + domain
                    + " is dated " + dated + " ms ago (bound " + bounds.beaconStalenessMillis() + " ms + skew "
                    + bounds.maxClockSkewMillis() + " ms)");
        }
        long stated = Math.max(Math.max(beacon.beacon().getRevocationEpoch(), requiredRevocationEpoch),
                v.checkpointRevocationEpoch());
        if (v.revocationEpoch() < stated) {
            return new Verdict.Refuse(domain, ContinuityCode.CONTINUITY_GAP, "revocations of domain " + domain
                    + " are held to epoch " + v.revocationEpoch() + ", but epoch " + stated + " is in force");
        }
        return new Verdict.Accept(v);
    }
}

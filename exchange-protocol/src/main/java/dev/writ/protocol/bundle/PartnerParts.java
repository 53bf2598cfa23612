package dev.writ.protocol.bundle;

import com.google.protobuf.InvalidProtocolBufferException;
import dev.writ.protocol.Fault;
import dev.writ.protocol.ProtocolException;
import dev.writ.protocol.crypto.KeyRing;
import dev.writ.protocol.wire.AnchorBatch;
import dev.writ.protocol.wire.DomainPart;
import dev.writ.protocol.wire.EvidenceKind;
import dev.writ.protocol.wire.ExecutionContract;
import dev.writ.protocol.wire.MissingPart;
import dev.writ.protocol.wire.ProofBundle;
import dev.writ.protocol.wire.WritIssuance;
import dev.writ.protocol.writ.Writ;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The redeeming domain's part of a cross-boundary writ's story: whether the bundle must carry one
 * (the issuing domain's contract names another domain to redeem the writ), whether the part is that
 * domain's, and then the same checks as the issuing part's under the redeeming domain's own keys
 * ({@code partner.*}), and the links between the two stories. A part that does not hold under its
 * domain's keys, manifest or anchors is PARTNER_PART_TAMPERED, whatever the underlying fault (it
 * stays in the detail); a part a cross-boundary bundle lacks without saying so is
 * PARTNER_PART_DROPPED; a redemption by a domain the contract does not name is
 * REDEEMED_BY_UNNAMED_DOMAIN; a redemption whose receipt lacks the lineage check the redeeming domain
 * made of the issuing part's ISSUANCE, or names another record, is LINEAGE_CHECK_MISSING or
 * LINEAGE_CHECK_MISMATCH. A part the exporter marked missing is a SKIP: never verified.
 */
final class PartnerParts {
    private final Optional<KeyRing> trusted;

    PartnerParts(Optional<KeyRing> trusted) {
        this.trusted = trusted;
    }

    /** The exporter's note that {@code domain}'s part is absent, if it made one. */
    static Optional<MissingPart> missing(ProofBundle bundle, String domain) {
        return bundle.getMissingList().stream().filter(m -> m.getDomain().equals(domain)).findFirst();
    }

    /**
     * @param writ  the issuing part's writ, null when it failed or the issuing part is missing
     * @param story the issuing part's records, null when they failed or the issuing part is missing
     */
    void check(ProofBundle bundle, Writ writ, Story story, List<Check> checks) {
        String issuer = bundle.getDomain();
        boolean issuingMissing = missing(bundle, issuer).isPresent();
        Optional<DomainPart> part = bundle.hasRedeeming() ? Optional.of(bundle.getRedeeming()) : Optional.empty();
        Optional<MissingPart> other = bundle.getMissingList().stream().filter(m -> !m.getDomain().equals(issuer)).findFirst();
        Optional<ExecutionContract> contract = contractOf(story);
        if (contract.isEmpty()) {
            if (part.isEmpty() && other.isEmpty() && !issuingMissing) {
                return;
            }
            if (other.isPresent()) {
                checks.add(Check.skip("partner.part", "not checked: domain " + other.get().getDomain()
                        + "'s part is missing from the bundle: " + other.get().getReason()));
            } else if (part.isEmpty()) {
                checks.add(Check.fail("partner.part", Fault.PARTNER_PART_DROPPED,
                        "the bundle holds the records of neither domain"));
            } else {
                checks.add(Check.skip("partner.part", "not checked against the contract, which could not be read: domain "
                        + part.get().getDomain() + "'s part"));
            }
        } else if (!namedPart(issuer, contract.get(), story, part, other, checks)) {
            return;
        }
        part.ifPresent(p -> checkPart(Part.of(p), issuer, writ, story, contract.isPresent(), checks));
    }

    /** The partner.part check when the contract is known; false when the bundle is an ordinary one-domain bundle. */
    private static boolean namedPart(String issuer, ExecutionContract contract, Story story, Optional<DomainPart> part,
                                     Optional<MissingPart> other, List<Check> checks) {
        String named = contract.getRedeemDomain();
        boolean crossing = !named.isEmpty() && !named.equals(issuer);
        if (crossing && !story.ofKind(EvidenceKind.REDEMPTION).isEmpty()) {
            checks.add(Check.fail("partner.part", Fault.REDEEMED_BY_UNNAMED_DOMAIN, "domain " + issuer
                    + " recorded a redemption of the writ; its contract names domain " + named + " to redeem it"));
        } else if (!crossing && part.isPresent()) {
            checks.add(Check.fail("partner.part", Fault.REDEEMED_BY_UNNAMED_DOMAIN, "the bundle holds domain "
                    + part.get().getDomain() + "'s part; the contract names " + issuer + " itself to redeem the writ"));
        } else if (!crossing && other.isPresent()) {
            checks.add(Check.skip("partner.part", "not checked: domain " + other.get().getDomain()
                    + "'s part is missing from the bundle: " + other.get().getReason()));
        } else if (!crossing) {
            return false;
        } else if (part.isPresent() && !part.get().getDomain().equals(named)) {
            checks.add(Check.fail("partner.part", Fault.REDEEMED_BY_UNNAMED_DOMAIN, "the bundle holds domain "
                    + part.get().getDomain() + "'s part; the contract names domain " + named + " to redeem the writ"));
        } else if (part.isEmpty() && other.isPresent() && other.get().getDomain().equals(named)) {
            checks.add(Check.skip("partner.part", "not checked: domain " + named
                    + "'s part is missing from the bundle: " + other.get().getReason()));
        } else if (part.isEmpty()) {
            checks.add(Check.fail("partner.part", Fault.PARTNER_PART_DROPPED, "the contract names domain " + named
                    + " to redeem the writ; the bundle holds no part of " + named + " and does not say it is missing"));
        } else {
            checks.add(Check.pass("partner.part", "domain " + named + "'s part, the domain the contract names to redeem the writ"));
        }
        return true;
    }

    private void checkPart(Part part, String issuer, Writ writ, Story issuing, boolean contractKnown, List<Check> checks) {
        List<Check> own = new ArrayList<>();
        KeyRing keys = BundleVerifier.checkKeys(part, trusted, "partner.", own);
        Story story = BundleVerifier.checkEvidence(part, keys, "partner.", own);
        BundleVerifier.checkManifest(part, writ == null ? null : writ.claims().jti(), story, keys, "partner.", own);
        if (story == null) {
            own.add(Check.skip("partner.story.links", "not checked: evidence records failed"));
        } else if (writ == null || !contractKnown) {
            own.add(Check.skip("partner.story.links", "not checked: the issuing domain's writ could not be checked"));
        } else {
            try {
                own.add(Check.pass("partner.story.links", StoryRules.checkRedeemingPart(story, part.domain(), writ)));
            } catch (ProtocolException e) {
                own.add(Check.fail("partner.story.links", e.fault(), e.detail()));
            }
        }
        if (story == null || issuing == null || !contractKnown) {
            own.add(Check.skip("partner.lineage", "not checked: the records of both parts are needed"));
        } else {
            try {
                own.add(Check.pass("partner.lineage", StoryRules.checkLineage(issuing, story, issuer, part.domain())));
            } catch (ProtocolException e) {
                own.add(Check.fail("partner.lineage", e.fault(), e.detail()));
            }
        }
        Map<Long, AnchorBatch> batches = BundleVerifier.checkAnchors(part, keys, "partner.", own);
        BundleVerifier.checkInclusion(story, batches, "partner.", own);
        own.forEach(c -> checks.add(tampered(c)));
    }

    /** What does not hold in the other domain's signed part is tampering with it; an untrusted key or a link stays itself. */
    private static Check tampered(Check check) {
        if (check.status() != Check.Status.FAIL || check.name().equals("partner.keys.trusted")
                || check.name().equals("partner.story.links")
                || check.name().equals("partner.lineage") || check.fault() == Fault.NOT_ANCHORED) {
            return check;
        }
        return new Check(check.name(), Check.Status.FAIL, Fault.PARTNER_PART_TAMPERED, check.fault() + ": " + check.detail());
    }

    private static Optional<ExecutionContract> contractOf(Story story) {
        if (story == null) {
            return Optional.empty();
        }
        return story.single(EvidenceKind.ISSUANCE).flatMap(item -> {
            try {
                return Optional.of(ExecutionContract.parseFrom(WritIssuance.parseFrom(item.payload()).getContract()));
            } catch (InvalidProtocolBufferException e) {
                return Optional.empty();
            }
        });
    }
}

package dev.writ.protocol.bundle;

import dev.writ.protocol.Fault;
import dev.writ.protocol.ProtocolException;
import dev.writ.protocol.anchor.AnchorBatches;
import dev.writ.protocol.crypto.KeyId;
import dev.writ.protocol.crypto.KeyRing;
import dev.writ.protocol.crypto.VerifyingKey;
import dev.writ.protocol.evidence.EvidenceRecords;
import dev.writ.protocol.evidence.VerifiedRecord;
import dev.writ.protocol.writ.Writ;
import dev.writ.protocol.writ.WritVerifier;
import dev.writ.protocol.wire.AnchorBatch;
import dev.writ.protocol.wire.BundleItem;
import dev.writ.protocol.wire.DomainKey;
import dev.writ.protocol.wire.DomainPart;
import dev.writ.protocol.wire.MissingPart;
import dev.writ.protocol.wire.ProofBundle;
import dev.writ.protocol.wire.SignedAnchorBatch;
import dev.writ.protocol.wire.StoryManifest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Checks one writ's story offline: the domain's keys, the writ, each evidence record's signature
 * and payload, that the records are exactly those the domain signed as the story at export, that
 * the story is complete and its artifacts cite each other, the anchor batches'
 * signatures, and each record's inclusion proof against its batch root. Checking the roots
 * against the chain itself is the anchoring module's job ({@code writ verify --rpc}).
 *
 * <p>Each check runs even when an earlier one failed, where it can, so an auditor sees all that
 * is wrong at once; a check that needs what failed is skipped and says why.
 */
public final class BundleVerifier {
    public static final int SUPPORTED_VERSION = 1;

    private final Optional<KeyRing> trusted;

    /** @param trusted keys pinned by the verifier (e.g. from the chain); empty to take the bundle's own */
    public BundleVerifier(Optional<KeyRing> trusted) {
        this.trusted = trusted;
    }

    public BundleVerdict verify(ProofBundle bundle) {
        List<Check> checks = new ArrayList<>();
        if (bundle.getVersion() != SUPPORTED_VERSION || bundle.getDomain().isEmpty()) {
            checks.add(Check.fail("bundle.format", Fault.MALFORMED,
                    "version " + bundle.getVersion() + " of domain '" + bundle.getDomain() + "' (supported: version "
                            + SUPPORTED_VERSION + ", a domain is required)"));
            return new BundleVerdict(checks);
        }
        checks.add(Check.pass("bundle.format", "version " + bundle.getVersion() + ", domain " + bundle.getDomain()
                + ", " + bundle.getItemsCount() + " evidence records, " + bundle.getAnchorsCount() + " anchor batches"));

        Optional<MissingPart> issuingMissing = PartnerParts.missing(bundle, bundle.getDomain());
        if (issuingMissing.isPresent()) {
            // The exporting node (of the redeeming domain) could not obtain the issuing domain's part.
            checks.add(Check.skip("issuing.part", "not checked: domain " + bundle.getDomain()
                    + "'s part is missing from the bundle: " + issuingMissing.get().getReason()));
            new PartnerParts(trusted).check(bundle, null, null, checks);
            checks.add(Check.skip("anchors.onchain", "roots not compared with the chain (offline; the chain "
                    + "gateway brings --rpc)"));
            return new BundleVerdict(checks);
        }

        Part issuing = Part.issuing(bundle);
        KeyRing keys = checkKeys(issuing, trusted, "", checks);

        Writ writ = null;
        try {
            writ = new WritVerifier(keys, Duration.ZERO).authenticate(bundle.getWrit());
            checks.add(Check.pass("writ.signature", "jti " + writ.claims().jti() + " signed by " + writ.keyId()));
        } catch (ProtocolException e) {
            checks.add(Check.fail("writ.signature", e.fault(), e.detail()));
        }

        Story story = checkEvidence(issuing, keys, "", checks);
        checkManifest(issuing, writ == null ? null : writ.claims().jti(), story, keys, "", checks);

        if (story == null) {
            checks.add(Check.skip("story.complete", "not checked: evidence records failed"));
        } else {
            try {
                checks.add(Check.pass("story.complete", StoryRules.checkComplete(story)));
                if (writ == null) {
                    checks.add(Check.skip("story.links", "not checked: the writ failed"));
                } else {
                    checks.add(Check.pass("story.links", StoryRules.checkLinks(story, writ)));
                }
            } catch (ProtocolException e) {
                checks.add(Check.fail(e.fault() == Fault.STORY_INCOMPLETE ? "story.complete" : "story.links",
                        e.fault(), e.detail()));
            }
        }

        Map<Long, AnchorBatch> batches = checkAnchors(issuing, keys, "", checks);
        checkInclusion(story, batches, "", checks);
        new PartnerParts(trusted).check(bundle, writ, story, checks);
        checks.add(Check.skip("anchors.onchain", "roots not compared with the chain (offline; the chain "
                + "gateway brings --rpc)"));
        return new BundleVerdict(checks);
    }

    /**
     * One domain's part of a writ's story as that domain's node serves it over the exchange, checked
     * before a node puts it in a bundle: its keys all {@code domainKeys} (the domain's keys on chain),
     * its records, its manifest of {@code jti}, its anchor batches and inclusion proofs. A verifier
     * checks the bundle again; this keeps a node from passing on what does not hold.
     */
    public static BundleVerdict verifyPart(DomainPart part, String jti, KeyRing domainKeys) {
        List<Check> checks = new ArrayList<>();
        Part p = Part.of(part);
        KeyRing keys = checkKeys(p, Optional.of(domainKeys), "", checks);
        Story story = checkEvidence(p, keys, "", checks);
        checkManifest(p, jti, story, keys, "", checks);
        Map<Long, AnchorBatch> batches = checkAnchors(p, keys, "", checks);
        checkInclusion(story, batches, "", checks);
        return new BundleVerdict(checks);
    }

    /**
     * One domain's keys as its part carries them, pinned when the verifier holds keys of that domain.
     *
     * @param prefix "" for the issuing domain's checks, {@code partner.} for the redeeming domain's
     */
    static KeyRing checkKeys(Part part, Optional<KeyRing> trusted, String prefix, List<Check> checks) {
        List<KeyRing.Entry> entries = new ArrayList<>();
        String problem = null;
        for (DomainKey wire : part.keys()) {
            try {
                VerifyingKey key = VerifyingKey.fromRaw(wire.getPublicKey().toByteArray());
                if (!key.id().equals(KeyId.ofBytes(wire.getKeyId().toByteArray()))) {
                    problem = "key " + KeyId.ofBytes(wire.getKeyId().toByteArray()) + " is not the fingerprint of its public key ("
                            + key.id() + ")";
                    break;
                }
                entries.add(new KeyRing.Entry(part.domain(), key));
            } catch (ProtocolException e) {
                problem = e.detail();
                break;
            }
        }
        if (problem != null) {
            checks.add(Check.fail(prefix + "keys.fingerprints", Fault.KEY_MISMATCH, problem));
            entries.clear();
        } else if (entries.isEmpty()) {
            checks.add(Check.fail(prefix + "keys.fingerprints", Fault.UNKNOWN_KEY, "the bundle carries no keys"));
        } else {
            checks.add(Check.pass(prefix + "keys.fingerprints", entries.size() + " key(s), each id the thumbprint of its key"));
        }
        // The redeeming domain's keys are pinned separately (--partner-keys); none pinned is a SKIP, never a pass.
        boolean pinnedForDomain = trusted.isPresent() && (prefix.isEmpty()
                || trusted.get().entries().stream().anyMatch(e -> e.domain().equals(part.domain())));
        if (!pinnedForDomain) {
            checks.add(Check.skip(prefix + "keys.trusted", prefix.isEmpty()
                    ? "keys taken from the bundle itself; pin them with --trusted-keys"
                    : "domain " + part.domain() + "'s keys taken from the bundle itself; pin them with --partner-keys"));
            return KeyRing.of(entries);
        }
        KeyRing pinned = trusted.get();
        for (KeyRing.Entry entry : entries) {
            Optional<KeyRing.Entry> known = pinned.find(entry.key().id());
            if (known.isEmpty() || !known.get().domain().equals(part.domain())) {
                checks.add(Check.fail(prefix + "keys.trusted", Fault.UNKNOWN_KEY,
                        "key " + entry.key().id() + " is not a trusted key of domain " + part.domain()));
                return KeyRing.of(List.of());
            }
        }
        checks.add(Check.pass(prefix + "keys.trusted", "every bundle key is a trusted key of " + part.domain()));
        return KeyRing.of(entries);
    }

    static Story checkEvidence(Part part, KeyRing keys, String prefix, List<Check> checks) {
        List<Story.Item> items = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        for (BundleItem wire : part.items()) {
            try {
                VerifiedRecord record = EvidenceRecords.openWithPayload(wire.getRecord(), wire.getPayload().toByteArray(), keys);
                // A record counted twice could stand for a second redemption, or pad a trimmed story to its signed length.
                if (!seen.add(HexFormat.of().formatHex(record.hash()))) {
                    throw new ProtocolException(Fault.DUPLICATE_RECORD,
                            EvidenceRecords.describe(record.body()) + " appears more than once");
                }
                if (!record.body().getDomain().equals(part.domain())) {
                    throw new ProtocolException(Fault.CHAIN_FOREIGN_RECORD,
                            EvidenceRecords.describe(record.body()) + " is not of domain " + part.domain());
                }
                items.add(new Story.Item(record, wire.getPayload().toByteArray(), wire));
            } catch (ProtocolException e) {
                checks.add(Check.fail(prefix + "evidence.records", e.fault(), e.detail()));
                return null;
            }
        }
        checks.add(Check.pass(prefix + "evidence.records", items.size() + " records signed by the domain, payloads match"));
        return new Story(items);
    }

    /** The items must be exactly the records the exporting node signed as the story: none left out, none added. */
    /** @param jti the writ whose story the manifest must be, null when the writ could not be checked */
    static void checkManifest(Part part, String jti, Story story, KeyRing keys, String prefix, List<Check> checks) {
        if (story == null) {
            checks.add(Check.skip(prefix + "story.manifest", "not checked: evidence records failed"));
            return;
        }
        if (part.manifest().isEmpty()) {
            checks.add(Check.fail(prefix + "story.manifest", Fault.STORY_TRIMMED,
                    "the bundle carries no manifest signed by the domain, so records may have been left out"));
            return;
        }
        try {
            StoryManifest manifest = StoryManifests.open(part.manifest().get(), keys);
            if (!manifest.getDomain().equals(part.domain())
                    || (jti != null && !manifest.getJti().equals(jti))) {
                throw new ProtocolException(Fault.STORY_INCONSISTENT, "the manifest is the story of " + manifest.getJti()
                        + " in domain " + manifest.getDomain() + ", not of this bundle's writ");
            }
            checks.add(Check.pass(prefix + "story.manifest", StoryManifests.requireExactly(manifest,
                    story.items().stream().map(i -> i.record().hash()).toList())));
        } catch (ProtocolException e) {
            checks.add(Check.fail(prefix + "story.manifest", e.fault(), e.detail()));
        }
    }

    static Map<Long, AnchorBatch> checkAnchors(Part part, KeyRing keys, String prefix, List<Check> checks) {
        Map<Long, AnchorBatch> batches = new HashMap<>();
        for (SignedAnchorBatch signed : part.anchors()) {
            try {
                AnchorBatch batch = AnchorBatches.open(signed, keys);
                if (!batch.getDomain().equals(part.domain())) {
                    throw new ProtocolException(Fault.ANCHOR_INVALID, "batch " + batch.getBatchSeq() + " is of domain " + batch.getDomain());
                }
                batches.put(batch.getBatchSeq(), batch);
            } catch (ProtocolException e) {
                checks.add(Check.fail(prefix + "anchors.signatures", e.fault(), e.detail()));
                return Map.of();
            }
        }
        checks.add(Check.pass(prefix + "anchors.signatures", batches.size() + " anchor batch(es) signed by the domain"));
        return batches;
    }

    static void checkInclusion(Story story, Map<Long, AnchorBatch> batches, String prefix, List<Check> checks) {
        if (story == null) {
            checks.add(Check.skip(prefix + "evidence.inclusion", "not checked: evidence records failed"));
            return;
        }
        for (Story.Item item : story.items()) {
            VerifiedRecord record = item.record();
            String where = EvidenceRecords.describe(record.body());
            if (!item.wire().hasInclusion()) {
                checks.add(Check.fail(prefix + "evidence.inclusion", Fault.NOT_ANCHORED, where + " has no inclusion proof yet"));
                return;
            }
            AnchorBatch batch = batches.get(item.wire().getInclusion().getBatchSeq());
            if (batch == null) {
                checks.add(Check.fail(prefix + "evidence.inclusion", Fault.ANCHOR_INVALID,
                        where + " cites batch " + item.wire().getInclusion().getBatchSeq() + ", which the bundle lacks"));
                return;
            }
            try {
                AnchorBatches.verifyInclusion(batch, record.body().getLane(), record.body().getSeq(), record.hash(),
                        item.wire().getInclusion());
            } catch (ProtocolException e) {
                checks.add(Check.fail(prefix + "evidence.inclusion", e.fault(), where + ": " + e.detail()));
                return;
            }
        }
        checks.add(Check.pass(prefix + "evidence.inclusion", story.items().size() + " records proven included in "
                + batches.size() + " anchored root(s)"));
    }
}

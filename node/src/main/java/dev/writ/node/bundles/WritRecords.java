package dev.writ.node.bundles;

import com.google.protobuf.InvalidProtocolBufferException;
import com.nimbusds.jose.JWSObject;
import dev.writ.node.config.NodeSettings;
import dev.writ.node.evidence.EvidenceStore;
import dev.writ.node.evidence.StoredRecord;
import dev.writ.node.evidence.WritClaim;
import dev.writ.node.exchange.PartnerStoryParts;
import dev.writ.node.refusal.Refusal;
import dev.writ.node.refusal.RefusalCode;
import dev.writ.node.revocation.RevocationSnapshot;
import dev.writ.node.revocation.RevocationState;
import dev.writ.protocol.wire.BundleItem;
import dev.writ.protocol.wire.DomainPart;
import dev.writ.protocol.wire.EvidenceBody;
import dev.writ.protocol.wire.EvidenceKind;
import dev.writ.protocol.wire.ExecutionContract;
import dev.writ.protocol.wire.MissingPart;
import dev.writ.protocol.wire.ProofBundle;
import dev.writ.protocol.wire.WritIssuance;
import dev.writ.protocol.wire.WritStatus;
import java.text.ParseException;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.function.Supplier;

/**
 * What a node can tell about one writ: its lifecycle (`GET /v1/writs/{jti}`) and its proof bundle
 * (`GET /v1/bundles/{jti}`), assembled from the domain's evidence: the writ's own story and the
 * story of the proposal it came from (an escalated proposal was recorded before its writ existed),
 * and for a writ one domain issued and another redeemed, the other domain's part ({@link StoryParts}).
 */
public final class WritRecords {
    private final NodeSettings settings;
    private final Clock clock;
    private final EvidenceStore store;
    private final RevocationState revocations;
    private final Executor blocking;
    private final StoryParts parts;
    private final Optional<PartnerStoryParts> partnerStories;
    private final Supplier<Set<String>> partnerDomains;

    /**
     * @param partnerStories asks other domains for their parts of cross-boundary writs (with the exchange on)
     * @param partnerDomains the domains whose writs this domain may have redeemed (writ.exchange.partners, as now)
     */
    public WritRecords(NodeSettings settings, Clock clock, EvidenceStore store, RevocationState revocations,
                       Executor blocking, StoryParts parts, Optional<PartnerStoryParts> partnerStories,
                       Supplier<Set<String>> partnerDomains) {
        this.settings = settings;
        this.clock = clock;
        this.store = store;
        this.revocations = revocations;
        this.blocking = blocking;
        this.parts = parts;
        this.partnerStories = partnerStories;
        this.partnerDomains = partnerDomains;
    }

    /**
     * Where the writ stands: for a partner's writ redeemed here, as this domain's claim row and
     * records say, naming the issuing domain; for this domain's own, REDEEMED or EXPIRED as its claim row says (it was settled, by the node
     * named as owner), else REVOKED when the node's revocations cover it, else EXPIRED once its
     * window has passed (its EXPIRY record follows with the issuing node's next sweep), else ISSUED.
     */
    public CompletionStage<WritStatus> status(String jti) {
        return CompletableFuture.supplyAsync(() -> {
            List<StoredRecord> records = parts.story(jti);
            if (StoredRecord.issuance(jti, records).isPresent()) {
                return statusOf(jti, records);
            }
            return partnerDomains.get().stream()
                    .flatMap(domain -> store.claim(domain, jti).map(claim -> redeemedHere(jti, domain, claim, records)).stream())
                    .findFirst()
                    .orElseThrow(() -> new CompletionException(unknown(jti)));
        }, blocking);
    }

    /**
     * A partner's writ this domain settled: what its claim row and records here say (REDEEMED, by
     * which node, when), naming the issuing domain; its agent and window are the issuing domain's.
     */
    private WritStatus redeemedHere(String jti, String issuer, WritClaim claim, List<StoredRecord> records) {
        return WritStatus.newBuilder()
                .setJti(jti)
                .setIssuingDomain(issuer)
                .setState(claim.outcome() == WritClaim.Outcome.REDEEMED ? WritStatus.State.REDEEMED : WritStatus.State.EXPIRED)
                .setChangedAtMillis(claim.atMillis())
                .setOwnerNode(claim.nodeId())
                .addAllEvidence(records.stream().map(StoredRecord::kind).toList())
                .build();
    }

    private WritStatus statusOf(String jti, List<StoredRecord> records) {
        ExecutionContract contract;
        String writ;
        try {
            WritIssuance issuance = issuanceOf(jti, records);
            contract = ExecutionContract.parseFrom(issuance.getContract());
            writ = issuance.getWrit();
        } catch (Refusal r) {
            throw new CompletionException(r);
        } catch (InvalidProtocolBufferException e) {
            throw new IllegalStateException("the contract of " + jti + " is unreadable", e);
        }
        WritStatus.Builder status = WritStatus.newBuilder()
                .setJti(jti)
                .setIssuingDomain(settings.domain())
                .setAgentId(contract.getAgentId())
                .setExpiresAtMillis(contract.getExpiresAtMillis())
                .addAllEvidence(records.stream().map(StoredRecord::kind).toList());
        Optional<WritClaim> claim = store.claim(settings.domain(), jti);
        if (claim.isPresent()) {
            return status.setState(claim.get().outcome() == WritClaim.Outcome.REDEEMED
                            ? WritStatus.State.REDEEMED : WritStatus.State.EXPIRED)
                    .setChangedAtMillis(claim.get().atMillis())
                    .setOwnerNode(claim.get().nodeId())
                    .build();
        }
        RevocationSnapshot revoked = revocations.current();
        if (revoked.revocationOf(jti, contract.getAgentId(), keyIdOf(writ)).isPresent()
                || (!contract.getAgentKeyId().isEmpty() && revoked.keys().contains(contract.getAgentKeyId()))) {
            return status.setState(WritStatus.State.REVOKED).build();
        }
        if (clock.millis() >= contract.getExpiresAtMillis()) {
            return status.setState(WritStatus.State.EXPIRED).setChangedAtMillis(contract.getExpiresAtMillis()).build();
        }
        return status.setState(WritStatus.State.ISSUED).build();
    }

    /** The id of the key that signed the writ (its JWS {@code kid}), or "" when the header names none. */
    private static String keyIdOf(String compact) {
        try {
            String kid = JWSObject.parse(compact).getHeader().getKeyID();
            return kid == null ? "" : kid;
        } catch (ParseException e) {
            throw new IllegalStateException("the domain issued a writ that is not a compact JWS", e);
        }
    }

    /**
     * The writ's proof bundle, only once the writ can no longer be used (redeemed, expired or
     * revoked; BUNDLE_NOT_FINAL before): a bundle holds the writ and its contract, which must not
     * leave the node while someone could still redeem them (docs/trust-model.md, endpoint table).
     * A cross-boundary writ's bundle holds both domains' parts, the other domain's asked of it over
     * the exchange; when that part cannot be had, the bundle names it as missing and why.
     */
    public CompletionStage<ProofBundle> bundle(String jti) {
        return CompletableFuture.supplyAsync(() -> parts.story(jti), blocking).thenCompose(records -> {
            Optional<WritIssuance> issuance = StoredRecord.issuance(jti, records);
            if (issuance.isPresent()) {
                String redeemer = StoryParts.contractOf(jti, issuance.get()).getRedeemDomain();
                if (redeemer.isEmpty() || redeemer.equals(settings.domain()) || partnerStories.isEmpty()) {
                    return CompletableFuture.supplyAsync(() -> ownBundle(jti, records, issuance.get()), blocking);
                }
                return partnerStories.get().fetch(redeemer, jti)
                        .thenApplyAsync(fetched -> issuedHere(jti, records, issuance.get(), redeemer, fetched), blocking);
            }
            Optional<String> issuer = partnerStories.isEmpty() ? Optional.empty() : partnerDomains.get().stream()
                    .filter(domain -> store.claim(domain, jti).isPresent()).findFirst();
            if (issuer.isEmpty()) {
                throw new CompletionException(unknown(jti));
            }
            return partnerStories.get().fetch(issuer.get(), jti)
                    .thenApplyAsync(fetched -> redeemedHere(jti, records, issuer.get(), fetched), blocking);
        });
    }

    private ProofBundle ownBundle(String jti, List<StoredRecord> records, WritIssuance issuance) {
        requireFinal(jti, records, "");
        return local(jti, records, issuance).build();
    }

    /** The issuing domain's bundle, with the redeeming domain's part or the note that it is missing. */
    private ProofBundle issuedHere(String jti, List<StoredRecord> records, WritIssuance issuance, String redeemer,
                                   PartnerStoryParts.Fetched fetched) {
        boolean redeemedThere = fetched instanceof PartnerStoryParts.Held held && redeems(held.part());
        if (!redeemedThere) {
            requireFinal(jti, records, fetched instanceof PartnerStoryParts.Missing missing
                    ? " (domain " + redeemer + ", which redeems it, could not tell: " + missing.reason() + ")"
                    : " in domain " + redeemer);
        }
        ProofBundle.Builder bundle = local(jti, records, issuance);
        if (fetched instanceof PartnerStoryParts.Held held) {
            bundle.setRedeeming(held.part().toBuilder().clearWrit());
        } else if (fetched instanceof PartnerStoryParts.Missing missing) {
            bundle.addMissing(MissingPart.newBuilder().setDomain(redeemer).setReason(missing.reason()));
        }
        return bundle.build();
    }

    /** A partner's writ redeemed here: the issuing domain's part on top, as it signed it, and this domain's part. */
    private ProofBundle redeemedHere(String jti, List<StoredRecord> records, String issuer, PartnerStoryParts.Fetched fetched) {
        long exportedAt = clock.millis();
        ProofBundle.Builder bundle = ProofBundle.newBuilder()
                .setVersion(1)
                .setDomain(issuer)
                .setExportedAtMillis(exportedAt)
                .setRedeeming(parts.assemble(jti, records, ""));
        if (fetched instanceof PartnerStoryParts.Held held) {
            DomainPart part = held.part();
            bundle.setWrit(part.getWrit()).addAllItems(part.getItemsList()).addAllAnchors(part.getAnchorsList())
                    .addAllKeys(part.getKeysList()).setManifest(part.getManifest());
        } else if (fetched instanceof PartnerStoryParts.Missing missing) {
            bundle.addMissing(MissingPart.newBuilder().setDomain(issuer).setReason(missing.reason()));
        }
        return bundle.build();
    }

    private void requireFinal(String jti, List<StoredRecord> records, String where) {
        if (statusOf(jti, records).getState() == WritStatus.State.ISSUED) {
            throw new CompletionException(new Refusal(RefusalCode.BUNDLE_NOT_FINAL, jti, "writ " + jti
                    + " can still be redeemed" + where + "; its bundle is served once it is redeemed, expired or revoked"));
        }
    }

    private ProofBundle.Builder local(String jti, List<StoredRecord> records, WritIssuance issuance) {
        DomainPart own = parts.assemble(jti, records, issuance.getWrit());
        return ProofBundle.newBuilder()
                .setVersion(1)
                .setDomain(own.getDomain())
                .setWrit(own.getWrit())
                .addAllItems(own.getItemsList())
                .addAllAnchors(own.getAnchorsList())
                .addAllKeys(own.getKeysList())
                .setExportedAtMillis(clock.millis())
                .setManifest(own.getManifest());
    }

    /** Whether a part (checked under its domain's keys) holds a REDEMPTION record. */
    private static boolean redeems(DomainPart part) {
        for (BundleItem item : part.getItemsList()) {
            try {
                if (EvidenceBody.parseFrom(item.getRecord().getBody()).getKind() == EvidenceKind.REDEMPTION) {
                    return true;
                }
            } catch (InvalidProtocolBufferException e) {
                return false;
            }
        }
        return false;
    }

    private static Refusal unknown(String jti) {
        return new Refusal(RefusalCode.UNKNOWN_WRIT, jti, "no writ " + jti + " was issued or redeemed in this domain");
    }

    private static WritIssuance issuanceOf(String jti, List<StoredRecord> records) throws Refusal {
        for (StoredRecord r : records) {
            if (r.kind() == EvidenceKind.ISSUANCE && r.subject().equals(jti)) {
                try {
                    return WritIssuance.parseFrom(r.payload());
                } catch (InvalidProtocolBufferException e) {
                    throw new IllegalStateException("the ISSUANCE record of " + jti + " is unreadable", e);
                }
            }
        }
        throw new Refusal(RefusalCode.UNKNOWN_WRIT, jti, "no writ " + jti + " was issued in this domain");
    }
}

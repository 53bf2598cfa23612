package dev.writ.node.bundles;

import com.google.protobuf.ByteString;
import com.google.protobuf.InvalidProtocolBufferException;
import com.nimbusds.jose.JWSObject;
import dev.writ.node.config.NodeSettings;
import dev.writ.node.evidence.EvidenceStore;
import dev.writ.node.evidence.StoredRecord;
import dev.writ.node.evidence.WritClaim;
import dev.writ.node.keys.DomainKeyCache;
import dev.writ.node.refusal.Refusal;
import dev.writ.node.refusal.RefusalCode;
import dev.writ.node.revocation.RevocationSnapshot;
import dev.writ.node.revocation.RevocationState;
import dev.writ.protocol.bundle.DomainKeys;
import dev.writ.protocol.bundle.StoryManifests;
import dev.writ.protocol.crypto.KeyRing;
import dev.writ.protocol.crypto.SigningKey;
import dev.writ.protocol.wire.BundleItem;
import dev.writ.protocol.wire.EvidenceKind;
import dev.writ.protocol.wire.ExecutionContract;
import dev.writ.protocol.wire.ProofBundle;
import dev.writ.protocol.wire.WritIssuance;
import dev.writ.protocol.wire.WritStatus;
import java.text.ParseException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;

/**
 * What a node can tell about one writ: its lifecycle (`GET /v1/writs/{jti}`) and its proof bundle
 * (`GET /v1/bundles/{jti}`), assembled from the domain's evidence: the writ's own story and the
 * story of the proposal it came from (an escalated proposal was recorded before its writ existed).
 */
public final class WritRecords {
    private final NodeSettings settings;
    private final Clock clock;
    private final EvidenceStore store;
    private final DomainKeyCache domainKeys;
    private final RevocationState revocations;
    private final Executor blocking;
    private final Inclusions inclusions;
    private final SigningKey nodeKey;

    /** @param nodeKey signs each bundle's story manifest, so a verifier can tell the story was not trimmed */
    public WritRecords(NodeSettings settings, Clock clock, EvidenceStore store, DomainKeyCache domainKeys,
                       RevocationState revocations, Executor blocking, Inclusions inclusions, SigningKey nodeKey) {
        this.settings = settings;
        this.clock = clock;
        this.store = store;
        this.domainKeys = domainKeys;
        this.revocations = revocations;
        this.blocking = blocking;
        this.inclusions = inclusions;
        this.nodeKey = nodeKey;
    }

    /**
     * Where the writ stands: REDEEMED or EXPIRED as its claim row says (it was settled, by the node
     * named as owner), else REVOKED when the node's revocations cover it, else EXPIRED once its
     * window has passed (its EXPIRY record follows with the issuing node's next sweep), else ISSUED.
     */
    public CompletionStage<WritStatus> status(String jti) {
        return CompletableFuture.supplyAsync(() -> statusOf(jti, story(jti)), blocking);
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
     */
    public CompletionStage<ProofBundle> bundle(String jti) {
        return CompletableFuture.supplyAsync(() -> {
            List<StoredRecord> records = story(jti);
            if (statusOf(jti, records).getState() == WritStatus.State.ISSUED) {
                throw new CompletionException(new Refusal(RefusalCode.BUNDLE_NOT_FINAL, jti, "writ " + jti
                        + " can still be redeemed; its bundle is served once it is redeemed, expired or revoked"));
            }
            String writ;
            try {
                writ = issuanceOf(jti, records).getWrit();
            } catch (Refusal r) {
                throw new CompletionException(r);
            }
            Inclusions.Proven proven = inclusions.prove(records);
            KeyRing keys = domainKeys.refresh();
            long exportedAt = clock.millis();
            ProofBundle.Builder bundle = ProofBundle.newBuilder()
                    .setVersion(1)
                    .setDomain(settings.domain())
                    .setWrit(writ)
                    .addAllAnchors(proven.batches())
                    .setExportedAtMillis(exportedAt)
                    .setManifest(StoryManifests.seal(nodeKey, settings.domain(), jti,
                            records.stream().map(r -> r.record().hash()).toList(), exportedAt));
            for (StoredRecord r : records) {
                BundleItem.Builder item = BundleItem.newBuilder()
                        .setRecord(r.record().record())
                        .setPayload(ByteString.copyFrom(r.payload()));
                var proof = proven.proofs().get(r.key());
                if (proof != null) {
                    item.setInclusion(proof);
                }
                bundle.addItems(item);
            }
            for (KeyRing.Entry e : keys.entries()) {
                bundle.addKeys(DomainKeys.toWire(e.key(), "node"));
            }
            return bundle.build();
        }, blocking);
    }

    /** The writ's records and those of the proposal behind it, once each, in the order they happened. */
    private List<StoredRecord> story(String jti) {
        Map<String, StoredRecord> byPosition = new LinkedHashMap<>();
        List<StoredRecord> own = store.story(settings.domain(), jti);
        own.forEach(r -> byPosition.put(r.key(), r));
        for (StoredRecord r : own) {
            if (r.kind() == EvidenceKind.ISSUANCE) {
                try {
                    String proposalId = ExecutionContract.parseFrom(WritIssuance.parseFrom(r.payload()).getContract())
                            .getContractId();
                    store.story(settings.domain(), proposalId).forEach(p -> byPosition.putIfAbsent(p.key(), p));
                } catch (InvalidProtocolBufferException e) {
                    throw new IllegalStateException("the ISSUANCE record of " + jti + " is unreadable", e);
                }
            }
        }
        List<StoredRecord> ordered = new ArrayList<>(byPosition.values());
        ordered.sort(Comparator.comparingLong(StoredRecord::timeMillis).thenComparing(r -> r.kind().getNumber()));
        return ordered;
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

package dev.writ.node.bundles;

import com.google.protobuf.ByteString;
import com.google.protobuf.InvalidProtocolBufferException;
import dev.writ.node.config.NodeSettings;
import dev.writ.node.evidence.EvidenceStore;
import dev.writ.node.evidence.StoredRecord;
import dev.writ.node.exchange.StoryPartSource;
import dev.writ.node.keys.DomainKeyCache;
import dev.writ.node.refusal.Refusal;
import dev.writ.node.refusal.RefusalCode;
import dev.writ.protocol.bundle.DomainKeys;
import dev.writ.protocol.bundle.StoryManifests;
import dev.writ.protocol.crypto.KeyRing;
import dev.writ.protocol.crypto.SigningKey;
import dev.writ.protocol.wire.BundleItem;
import dev.writ.protocol.wire.DomainPart;
import dev.writ.protocol.wire.EvidenceKind;
import dev.writ.protocol.wire.ExecutionContract;
import dev.writ.protocol.wire.WritIssuance;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * This domain's part of a writ's story, as it goes into a proof bundle: the records it holds (the
 * writ's own story and that of the proposal behind it), their anchor batches and inclusion proofs,
 * the domain's keys, and a manifest of exactly those records signed by this node. The part of a
 * cross-boundary writ is also what this domain's exchange endpoint serves the other domain. Blocking.
 */
public final class StoryParts implements StoryPartSource {
    private final NodeSettings settings;
    private final Clock clock;
    private final EvidenceStore store;
    private final DomainKeyCache domainKeys;
    private final Inclusions inclusions;
    private final SigningKey nodeKey;

    /** @param nodeKey signs each part's story manifest, so a verifier can tell the story was not trimmed */
    public StoryParts(NodeSettings settings, Clock clock, EvidenceStore store, DomainKeyCache domainKeys,
                      Inclusions inclusions, SigningKey nodeKey) {
        this.settings = settings;
        this.clock = clock;
        this.store = store;
        this.domainKeys = domainKeys;
        this.inclusions = inclusions;
        this.nodeKey = nodeKey;
    }

    /**
     * Served to the other domain of a cross-boundary writ only: the issuing domain's part of a writ
     * whose contract names another domain to redeem it (the same records the issuance's lineage
     * shows that domain), or the redeeming domain's records of a writ it did not issue (none when it
     * holds none, under a signed manifest that says so). A writ issued and redeemed here is this
     * domain's alone: its bundle comes from its operator (docs/trust-model.md, endpoint table).
     */
    @Override
    public DomainPart part(String jti) throws Refusal {
        List<StoredRecord> records = story(jti);
        Optional<WritIssuance> issuance = StoredRecord.issuance(jti, records);
        if (issuance.isEmpty()) {
            return assemble(jti, records, "");
        }
        String redeemer = contractOf(jti, issuance.get()).getRedeemDomain();
        if (redeemer.isEmpty() || redeemer.equals(settings.domain())) {
            throw new Refusal(RefusalCode.FOREIGN_DOMAIN, jti, "writ " + jti + " is redeemed in domain " + settings.domain()
                    + " itself; its story is not served to other domains");
        }
        return assemble(jti, records, issuance.get().getWrit());
    }

    /** The records, with their proofs, the domain's keys and a manifest signed now; {@code writ} when this domain issued it. */
    DomainPart assemble(String jti, List<StoredRecord> records, String writ) {
        Inclusions.Proven proven = inclusions.prove(records);
        KeyRing keys = domainKeys.refresh();
        DomainPart.Builder part = DomainPart.newBuilder()
                .setDomain(settings.domain())
                .setWrit(writ)
                .addAllAnchors(proven.batches())
                .setManifest(StoryManifests.seal(nodeKey, settings.domain(), jti,
                        records.stream().map(r -> r.record().hash()).toList(), clock.millis()));
        for (StoredRecord r : records) {
            BundleItem.Builder item = BundleItem.newBuilder()
                    .setRecord(r.record().record())
                    .setPayload(ByteString.copyFrom(r.payload()));
            var proof = proven.proofs().get(r.key());
            if (proof != null) {
                item.setInclusion(proof);
            }
            part.addItems(item);
        }
        for (KeyRing.Entry e : keys.entries()) {
            part.addKeys(DomainKeys.toWire(e.key(), "node"));
        }
        return part.build();
    }

    /** The writ's records and those of the proposal behind it, once each, in the order they happened. */
    List<StoredRecord> story(String jti) {
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


    static ExecutionContract contractOf(String jti, WritIssuance issuance) {
        try {
            return ExecutionContract.parseFrom(issuance.getContract());
        } catch (InvalidProtocolBufferException e) {
            throw new IllegalStateException("the contract of " + jti + " is unreadable", e);
        }
    }
}

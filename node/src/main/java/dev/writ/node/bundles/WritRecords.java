package dev.writ.node.bundles;

import com.google.protobuf.ByteString;
import com.google.protobuf.InvalidProtocolBufferException;
import dev.writ.node.config.NodeSettings;
import dev.writ.node.dispatch.Continuations;
import dev.writ.node.evidence.EvidenceStore;
import dev.writ.node.evidence.StoredRecord;
import dev.writ.node.keys.DomainKeyCache;
import dev.writ.node.refusal.Refusal;
import dev.writ.node.refusal.RefusalCode;
import dev.writ.node.writs.WritEntity;
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
import java.time.Clock;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import org.apache.pekko.cluster.sharding.typed.javadsl.ClusterSharding;

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
    private final ClusterSharding sharding;
    private final Executor blocking;
    private final Executor continuations;
    private final Inclusions inclusions;
    private final SigningKey nodeKey;

    /** @param nodeKey signs each bundle's story manifest, so a verifier can tell the story was not trimmed */
    public WritRecords(NodeSettings settings, Clock clock, EvidenceStore store, DomainKeyCache domainKeys,
                       ClusterSharding sharding, Executor blocking, Executor continuations, Inclusions inclusions,
                       SigningKey nodeKey) {
        this.settings = settings;
        this.clock = clock;
        this.store = store;
        this.domainKeys = domainKeys;
        this.sharding = sharding;
        this.blocking = blocking;
        this.continuations = continuations;
        this.inclusions = inclusions;
        this.nodeKey = nodeKey;
    }

    public CompletionStage<WritStatus> status(String jti) {
        return CompletableFuture.supplyAsync(() -> story(jti), blocking)
                .thenCompose(records -> {
                    ExecutionContract contract;
                    try {
                        contract = contractOf(jti, records);
                    } catch (Refusal r) {
                        return CompletableFuture.failedFuture(r);
                    }
                    return Continuations.on(continuations, sharding.entityRefFor(WritEntity.TYPE_KEY, jti)
                            .<WritEntity.Answer>ask(WritEntity.GetState::new, settings.askTimeout()))
                            .thenApply(answer -> WritStatus.newBuilder()
                                    .setJti(jti)
                                    .setState(switch (answer.status()) {
                                        case UNUSED -> WritStatus.State.ISSUED;
                                        case REDEEMED -> WritStatus.State.REDEEMED;
                                        case EXPIRED -> WritStatus.State.EXPIRED;
                                        case REVOKED -> WritStatus.State.REVOKED;
                                    })
                                    .setAgentId(contract.getAgentId())
                                    .setExpiresAtMillis(contract.getExpiresAtMillis())
                                    .setChangedAtMillis(answer.changedAtMillis())
                                    .setOwnerNode(answer.ownerNode())
                                    .addAllEvidence(records.stream().map(StoredRecord::kind).toList())
                                    .build());
                });
    }

    public CompletionStage<ProofBundle> bundle(String jti) {
        return CompletableFuture.supplyAsync(() -> {
            List<StoredRecord> records = story(jti);
            String writ;
            try {
                writ = issuanceOf(jti, records).getWrit();
            } catch (Refusal r) {
                throw new java.util.concurrent.CompletionException(r);
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

    private static ExecutionContract contractOf(String jti, List<StoredRecord> records) throws Refusal {
        try {
            return ExecutionContract.parseFrom(issuanceOf(jti, records).getContract());
        } catch (InvalidProtocolBufferException e) {
            throw new IllegalStateException("the contract of " + jti + " is unreadable", e);
        }
    }
}

package dev.writ.node.console;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.google.protobuf.InvalidProtocolBufferException;
import dev.writ.node.anchoring.AnchorStore;
import dev.writ.node.evidence.EvidenceStore;
import dev.writ.node.evidence.StoredRecord;
import dev.writ.protocol.wire.AnchorBatch;
import dev.writ.protocol.wire.DecisionRecord;
import dev.writ.protocol.wire.EvidenceKind;
import dev.writ.protocol.wire.ExecutionContract;
import dev.writ.protocol.wire.OutcomeRecord;
import dev.writ.protocol.wire.SignedAnchorBatch;
import dev.writ.protocol.wire.WritIssuance;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * A writ's story, found by jti or proposal id: the proposal's records and the writ's, once each, in
 * the order they happened (proposal, decision, approval, issuance, redemption, outcome, expiry),
 * each with its position in its lane, its hash and signature, and the anchor batch and block that
 * cover it once anchored. A writ is found by its jti, an escalated proposal by its id (each is a
 * story key); an admitted proposal is filed under its writ's story, so its id is looked for among
 * the newest {@code searchWindow} PROPOSAL records (no index on subjects: the hot path would pay for
 * it). Reads the evidence and anchor stores: call it on the reads dispatcher.
 */
final class Lineage {
    private final EvidenceStore store;
    private final AnchorStore anchors;
    private final String domain;
    private final int searchWindow;

    Lineage(EvidenceStore store, AnchorStore anchors, String domain, int searchWindow) {
        this.store = store;
        this.anchors = anchors;
        this.domain = domain;
        this.searchWindow = searchWindow;
    }

    /** The story of the writ or proposal {@code id}; an empty timeline when this domain holds neither. */
    ObjectNode of(String id) {
        Map<String, StoredRecord> byPosition = new LinkedHashMap<>();
        List<StoredRecord> first = store.story(domain, id);
        if (first.isEmpty()) {
            first = store.recent(domain, Set.of(EvidenceKind.PROPOSAL), 0, searchWindow).stream()
                    .filter(r -> r.subject().equals(id)).findFirst()
                    .map(r -> store.story(domain, r.story())).orElse(List.of());
        }
        first.forEach(r -> byPosition.put(r.key(), r));
        Optional<String> jti = Optional.empty();
        String proposalId = "";
        for (StoredRecord r : first) {
            if (r.kind() == EvidenceKind.ISSUANCE) {
                jti = Optional.of(r.subject());
                proposalId = contractOf(r).map(ExecutionContract::getContractId).orElse("");
            }
            if (r.kind() == EvidenceKind.DECISION || r.kind() == EvidenceKind.PROPOSAL) {
                proposalId = r.subject();
            }
        }
        if (!proposalId.isEmpty() && !proposalId.equals(id)) {
            store.story(domain, proposalId).forEach(r -> byPosition.putIfAbsent(r.key(), r));
        }
        for (StoredRecord r : List.copyOf(byPosition.values())) {
            if (r.kind() == EvidenceKind.ISSUANCE && !r.subject().equals(id)) {
                jti = Optional.of(r.subject());
                store.story(domain, r.subject()).forEach(w -> byPosition.putIfAbsent(w.key(), w));
            }
        }
        List<StoredRecord> ordered = new ArrayList<>(byPosition.values());
        ordered.sort(Comparator.comparingLong(StoredRecord::timeMillis).thenComparing(r -> r.kind().getNumber()));
        ObjectNode story = ConsoleJson.object().put("query", id).put("proposalId", proposalId)
                .put("jti", jti.orElse(""));
        ArrayNode timeline = story.putArray("timeline");
        for (StoredRecord r : ordered) {
            ObjectNode item = ConsoleJson.record(r);
            item.put("summary", summary(r));
            anchors.covering(domain, r.lane(), r.seq()).ifPresent(b -> anchored(item, b));
            timeline.add(item);
        }
        return story;
    }

    private static void anchored(ObjectNode item, SignedAnchorBatch signed) {
        try {
            AnchorBatch batch = AnchorBatch.parseFrom(signed.getBatch());
            item.put("batch", batch.getBatchSeq());
            if (signed.hasAnchor()) {
                item.put("block", signed.getAnchor().getBlockNumber())
                        .put("tx", "0x" + ConsoleJson.hex(signed.getAnchor().getTxHash().toByteArray()));
            }
        } catch (InvalidProtocolBufferException e) {
            item.put("batch", "unreadable");
        }
    }

    /** One line for people: what the record says, from its payload. */
    private static String summary(StoredRecord r) {
        return switch (r.kind()) {
            case DECISION, APPROVAL -> Decisions.parse(r, DecisionRecord::parseFrom).map(d -> d.getDecision().name()
                    + (d.getApproverId().isEmpty() ? "" : " approved by " + d.getApproverId())
                    + d.getReasonsList().stream().map(x -> " " + x.getCode()).reduce("", String::concat)).orElse("");
            case ISSUANCE -> contractOf(r).map(c -> "writ " + r.subject() + " for " + c.getTarget() + " "
                    + c.getOperation()).orElse("");
            case OUTCOME -> Decisions.parse(r, OutcomeRecord::parseFrom).map(o -> o.getStatus().name()).orElse("");
            default -> r.subject();
        };
    }

    private static Optional<ExecutionContract> contractOf(StoredRecord issuance) {
        return Decisions.parse(issuance, WritIssuance::parseFrom).flatMap(i -> {
            try {
                return Optional.of(ExecutionContract.parseFrom(i.getContract()));
            } catch (InvalidProtocolBufferException e) {
                return Optional.empty();
            }
        });
    }
}

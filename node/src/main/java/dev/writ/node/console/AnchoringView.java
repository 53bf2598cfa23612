package dev.writ.node.console;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.google.protobuf.InvalidProtocolBufferException;
import dev.writ.contracts.anchor.ChainStatus;
import dev.writ.node.anchoring.AnchorStore;
import dev.writ.node.anchoring.Anchoring;
import dev.writ.node.anchoring.ChainAnchoring;
import dev.writ.protocol.wire.AnchorBatch;
import dev.writ.protocol.wire.SignedAnchorBatch;
import java.util.Optional;

/**
 * Anchoring as this node sees it: the newest batches with their block once mined, the backlog (records
 * no batch covers yet) and the age of the newest batch, the chain's health with its reasons, and the
 * gas and fees of the batches this node confirmed since it started ({@link AnchoringSpend}). Reads
 * the anchor store: call it on the reads dispatcher.
 */
final class AnchoringView {
    private final AnchorStore store;
    private final Anchoring anchoring;
    private final Optional<ChainAnchoring> chain;
    private final AnchoringSpend spend;
    private final String domain;
    private final int batches;

    AnchoringView(AnchorStore store, Anchoring anchoring, Optional<ChainAnchoring> chain, AnchoringSpend spend,
                  String domain, int batches) {
        this.store = store;
        this.anchoring = anchoring;
        this.chain = chain;
        this.spend = spend;
        this.domain = domain;
        this.batches = batches;
    }

    /** What changes every second: backlog, newest batch's age, the chain's verdict, gas so far. */
    ObjectNode status() {
        ObjectNode o = ConsoleJson.object()
                .put("backlogRecords", anchoring.unsealedRecords())
                .put("sealedAgeMillis", anchoring.sealedAgeMillis())
                .put("confirmedBatches", spend.batches())
                .put("gasUsed", spend.gas())
                .put("feeWei", spend.feeWei().toString())
                .put("chainEnabled", chain.isPresent());
        chain.map(ChainAnchoring::status).ifPresent(s -> {
            ObjectNode c = o.putObject("chain").put("level", s.level().name())
                    .put("headNumber", s.head().number())
                    .put("openBatches", s.outbox().open())
                    .put("lastConfirmedBatch", s.outbox().lastConfirmedBatch());
            ArrayNode reasons = c.putArray("reasons");
            for (ChainStatus.Reason r : s.reasons()) {
                reasons.addObject().put("code", r.code()).put("level", r.level().name()).put("detail", r.detail());
            }
        });
        return o;
    }

    /** {@link #status()} and the newest batches. */
    ObjectNode now() {
        ObjectNode o = status();
        ArrayNode list = o.putArray("batches");
        for (SignedAnchorBatch signed : store.recent(domain, batches)) {
            try {
                AnchorBatch b = AnchorBatch.parseFrom(signed.getBatch());
                ObjectNode row = list.addObject().put("batchSeq", b.getBatchSeq()).put("treeSize", b.getTreeSize())
                        .put("root", ConsoleJson.hex(b.getRoot().toByteArray())).put("sealedAtMillis", b.getSealedAtMillis())
                        .put("ranges", b.getRangesCount());
                if (signed.hasAnchor()) {
                    row.put("block", signed.getAnchor().getBlockNumber())
                            .put("tx", "0x" + ConsoleJson.hex(signed.getAnchor().getTxHash().toByteArray()));
                }
            } catch (InvalidProtocolBufferException e) {
                list.addObject().put("unreadable", e.getMessage());
            }
        }
        return o;
    }
}

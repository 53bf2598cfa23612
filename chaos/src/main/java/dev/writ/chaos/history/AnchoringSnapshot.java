package dev.writ.chaos.history;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;

/**
 * The domain's evidence anchoring as the drill read it once the outbox had drained (or the wait
 * for it ran out): the sealed batches and the lane ranges each covers ({@code writ_anchor_batches},
 * {@code writ_anchor_ranges}), the outbox rows ({@code writ_anchor_outbox}), and what the
 * EvidenceAnchor contract holds: every {@code Anchored} event of the domain and its next batch
 * and leaf numbers. Written beside the history ({@code anchoring.json}) so {@code --check}
 * judges exactly what was seen. Roots are 0x-prefixed lowercase hex.
 *
 * @param domainId the domain's id on chain (keccak256 of its name), hex
 * @param contract the EvidenceAnchor address
 * @param chainNextBatchSeq the contract's {@code nextBatchSeq(domain)}
 * @param chainNextFirstSeq the contract's {@code nextFirstSeq(domain)}: leaves anchored so far
 * @param drain how the wait for the outbox to drain ended
 */
public record AnchoringSnapshot(String domain, String domainId, String contract, long chainNextBatchSeq,
                               long chainNextFirstSeq, List<StoredBatch> batches, List<OutboxRow> outbox,
                               List<ChainEvent> onChain, Drain drain) {

    /** A sealed batch as its signed bytes say, with the ranges {@code writ_anchor_ranges} lists for it. */
    public record StoredBatch(long batchSeq, long treeSize, String root, List<Range> ranges) {
        public StoredBatch {
            Objects.requireNonNull(root, "root");
            ranges = List.copyOf(ranges);
        }
    }

    /** Records {@code firstSeq..lastSeq} (inclusive) of one evidence lane. */
    public record Range(String lane, long firstSeq, long lastSeq) {
        public Range {
            Objects.requireNonNull(lane, "lane");
        }
    }

    /** One outbox row: the batch's domain-wide leaf range, its root and where it is on its way to the chain. */
    public record OutboxRow(long batchSeq, long firstSeq, long lastSeq, String root, String state, int attempts,
                            long queuedAtMillis, long updatedAtMillis) {
        public OutboxRow {
            Objects.requireNonNull(root, "root");
            Objects.requireNonNull(state, "state");
        }
    }

    /** One {@code Anchored(domain, batchSeq, firstSeq, lastSeq, root)} event of the contract. */
    public record ChainEvent(long batchSeq, long firstSeq, long lastSeq, String root, long block) {
        public ChainEvent {
            Objects.requireNonNull(root, "root");
        }
    }

    /**
     * @param drained whether every record was in a batch, no outbox row was open and the chain
     *                held every batch before the bound ran out
     * @param waitedMillis how long the drill waited after its schedule ended
     * @param detail what was still missing when the wait ended, or what was seen when it drained
     */
    public record Drain(boolean drained, long waitedMillis, String detail) {
        public Drain {
            Objects.requireNonNull(detail, "detail");
        }
    }

    public AnchoringSnapshot {
        Objects.requireNonNull(domain, "domain");
        Objects.requireNonNull(domainId, "domainId");
        Objects.requireNonNull(contract, "contract");
        batches = List.copyOf(batches);
        outbox = List.copyOf(outbox);
        onChain = List.copyOf(onChain);
        Objects.requireNonNull(drain, "drain");
    }

    public void write(Path file) {
        try {
            HistoryFile.JSON.writerWithDefaultPrettyPrinter().writeValue(file.toFile(), this);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the anchoring snapshot " + file, e);
        }
    }

    public static AnchoringSnapshot read(Path file) {
        try {
            return HistoryFile.JSON.readValue(Files.readAllBytes(file), AnchoringSnapshot.class);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the anchoring snapshot " + file, e);
        }
    }
}

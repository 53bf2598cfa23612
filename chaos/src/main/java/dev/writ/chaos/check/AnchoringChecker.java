package dev.writ.chaos.check;

import dev.writ.chaos.history.AnchoringSnapshot;
import dev.writ.chaos.history.AnchoringSnapshot.ChainEvent;
import dev.writ.chaos.history.AnchoringSnapshot.OutboxRow;
import dev.writ.chaos.history.AnchoringSnapshot.Range;
import dev.writ.chaos.history.AnchoringSnapshot.StoredBatch;
import dev.writ.chaos.history.EvidenceSnapshot;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * Invariant 5 after a drill: once the chain has been healthy for a while and the outbox drained,
 * every evidence record of every lane is in exactly one sealed batch, and every batch is on the
 * EvidenceAnchor contract exactly once with the root the domain sealed. Batches count from 0
 * without gaps, and their domain-wide leaf ranges ({@code firstSeq..lastSeq}, as the contract
 * numbers them) follow each other without gap or overlap, in the database as on chain. A fault
 * may delay anchoring, never lose, repeat or alter it.
 */
public final class AnchoringChecker implements Checker {
    public static final String NAME = "every-record-anchored";
    static final String STATEMENT = "After the chain has been healthy and the outbox drained, every evidence record is "
            + "in exactly one sealed batch, and every batch (numbered from 0 without gaps, leaf ranges contiguous) is on "
            + "chain exactly once with the root the domain sealed.";

    @Override
    public Verdict check(DrillRecord record) {
        if (record.evidence().isEmpty()) {
            return Verdict.unknown(NAME, STATEMENT, "the evidence could not be read after the drill");
        }
        if (record.anchoring().isEmpty()) {
            return Verdict.unknown(NAME, STATEMENT, "the anchoring (batches, outbox, chain) could not be read after the drill");
        }
        AnchoringSnapshot a = record.anchoring().get();
        List<String> problems = new ArrayList<>();
        if (!a.drain().drained()) {
            problems.add("the outbox did not drain within " + a.drain().waitedMillis() + " ms: " + a.drain().detail());
        }
        long leaves = checkBatches(a, problems);
        checkCoverage(record.evidence().get(), a.batches(), problems);
        String summary = record.evidence().get().records().size() + " records in " + a.batches().size() + " batches ("
                + leaves + " leaves) checked against " + a.onChain().size() + " Anchored events; " + drainSummary(a);
        return Verdict.of(NAME, STATEMENT, summary, problems);
    }

    /** Batch numbering, outbox rows and on-chain events per batch; returns the leaves counted. */
    private static long checkBatches(AnchoringSnapshot a, List<String> problems) {
        List<StoredBatch> batches = a.batches().stream().sorted(Comparator.comparingLong(StoredBatch::batchSeq)).toList();
        Map<Long, OutboxRow> outbox = new HashMap<>();
        a.outbox().forEach(o -> outbox.put(o.batchSeq(), o));
        Map<Long, List<ChainEvent>> events = new TreeMap<>();
        a.onChain().forEach(e -> events.computeIfAbsent(e.batchSeq(), k -> new ArrayList<>()).add(e));
        long nextLeaf = 0;
        long expectedSeq = 0;
        for (StoredBatch b : batches) {
            String name = "batch #" + b.batchSeq();
            if (b.batchSeq() != expectedSeq) {
                problems.add("batch numbers are not contiguous from 0: expected #" + expectedSeq + ", found #" + b.batchSeq());
            }
            expectedSeq = b.batchSeq() + 1;
            long rangeLeaves = b.ranges().stream().mapToLong(r -> r.lastSeq() - r.firstSeq() + 1).sum();
            if (rangeLeaves != b.treeSize()) {
                problems.add(name + ": its ranges hold " + rangeLeaves + " records but its tree has " + b.treeSize() + " leaves");
            }
            long first = nextLeaf;
            long last = nextLeaf + b.treeSize() - 1;
            nextLeaf = last + 1;
            OutboxRow row = outbox.get(b.batchSeq());
            if (row == null) {
                problems.add(name + " was sealed but never queued in the outbox");
            } else {
                if (!row.state().equals("CONFIRMED")) {
                    problems.add(name + " is " + row.state() + " in the outbox, not CONFIRMED (" + row.attempts() + " attempts)");
                }
                if (row.firstSeq() != first || row.lastSeq() != last) {
                    problems.add(name + ": outbox leaves " + row.firstSeq() + ".." + row.lastSeq() + ", expected " + first + ".." + last);
                }
                if (!same(row.root(), b.root())) {
                    problems.add(name + ": outbox root " + row.root() + " differs from the sealed root " + b.root());
                }
            }
            List<ChainEvent> anchored = events.getOrDefault(b.batchSeq(), List.of());
            if (anchored.isEmpty()) {
                problems.add(name + " (root " + b.root() + ", leaves " + first + ".." + last + ") is not on chain");
            } else if (anchored.size() > 1) {
                problems.add(name + " is on chain " + anchored.size() + " times, in blocks "
                        + anchored.stream().map(e -> Long.toString(e.block())).toList());
            }
            for (ChainEvent e : anchored) {
                if (!same(e.root(), b.root())) {
                    problems.add(name + ": root on chain " + e.root() + " (block " + e.block() + ") differs from the sealed root " + b.root());
                }
                if (e.firstSeq() != first || e.lastSeq() != last) {
                    problems.add(name + ": leaves on chain " + e.firstSeq() + ".." + e.lastSeq() + ", expected " + first + ".." + last);
                }
            }
        }
        for (Map.Entry<Long, List<ChainEvent>> e : events.entrySet()) {
            if (batches.stream().noneMatch(b -> b.batchSeq() == e.getKey())) {
                problems.add("batch #" + e.getKey() + " is on chain (block " + e.getValue().get(0).block()
                        + ") but the domain never sealed it");
            }
        }
        if (a.chainNextBatchSeq() != batches.size() || a.chainNextFirstSeq() != nextLeaf) {
            problems.add("the contract expects batch #" + a.chainNextBatchSeq() + " from leaf " + a.chainNextFirstSeq()
                    + " next, the domain sealed " + batches.size() + " batches of " + nextLeaf + " leaves");
        }
        return nextLeaf;
    }

    /** Every record in exactly one range; no range covers a record the evidence does not hold. */
    private static void checkCoverage(EvidenceSnapshot evidence, List<StoredBatch> batches, List<String> problems) {
        Map<String, Map<Long, String>> kinds = new HashMap<>();
        for (EvidenceSnapshot.Row r : evidence.records()) {
            kinds.computeIfAbsent(r.lane(), k -> new HashMap<>()).put(r.seq(), r.kind() + " " + r.subject());
        }
        Map<String, Map<Long, List<Long>>> coveredBy = new HashMap<>();
        for (StoredBatch b : batches) {
            for (Range r : b.ranges()) {
                Map<Long, String> lane = kinds.getOrDefault(r.lane(), Map.of());
                for (long seq = r.firstSeq(); seq <= r.lastSeq(); seq++) {
                    coveredBy.computeIfAbsent(r.lane(), k -> new HashMap<>())
                            .computeIfAbsent(seq, k -> new ArrayList<>()).add(b.batchSeq());
                    if (!lane.containsKey(seq)) {
                        problems.add("batch #" + b.batchSeq() + " covers " + r.lane() + "#" + seq
                                + ", which is not in the evidence");
                    }
                }
            }
        }
        List<EvidenceSnapshot.Row> rows = evidence.records().stream()
                .sorted(Comparator.comparing(EvidenceSnapshot.Row::lane).thenComparingLong(EvidenceSnapshot.Row::seq)).toList();
        for (EvidenceSnapshot.Row r : rows) {
            List<Long> in = coveredBy.getOrDefault(r.lane(), Map.of()).getOrDefault(r.seq(), List.of());
            if (in.isEmpty()) {
                problems.add(r.lane() + "#" + r.seq() + " (" + r.kind() + " " + r.subject() + ") is in no batch");
            } else if (in.size() > 1) {
                problems.add(r.lane() + "#" + r.seq() + " (" + r.kind() + " " + r.subject() + ") is in several batches: "
                        + in.stream().map(s -> "#" + s).toList());
            }
        }
    }

    /** The roots as hex, compared without regard to case or the 0x prefix. */
    private static boolean same(String a, String b) {
        return strip(a).equals(strip(b));
    }

    private static String strip(String hex) {
        String h = hex.toLowerCase(Locale.ROOT);
        return h.startsWith("0x") ? h.substring(2) : h;
    }

    private static String drainSummary(AnchoringSnapshot a) {
        long longestWait = a.outbox().stream().filter(o -> o.state().equals("CONFIRMED"))
                .mapToLong(o -> o.updatedAtMillis() - o.queuedAtMillis()).max().orElse(0);
        return (a.drain().drained() ? "drained " : "not drained after ") + a.drain().waitedMillis()
                + " ms after the schedule; longest a batch waited for its confirmation: " + longestWait + " ms";
    }
}

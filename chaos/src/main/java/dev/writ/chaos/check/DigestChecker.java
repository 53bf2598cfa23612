package dev.writ.chaos.check;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * Invariant 7 after the drill: every node of every domain, asked for its reconciliation digest at
 * one cut (the envelopes every node holds), answers the same digest.
 */
public final class DigestChecker implements Checker {
    public static final String NAME = "identical-reconciliation-digests";
    static final String STATEMENT = "After healing, every node of every domain holds the same reconciliation state: "
            + "equal digests at a common cut of every domain's envelope chain.";

    @Override
    public Verdict check(DrillRecord record) {
        if (record.reconciliation().isEmpty()) {
            return Verdict.unknown(NAME, STATEMENT, "the nodes' reconciliation digests could not be read after the drill");
        }
        var snapshot = record.reconciliation().get();
        if (snapshot.digests().isEmpty() || snapshot.cut().isEmpty()) {
            return Verdict.unknown(NAME, STATEMENT, "no node reported a reconciliation state to compare");
        }
        List<String> examples = new ArrayList<>();
        var distinct = new TreeSet<>(snapshot.digests().values());
        snapshot.digests().forEach((node, digest) -> {
            if (digest.isEmpty()) {
                examples.add(node + " does not hold every domain's chain up to the cut " + snapshot.cut());
            }
        });
        if (distinct.size() > 1) {
            StringBuilder s = new StringBuilder("nodes disagree at " + snapshot.cut() + ":");
            for (Map.Entry<String, String> e : snapshot.digests().entrySet()) {
                s.append("\n  ").append(e.getKey()).append(' ').append(e.getValue());
            }
            examples.add(s.toString());
        }
        return Verdict.of(NAME, STATEMENT, snapshot.digests().size() + " nodes compared at " + snapshot.cut()
                + (distinct.size() == 1 ? ", digest " + abbreviate(distinct.first()) : ""), examples);
    }

    private static String abbreviate(String hex) {
        return hex.length() > 16 ? hex.substring(0, 16) + "..." : hex;
    }
}

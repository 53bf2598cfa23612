package dev.writ.chaos.check;

import dev.writ.chaos.history.EvidenceSnapshot;
import dev.writ.chaos.history.Operation;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Invariant 2: no writ is redeemed twice. Two sources, either one is enough to fail: two
 * acknowledged redemptions of one jti in the history, or two REDEMPTION evidence records for one
 * jti in the evidence of all domains together (which also catches a second redemption nobody saw
 * acknowledged, and one writ redeemed once in each of two domains).
 */
public final class SingleUseChecker implements Checker {
    public static final String NAME = "single-use";
    static final String STATEMENT = "No writ is redeemed twice: at most one acknowledged redemption and at most one "
            + "REDEMPTION evidence record per jti.";

    @Override
    public Verdict check(DrillRecord record) {
        Map<String, List<Operation>> byJti = new LinkedHashMap<>();
        int acknowledged = 0;
        for (Operation op : Operation.pair(record.history())) {
            if (op.invoke().f().equals("redeem") && op.ok()) {
                byJti.computeIfAbsent(op.invoke().key(), k -> new ArrayList<>()).add(op);
                acknowledged++;
            }
        }
        List<String> examples = new ArrayList<>();
        byJti.forEach((jti, ops) -> {
            if (ops.size() > 1) {
                StringBuilder s = new StringBuilder("writ " + jti + " acknowledged as redeemed " + ops.size() + " times:");
                ops.forEach(op -> s.append("\n  ").append(op.describe()));
                examples.add(s.toString());
            }
        });
        String evidenceNote = "";
        if (record.evidence().isPresent()) {
            Map<String, List<EvidenceSnapshot.Row>> redemptions = new LinkedHashMap<>();
            for (EvidenceSnapshot snapshot : record.allEvidence()) {
                for (EvidenceSnapshot.Row row : snapshot.records()) {
                    if (row.kind().equals("REDEMPTION")) {
                        redemptions.computeIfAbsent(row.subject(), k -> new ArrayList<>()).add(row);
                    }
                }
            }
            redemptions.forEach((jti, rows) -> {
                if (rows.size() > 1) {
                    StringBuilder s = new StringBuilder("writ " + jti + " has " + rows.size() + " REDEMPTION records:");
                    rows.forEach(r -> s.append("\n  ").append(r.lane()).append('#').append(r.seq()).append(" by ")
                            .append(r.node()));
                    examples.add(s.toString());
                }
            });
            evidenceNote = ", " + redemptions.size() + " writs with REDEMPTION evidence in "
                    + record.allEvidence().stream().map(EvidenceSnapshot::domain).toList();
        }
        return Verdict.of(NAME, STATEMENT, acknowledged + " acknowledged redemptions of " + byJti.size() + " writs"
                + evidenceNote, examples);
    }
}

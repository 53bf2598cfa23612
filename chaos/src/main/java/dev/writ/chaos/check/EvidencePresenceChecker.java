package dev.writ.chaos.check;

import dev.writ.chaos.history.Event;
import dev.writ.chaos.history.EvidenceSnapshot;
import dev.writ.chaos.history.Operation;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Invariant 3: every acknowledged decision, issuance, redemption and revocation has its evidence
 * record. An admitted proposal needs a DECISION record (subject: the proposal id) and, when ALLOW,
 * an ISSUANCE record (subject: the jti); a redemption a REDEMPTION record; a revocation of a writ
 * a REVOCATION record (subject: the jti).
 */
public final class EvidencePresenceChecker implements Checker {
    public static final String NAME = "evidence-for-every-ack";
    static final String STATEMENT = "Every acknowledged decision, issuance, redemption and revocation has its signed "
            + "evidence record in the domain's evidence store.";

    @Override
    public Verdict check(DrillRecord record) {
        if (record.evidence().isEmpty()) {
            return Verdict.unknown(NAME, STATEMENT, "the evidence could not be read after the drill");
        }
        Set<String> present = new HashSet<>();
        for (EvidenceSnapshot.Row row : record.evidence().get().records()) {
            present.add(row.kind() + " " + row.subject());
        }
        List<String> examples = new ArrayList<>();
        int acknowledged = 0;
        int elsewhere = 0;
        String domain = record.evidence().get().domain();
        for (Operation op : Operation.pair(record.history())) {
            if (!op.ok()) {
                continue;
            }
            if (op.invoke().node() != null && !NodeDomains.of(op.invoke().node()).equals(domain)) {
                elsewhere++; // acknowledged by another domain's node: its evidence is in that domain's store
                continue;
            }
            Event done = op.completion().orElseThrow();
            switch (op.invoke().f()) {
                case "propose" -> {
                    acknowledged++;
                    require(present, "DECISION", op.invoke().key(), op, examples);
                    if ("ALLOW".equals(done.value())) {
                        require(present, "ISSUANCE", done.jti(), op, examples);
                    }
                }
                case "redeem" -> {
                    acknowledged++;
                    require(present, "REDEMPTION", op.invoke().key(), op, examples);
                }
                case "revoke" -> {
                    acknowledged++;
                    require(present, "REVOCATION", op.invoke().key(), op, examples);
                }
                default -> {
                    // nemesis operations acknowledge nothing about writs
                }
            }
        }
        return Verdict.of(NAME, STATEMENT, acknowledged + " acknowledged client operations of domain " + domain
                + " against " + record.evidence().get().records().size() + " evidence records"
                + (elsewhere == 0 ? "" : "; " + elsewhere + " acknowledged by another domain's nodes, not judged here "
                + "(their evidence is in that domain's store)"), examples);
    }

    private static void require(Set<String> present, String kind, String subject, Operation op, List<String> examples) {
        if (subject == null || !present.contains(kind + " " + subject)) {
            examples.add("no " + kind + " record for " + subject + ", acknowledged by:\n  " + op.describe());
        }
    }
}

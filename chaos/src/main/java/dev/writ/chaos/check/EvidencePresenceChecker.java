package dev.writ.chaos.check;

import dev.writ.chaos.history.Event;
import dev.writ.chaos.history.EvidenceSnapshot;
import dev.writ.chaos.history.Operation;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Invariant 3: every acknowledged decision, issuance, redemption and revocation has its evidence
 * record, in the store of the domain whose node acknowledged it (the drilled domain's, or a partner
 * domain's, read from that domain's own database). An admitted proposal needs a DECISION record
 * (subject: the proposal id) and, when ALLOW, an ISSUANCE record (subject: the jti); a redemption a
 * REDEMPTION record; a revocation of a writ a REVOCATION record (subject: the jti). An
 * acknowledgement by a node of a domain whose evidence was not read cannot be judged: UNKNOWN.
 */
public final class EvidencePresenceChecker implements Checker {
    public static final String NAME = "evidence-for-every-ack";
    static final String STATEMENT = "Every acknowledged decision, issuance, redemption and revocation has its signed "
            + "evidence record in the evidence store of the domain that acknowledged it.";
    private static final Set<String> CLIENT_OPERATIONS = Set.of("propose", "redeem", "revoke");

    @Override
    public Verdict check(DrillRecord record) {
        if (record.evidence().isEmpty()) {
            return Verdict.unknown(NAME, STATEMENT, "the evidence could not be read after the drill");
        }
        Map<String, Set<String>> presentByDomain = new HashMap<>();
        for (EvidenceSnapshot snapshot : record.allEvidence()) {
            Set<String> present = presentByDomain.computeIfAbsent(snapshot.domain(), d -> new HashSet<>());
            snapshot.records().forEach(row -> present.add(row.kind() + " " + row.subject()));
        }
        List<String> examples = new ArrayList<>();
        Map<String, Integer> acknowledged = new TreeMap<>();
        Map<String, Integer> unread = new TreeMap<>();
        for (Operation op : Operation.pair(record.history())) {
            if (!op.ok() || !CLIENT_OPERATIONS.contains(op.invoke().f())) {
                continue; // nemesis and operator operations acknowledge nothing about writs
            }
            Event done = op.completion().orElseThrow();
            // the node that answered: with fail-over it is not always the one first asked
            String node = done.node() != null ? done.node() : op.invoke().node();
            String domain = node == null ? record.evidence().get().domain() : NodeDomains.of(node);
            Set<String> present = presentByDomain.get(domain);
            if (present == null) {
                unread.merge(domain, 1, Integer::sum);
                continue;
            }
            acknowledged.merge(domain, 1, Integer::sum);
            switch (op.invoke().f()) {
                case "propose" -> {
                    require(present, "DECISION", op.invoke().key(), domain, op, examples);
                    if ("ALLOW".equals(done.value())) {
                        require(present, "ISSUANCE", done.jti(), domain, op, examples);
                    }
                }
                case "redeem" -> require(present, "REDEMPTION", op.invoke().key(), domain, op, examples);
                default -> require(present, "REVOCATION", op.invoke().key(), domain, op, examples);
            }
        }
        StringBuilder summary = new StringBuilder();
        for (EvidenceSnapshot snapshot : record.allEvidence()) {
            summary.append(summary.isEmpty() ? "" : "; ").append(acknowledged.getOrDefault(snapshot.domain(), 0))
                    .append(" acknowledged client operations of domain ").append(snapshot.domain()).append(" against ")
                    .append(snapshot.records().size()).append(" evidence records");
        }
        if (!unread.isEmpty()) {
            summary.append("; acknowledged by nodes of a domain whose evidence was not read: ").append(unread);
            if (examples.isEmpty()) {
                return Verdict.unknown(NAME, STATEMENT, summary.toString());
            }
        }
        return Verdict.of(NAME, STATEMENT, summary.toString(), examples);
    }

    private static void require(Set<String> present, String kind, String subject, String domain, Operation op,
                                List<String> examples) {
        if (subject == null || !present.contains(kind + " " + subject)) {
            examples.add("no " + kind + " record for " + subject + " in " + domain + "'s evidence, acknowledged by:\n  "
                    + op.describe());
        }
    }
}

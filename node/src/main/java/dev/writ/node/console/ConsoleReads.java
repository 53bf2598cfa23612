package dev.writ.node.console;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.writ.node.bundles.WritRecords;
import dev.writ.node.evidence.EvidenceStore;
import dev.writ.node.evidence.StoredRecord;
import dev.writ.node.refusal.Refusal;
import dev.writ.node.refusal.RefusalCode;
import dev.writ.protocol.wire.DecisionRecord;
import dev.writ.protocol.wire.EvidenceKind;
import dev.writ.protocol.wire.ProofBundle;
import dev.writ.protocol.wire.ProposalResponse;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.function.Supplier;

/**
 * What each console view reads, run on the node's bounded reads dispatcher (a full one refuses at
 * once: OVERLOADED), never on a request thread.
 */
final class ConsoleReads {
    /** The views, built by {@link ConsoleServer}. */
    record Views(FabricView fabric, AnchoringView anchoring, RevocationsView revocations, Lineage lineage,
                 DrillReports drills) {
    }

    private static final Set<EvidenceKind> APPROVAL_KINDS = Set.of(EvidenceKind.PROPOSAL, EvidenceKind.DECISION,
            EvidenceKind.APPROVAL);

    private final Views views;
    private final EvidenceStore store;
    private final WritRecords writs;
    private final String domain;
    private final Clock clock;
    private final int feedSize;
    private final Duration approvalTimeout;
    private final Executor reads;

    ConsoleReads(Views views, EvidenceStore store, WritRecords writs, String domain, Clock clock, int feedSize,
                 Duration approvalTimeout, Executor reads) {
        this.views = views;
        this.store = store;
        this.writs = writs;
        this.domain = domain;
        this.clock = clock;
        this.feedSize = feedSize;
        this.approvalTimeout = approvalTimeout;
        this.reads = reads;
    }

    Views views() {
        return views;
    }

    int feedSize() {
        return feedSize;
    }

    <T> CompletionStage<T> read(Supplier<T> read) {
        return CompletableFuture.supplyAsync(read, reads);
    }

    /** The newest decisions (at most feed-size), newest first, that match both filters (substrings; empty: any). */
    CompletionStage<JsonNode> decisions(String agent, String target) {
        return read(() -> {
            List<Decisions.Row> rows = new ArrayList<>(Decisions.of(store.recent(domain, Decisions.KINDS, 0, 2 * feedSize)));
            Collections.reverse(rows);
            ArrayNode list = ConsoleJson.MAPPER.createArrayNode();
            rows.stream().filter(r -> r.matches(agent, target)).forEach(r -> list.add(r.json()));
            return list;
        });
    }

    /** Escalations still waiting for an approver: ESCALATE decisions within writ.approvals.timeout with no APPROVAL record. */
    CompletionStage<JsonNode> approvals() {
        return read(() -> {
            ArrayNode list = ConsoleJson.MAPPER.createArrayNode();
            for (Decisions.Row row : pending()) {
                ObjectNode o = row.json();
                o.put("expiresAtMillis", row.decision().getDecidedAtMillis() + approvalTimeout.toMillis());
                list.add(o);
            }
            return list;
        });
    }

    /** The ESCALATE answer of a pending approval, as `writ approve --escalation` reads it. */
    CompletionStage<ProposalResponse> escalation(String approvalId) {
        return read(() -> pending().stream().filter(r -> r.decision().getProposalId().equals(approvalId)).findFirst()
                .map(Decisions.Row::escalation)
                .orElseThrow(() -> new CompletionException(new Refusal(RefusalCode.NOT_FOUND, approvalId,
                        "no escalation " + approvalId + " is waiting for approval"))));
    }

    private List<Decisions.Row> pending() {
        long now = clock.millis();
        List<StoredRecord> recent = store.recent(domain, APPROVAL_KINDS, now - approvalTimeout.toMillis(), 3 * feedSize);
        Set<String> approved = new HashSet<>();
        recent.stream().filter(r -> r.kind() == EvidenceKind.APPROVAL).forEach(r -> approved.add(r.subject()));
        List<Decisions.Row> waiting = new ArrayList<>();
        for (Decisions.Row row : Decisions.of(recent)) {
            if (row.decision().getDecision() == DecisionRecord.Decision.ESCALATE
                    && !approved.contains(row.decision().getProposalId())) {
                waiting.add(row);
            }
        }
        Collections.reverse(waiting);
        return waiting;
    }

    /** The story of a writ (by jti) or proposal (by id). */
    CompletionStage<JsonNode> lineage(String id) {
        return read(() -> views.lineage().of(id));
    }

    /** The newest decisions about one agent: each names the proposal to follow. */
    CompletionStage<JsonNode> byAgent(String agent) {
        return decisions(agent, "");
    }

    CompletionStage<ProofBundle> bundle(String jti) {
        return writs.bundle(jti);
    }
}

package dev.writ.node.console;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.google.protobuf.ByteString;
import com.google.protobuf.InvalidProtocolBufferException;
import dev.writ.node.evidence.StoredRecord;
import dev.writ.protocol.wire.ActionProposal;
import dev.writ.protocol.wire.DecisionRecord;
import dev.writ.protocol.wire.EvidenceKind;
import dev.writ.protocol.wire.ProposalResponse;
import dev.writ.protocol.wire.Reason;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Decisions as the console shows them, from PROPOSAL and DECISION records: each DECISION with the
 * agent, target, operation and parameters of its proposal (recorded in the same append, under the
 * same subject) and its reasons. Pure: records in, rows out.
 */
final class Decisions {
    /** The kinds a decision row is made of. */
    static final Set<EvidenceKind> KINDS = Set.of(EvidenceKind.PROPOSAL, EvidenceKind.DECISION);

    /** One decision, with the proposal it answered when that record was read too. */
    record Row(StoredRecord record, DecisionRecord decision, Optional<ActionProposal> proposal) {
        String agent() {
            return decision.getAgentId();
        }

        String target() {
            return proposal.map(p -> p.getAction().getTarget()).orElse("");
        }

        boolean matches(String agentFilter, String targetFilter) {
            return (agentFilter.isEmpty() || agent().contains(agentFilter))
                    && (targetFilter.isEmpty() || target().contains(targetFilter));
        }

        ObjectNode json() {
            ObjectNode o = ConsoleJson.object()
                    .put("proposalId", decision.getProposalId())
                    .put("decision", decision.getDecision().name())
                    .put("agent", agent())
                    .put("target", target())
                    .put("operation", proposal.map(p -> p.getAction().getOperation()).orElse(""))
                    .put("decidedAtMillis", decision.getDecidedAtMillis())
                    .put("nodeId", decision.getNodeId())
                    .put("key", record.key());
            proposal.ifPresent(p -> {
                ObjectNode parameters = o.putObject("parameters");
                p.getAction().getParametersMap().forEach(parameters::put);
                o.put("riskScore", p.getContext().getRiskScore());
            });
            ArrayNode reasons = o.putArray("reasons");
            for (Reason r : decision.getReasonsList()) {
                reasons.addObject().put("code", r.getCode()).put("detail", r.getDetail());
            }
            return o;
        }

        /** The ESCALATE answer the node gave, as `writ approve --escalation` reads it. */
        ProposalResponse escalation() {
            return ProposalResponse.newBuilder()
                    .setProposalId(decision.getProposalId())
                    .setDecision(decision.getDecision())
                    .addAllReasons(decision.getReasonsList())
                    .setPolicyEpoch(decision.getPolicyEpoch())
                    .setDecisionRecord(ByteString.copyFrom(record.payload()))
                    .setApprovalId(decision.getProposalId())
                    .build();
        }
    }

    private Decisions() {
    }

    /** The DECISION records among {@code records}, in their order, each with its proposal when present. */
    static List<Row> of(List<StoredRecord> records) {
        Map<String, ActionProposal> proposals = new HashMap<>();
        for (StoredRecord r : records) {
            if (r.kind() == EvidenceKind.PROPOSAL) {
                parse(r, ActionProposal::parseFrom).ifPresent(p -> proposals.put(r.subject(), p));
            }
        }
        List<Row> rows = new ArrayList<>();
        for (StoredRecord r : records) {
            if (r.kind() == EvidenceKind.DECISION) {
                parse(r, DecisionRecord::parseFrom).ifPresent(d ->
                        rows.add(new Row(r, d, Optional.ofNullable(proposals.get(r.subject())))));
            }
        }
        return rows;
    }

    @FunctionalInterface
    interface Parser<T> {
        T parse(byte[] bytes) throws InvalidProtocolBufferException;
    }

    /** A payload the node wrote itself; one that does not parse is left out of the view, not guessed at. */
    static <T> Optional<T> parse(StoredRecord r, Parser<T> parser) {
        try {
            return Optional.of(parser.parse(r.payload()));
        } catch (InvalidProtocolBufferException e) {
            return Optional.empty();
        }
    }
}

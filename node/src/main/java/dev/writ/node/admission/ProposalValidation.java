package dev.writ.node.admission;

import dev.writ.node.refusal.Refusal;
import dev.writ.node.refusal.RefusalCode;
import dev.writ.protocol.wire.ActionProposal;
import java.util.Map;
import java.util.regex.Pattern;

/** The shape a proposal must have before policy looks at it (invariant 9: bad input is refused, typed). */
public final class ProposalValidation {
    private static final Pattern ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.:-]{0,127}");
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9_.:/-]{1,256}");
    private static final Pattern AGENT = Pattern.compile("spiffe://([a-z0-9][a-z0-9.-]{0,62})/agent/([A-Za-z0-9_.-]{1,128})");
    private static final int MAX_PARAMETERS = 64;
    private static final int MAX_VALUE_LENGTH = 1024;

    private ProposalValidation() {
    }

    public static void requireWellFormed(ActionProposal p, String domain) throws Refusal {
        String id = p.getProposalId();
        if (!ID.matcher(id).matches()) {
            throw malformed(id, "proposalId must be 1-128 letters, digits, '_', '.', ':' or '-'");
        }
        var agent = AGENT.matcher(p.getAgentId());
        if (!agent.matches()) {
            throw malformed(id, "agentId must be a SPIFFE id spiffe://<domain>/agent/<name>, got '" + p.getAgentId() + "'");
        }
        if (!agent.group(1).equals(domain)) {
            throw new Refusal(RefusalCode.FOREIGN_DOMAIN, id, "agent " + p.getAgentId() + " belongs to domain "
                    + agent.group(1) + "; this node admits for " + domain);
        }
        if (!p.hasAction() || !NAME.matcher(p.getAction().getTarget()).matches()
                || !NAME.matcher(p.getAction().getOperation()).matches()) {
            throw malformed(id, "action.target and action.operation are required (1-256 of [A-Za-z0-9_.:/-])");
        }
        Map<String, String> params = p.getAction().getParametersMap();
        if (params.size() > MAX_PARAMETERS) {
            throw malformed(id, "at most " + MAX_PARAMETERS + " parameters, got " + params.size());
        }
        for (Map.Entry<String, String> e : params.entrySet()) {
            if (!NAME.matcher(e.getKey()).matches() || e.getValue().length() > MAX_VALUE_LENGTH) {
                throw malformed(id, "parameter '" + e.getKey() + "' has a bad name or a value over "
                        + MAX_VALUE_LENGTH + " characters");
            }
        }
        // uint32 on the wire: read unsigned, or 2^31 and above would pass as negative numbers.
        long risk = Integer.toUnsignedLong(p.getContext().getRiskScore());
        if (risk > 100) {
            throw malformed(id, "context.riskScore is 0..100, got " + risk);
        }
        int parent = p.getContext().getParentWritHash().size();
        int model = p.getContext().getModelHash().size();
        if ((parent != 0 && parent != 32) || (model != 0 && model != 32)) {
            throw malformed(id, "context.parentWritHash and context.modelHash are SHA-256 (32 bytes) when given");
        }
        long window = Integer.toUnsignedLong(p.getRequestedWindowSeconds());
        if (window > 300) {
            throw malformed(id, "requestedWindowSeconds is at most 300, got " + window);
        }
    }

    private static Refusal malformed(String subject, String detail) {
        return new Refusal(RefusalCode.MALFORMED, subject, detail);
    }
}

package dev.writ.cli;

import com.google.protobuf.ByteString;
import dev.writ.protocol.ProtocolException;
import dev.writ.protocol.client.AgentCredential;
import dev.writ.protocol.client.WritRefusedException;
import dev.writ.protocol.identity.IdentityExtensions;
import dev.writ.protocol.identity.SpiffeId;
import dev.writ.protocol.wire.Action;
import dev.writ.protocol.wire.ActionContext;
import dev.writ.protocol.wire.ActionProposal;
import java.io.IOException;
import java.util.UUID;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * `writ propose`: an agent asks a node for a writ, signing the proposal with its certificate key
 * (ProposalSigning through {@link AgentCredential}); the agent id and model hash are the ones its
 * certificate attests, so they cannot disagree with it (CERT_AGENT_MISMATCH, CERT_MODEL_MISMATCH).
 */
@Command(name = "propose", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Propose an action as an agent, signed with its certificate key; answers ALLOW (the writ),",
                "DENY or ESCALATE. The action comes from --file and/or --target/--operation/-p/--classification.",
                "-o json prints the node's answer, which `writ redeem --writ` and `writ approve --escalation` read."},
        footer = ClientExit.TABLE)
final class ProposeCommand extends ClientCommand {
    @Option(names = "--agent-key", required = true, paramLabel = "<file>",
            description = "the agent's certificate key (PKCS#8 PEM: `writ ca csr --key-out`, `writ agent enrol --key`)")
    private String agentKey;

    @Option(names = "--agent-chain", required = true, paramLabel = "<file>",
            description = "the agent's certificate chain (PEM: `writ agent enrol --out`, `writ ca issue --out`)")
    private String agentChain;

    @Mixin
    private ActionOptions action;

    @Option(names = "--risk", defaultValue = "0", description = "the agent's own risk score, 0..100 (default ${DEFAULT-VALUE})")
    private int risk;

    @Option(names = "--window", defaultValue = "60", paramLabel = "<seconds>",
            description = "the validity window asked for the writ (default ${DEFAULT-VALUE}; the policy may give less)")
    private int windowSeconds;

    @Option(names = "--session", defaultValue = "", description = "the agent's session id (evidence context)")
    private String session;

    @Option(names = "--plan", defaultValue = "", description = "the agent's plan id (evidence context)")
    private String plan;

    @Option(names = "--proposal-id", paramLabel = "<id>",
            description = "single use per agent; sending the same proposal again gets the first answer (default: a new id)")
    private String proposalId;

    @Override
    public ClientOutput.Answer run() throws ClientOutput.Failure, ProtocolException, WritRefusedException, IOException {
        if (risk < 0 || risk > 100 || windowSeconds <= 0) {
            throw ClientOutput.usage("MALFORMED", "--risk is 0..100 and --window a positive number of seconds");
        }
        CertifiedKey agent = CertifiedKey.read(agentKey, agentChain);
        SpiffeId id = SpiffeId.parse(agent.uri());
        Action asked = action.action();
        ActionProposal proposal = ActionProposal.newBuilder()
                .setProposalId(proposalId == null ? "cli-" + UUID.randomUUID() : proposalId)
                .setAgentId(id.uri())
                .setAction(asked)
                .setContext(ActionContext.newBuilder().setSessionId(session).setPlanId(plan).setRiskScore(risk)
                        .setDataClassification(asked.getClassification())
                        .setModelHash(ByteString.copyFrom(IdentityExtensions.modelHashOf(agent.leaf().getExtensions()))))
                .setRequestedWindowSeconds(windowSeconds)
                // Nodes refuse a proposal dated outside writ.admission's window (PROPOSAL_STALE).
                .setProposedAtMillis(System.currentTimeMillis())
                .build();
        return ProposalAnswer.of(node().agentCredential(new AgentCredential(agent.key(), agent.chain()))
                .build().propose(proposal));
    }
}

package dev.writ.bench;

import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.MessageOrBuilder;
import com.google.protobuf.util.JsonFormat;
import dev.writ.fabric.FabricIdentity;
import dev.writ.protocol.client.PepCredential;
import dev.writ.protocol.wire.Action;
import dev.writ.protocol.wire.ActionContext;
import dev.writ.protocol.wire.ActionProposal;
import dev.writ.protocol.wire.RedemptionRequest;

/**
 * The benchmark's action, as the API's JSON (proto3 JSON mapping): a payments transfer the demo
 * policy admits (agent class {@code payments-*}, target {@code payments-api}, operation
 * {@code transfer}, amount 1..400 EUR, classification {@code internal}, risk 10), and its
 * redemption for exactly that action with a balance that satisfies the drift predicate.
 */
public final class BenchActions {
    public static final String PEP_ID = "bench-pep";
    public static final String OBSERVED_BALANCE = "100000";
    private static final JsonFormat.Printer PRINTER = JsonFormat.printer().omittingInsignificantWhitespace();

    private final AgentRotation agents;
    private final String proposalPrefix;
    private final java.util.Optional<FabricIdentity> identity;

    public BenchActions(AgentRotation agents, String proposalPrefix) {
        this(agents, proposalPrefix, java.util.Optional.empty());
    }

    /** With the domain's {@code identity}, every proposal is signed by its agent's certificate ({@link FabricIdentity#sign}). */
    public BenchActions(AgentRotation agents, String proposalPrefix, java.util.Optional<FabricIdentity> identity) {
        this.agents = agents;
        this.proposalPrefix = proposalPrefix;
        this.identity = identity;
    }

    /** Action {@code i}'s proposal; its id {@code <prefix>-<i>} is unique per run. */
    public ActionProposal proposal(long i) {
        String agent = agents.agentFor(i);
        ActionContext.Builder context = ActionContext.newBuilder()
                .setSessionId("bench")
                .setRiskScore(10)
                .setDataClassification("internal");
        ActionProposal proposal = ActionProposal.newBuilder()
                .setProposalId(proposalPrefix + "-" + i)
                .setAgentId(agent)
                .setAction(action(i))
                .setContext(context)
                .setProposedAtMillis(System.currentTimeMillis())
                .build();
        return identity.map(id -> id.sign(proposal)).orElse(proposal);
    }

    public static Action action(long i) {
        return Action.newBuilder()
                .setTarget("payments-api")
                .setOperation("transfer")
                .putParameters("amount", Integer.toString(AgentRotation.amountFor(i)))
                .putParameters("currency", "EUR")
                .setClassification("internal")
                .build();
    }

    /**
     * The PEP's redemption of {@code writ} for exactly the proposal's action; with the domain's
     * identity, carrying the agent's possession proof made now for the PEP {@value #PEP_ID} (the writ
     * names the agent's key, D61) and signed by that PEP ({@link FabricIdentity#pep}), as the nodes
     * require.
     */
    public RedemptionRequest redemption(ActionProposal proposal, String writ) {
        RedemptionRequest request = RedemptionRequest.newBuilder()
                .setWrit(writ)
                .setMutation(proposal.getAction())
                .putObserved("account.balance", OBSERVED_BALANCE)
                .setPepId(PEP_ID)
                .build();
        return identity.map(id -> {
            PepCredential pep = id.pep(PEP_ID);
            return pep.sign(request.toBuilder().setPossession(id.prove(proposal, writ, pep.pepId().uri())).build());
        }).orElse(request);
    }

    public static String json(MessageOrBuilder message) {
        try {
            return PRINTER.print(message);
        } catch (InvalidProtocolBufferException e) {
            throw new IllegalStateException(e);
        }
    }
}

package dev.writ.chaos.workload;

import dev.writ.chaos.history.EventType;
import dev.writ.chaos.history.HistoryFile;
import dev.writ.fabric.FabricIdentity;
import dev.writ.protocol.client.WritClient;
import dev.writ.protocol.client.WritClientException;
import dev.writ.protocol.client.WritClientException.Stage;
import dev.writ.protocol.client.WritRefusedException;
import dev.writ.protocol.wire.ActionProposal;
import dev.writ.protocol.wire.DecisionRecord.Decision;
import dev.writ.protocol.wire.ProposalResponse;
import dev.writ.protocol.wire.RedemptionRequest;
import dev.writ.protocol.wire.RevocationEntry;
import dev.writ.protocol.wire.RevocationRequest;
import dev.writ.protocol.wire.RevocationResponse;
import java.net.URI;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;

/**
 * The clients: agents, PEPs and operators talking to the nodes over the real HTTP API. Each
 * operation is written to the history as an invocation, then as OK, FAIL (a definite refusal) or
 * INFO (a timeout, a broken connection, or a refusal that does not say whether it happened).
 */
public final class DrillClient {
    public static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(5);
    static final String PEP_ID = "drill-pep";
    static final String OBSERVED_BALANCE = "100000";
    /** Refusals after which nobody knows whether the request took effect. */
    /** A node's refusal before it read the request, while it starts: nothing was done. */
    static final String NODE_STARTING = "NODE_STARTING";
    static final Set<String> INDETERMINATE = Set.of("TIMEOUT", "INTERNAL", WritRefusedException.UNSPECIFIED);
    /**
     * Transport failures after which a failing-over client sends the request to the next node: not
     * sent at all, or sent and closed before any answer (a stopping node closing an idle keep-alive
     * connection, D118), where the copy is answered as the first would have been.
     */
    static final Set<Stage> RESENDABLE = Set.of(Stage.NOT_SENT, Stage.CLOSED_BEFORE_ANSWER);

    private final Map<String, WritClient> clients = new LinkedHashMap<>();
    private final FabricIdentity identity;
    private final HistoryFile history;
    private final Workload workload;
    private final ExecutorService secondPep;
    private final boolean failOver;

    /**
     * @param identity   the proposing domain's: every proposal is signed with its agent's certificate
     *                   (the nodes require it) and revocations carry its operator credential
     * @param identities every node's domain's, by node id: a PEP redeems at a node with a PEP
     *                   certificate of that node's domain ({@value #PEP_ID})
     * @param failOver   whether a request whose connection a node refused, that a starting node
     *                   refused NODE_STARTING, or whose connection closed before any answer goes to the
     *                   next node, as a real client's does (nothing was sent or read, or the copy is
     *                   answered as the first would have been: D118); the completion then names the
     *                   node that answered
     */
    public DrillClient(Map<String, URI> nodes, FabricIdentity identity, Map<String, FabricIdentity> identities,
                       HistoryFile history, Workload workload, ExecutorService secondPep, boolean failOver) {
        nodes.forEach((id, uri) -> clients.put(id, WritClient.builder(uri).timeout(REQUEST_TIMEOUT)
                .operatorCredential(identity.operator()).pepCredential(identities.get(id).pep(PEP_ID)).build()));
        this.identity = identity;
        this.history = history;
        this.workload = workload;
        this.secondPep = secondPep;
        this.failOver = failOver;
    }

    /** Performs one step as {@code process}; a double redemption also uses {@code process + "b"}. */
    public void perform(String process, Step step) {
        String dependsOn = workload.dependsOn(step).orElse(null);
        if (step instanceof Step.Propose p) {
            propose(process, p, dependsOn);
        } else if (step instanceof Step.Redeem r) {
            redeem(process, r.node(), r.writ(), dependsOn);
        } else if (step instanceof Step.DoubleRedeem d) {
            CompletableFuture<Void> other = CompletableFuture.runAsync(
                    () -> redeem(process + "b", d.secondNode(), d.writ(), null), secondPep);
            redeem(process, d.firstNode(), d.writ(), workload.dependsOn(new Step.Redeem(d.firstNode(), d.writ()))
                    .orElse(null));
            other.join();
        } else if (step instanceof Step.Revoke v) {
            revoke(process, v);
        }
    }

    private void propose(String process, Step.Propose p, String dependsOn) {
        String id = p.proposal().getProposalId();
        history.invoke(process, "propose", p.node(), id, dependsOn);
        // Dated as it is sent (the generator reads no clock); nodes refuse undated proposals as stale.
        // Signed once: a copy sent to another node must be the same bytes to be answered from evidence (D35).
        ActionProposal signed = identity.sign(p.proposal().toBuilder().setProposedAtMillis(System.currentTimeMillis()).build());
        call(process, "propose", p.node(), id, client -> {
            ProposalResponse r = client.propose(signed);
            if (r.getDecision() == Decision.ALLOW) {
                workload.issued(new IssuedWrit(r.getJti(), r.getWrit(), p.proposal()));
            }
            // the version the writ was minted under: no-stale-policy-redemption judges its redemptions by it
            return new Answer(r.getJti().isEmpty() ? null : r.getJti(), r.getDecision().name(),
                    r.hasPolicyEpoch() ? r.getPolicyEpoch().getVersion() : null);
        });
    }

    private void redeem(String process, String node, IssuedWrit writ, String dependsOn) {
        history.invoke(process, "redeem", node, writ.jti(), dependsOn);
        call(process, "redeem", node, writ.jti(), client -> {
            // The agent proves its writ's key (D61) to the PEP of the node that is asked, as it is asked.
            client.redeem(RedemptionRequest.newBuilder()
                    .setWrit(writ.writ())
                    .setMutation(writ.proposal().getAction())
                    .putObserved("account.balance", OBSERVED_BALANCE)
                    .setPossession(identity.prove(writ.proposal(), writ.writ(),
                            client.pepCredential().orElseThrow().pepId().uri()))
                    .build());
            return new Answer(null, "redeemed", null);
        });
    }

    private void revoke(String process, Step.Revoke v) {
        history.append(process, EventType.INVOKE, "revoke", v.node(), v.writ().jti(), null, null);
        call(process, "revoke", v.node(), v.writ().jti(), client -> {
            RevocationResponse r = client.revoke(RevocationRequest.newBuilder().setKind(RevocationEntry.Kind.WRIT)
                    .setSubject(v.writ().jti()).setReason("chaos drill").setIssuer(identity.operator().id()).build());
            workload.revoked(v.writ());
            return new Answer(null, "epoch " + r.getEntry().getEpoch() + ", " + r.getNodesAcknowledged() + "/"
                    + r.getNodesTotal() + " nodes", null);
        });
    }

    private record Answer(String jti, String value, Long policy) {
    }

    private interface Call {
        Answer apply(WritClient client) throws WritRefusedException, WritClientException;
    }

    private void call(String process, String f, String node, String key, Call call) {
        String at = node;
        try {
            Answer a;
            while (true) {
                try {
                    a = call.apply(clients.get(at));
                    break;
                } catch (WritClientException e) {
                    String next = nextNode(at);
                    if (!failOver || !RESENDABLE.contains(e.stage()) || next.equals(node)) {
                        throw e;
                    }
                    at = next;
                } catch (WritRefusedException e) {
                    // a starting node refuses before reading the request (D69): as safe to send elsewhere
                    String next = nextNode(at);
                    if (!failOver || !e.code().equals(NODE_STARTING) || next.equals(node)) {
                        throw e;
                    }
                    at = next;
                }
            }
            history.append(process, EventType.OK, f, at, key, a.jti(), a.value(), a.policy());
        } catch (WritRefusedException r) {
            EventType type = INDETERMINATE.contains(r.code()) ? EventType.INFO : EventType.FAIL;
            history.append(process, type, f, at, key, null, r.code());
        } catch (WritClientException | RuntimeException e) {
            history.append(process, EventType.INFO, f, at, key, null, shorten(e.toString()));
        }
    }

    /** The node after {@code node} in the clients' order, wrapping around. */
    private String nextNode(String node) {
        List<String> ids = List.copyOf(clients.keySet());
        return ids.get((ids.indexOf(node) + 1) % ids.size());
    }

    private static String shorten(String s) {
        return s.length() <= 160 ? s : s.substring(0, 160) + "...";
    }
}

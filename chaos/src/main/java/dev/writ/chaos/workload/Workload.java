package dev.writ.chaos.workload;

import com.google.protobuf.ByteString;
import dev.writ.protocol.crypto.Hashes;
import dev.writ.protocol.wire.Action;
import dev.writ.protocol.wire.ActionContext;
import dev.writ.protocol.wire.ActionProposal;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;

/**
 * The generator: a seeded mix of client operations over the fabric's nodes. Writs admitted by
 * earlier proposals are fed back ({@link #issued}) and become redemptions, double redemptions via
 * two nodes, and revocations followed by a redemption attempt ({@link #revoked}). The choice of
 * operation, node, agent and amount comes from the seed; which writs are at hand also depends on
 * what the system answered, so two runs with one seed make the same kinds of choices, not
 * necessarily on the same writs.
 *
 * <p>Mix, when writs are at hand: 40 % propose, 30 % redeem, 15 % double redeem, 15 % revoke.
 * Revoked writs wait in a queue; once {@value #REVOKED_BACKLOG} wait, a redemption takes the
 * oldest, so most revocations are followed by a redemption attempt some time after their
 * acknowledgment (beyond the checker's in-flight bound at the drill's pace).
 * Agents rotate over {@value #AGENTS} {@code payments-drill-*} identities (the bench policy).
 *
 * <p>When the operator has changed the policy ({@link #policyChanged}), the writs at hand, minted
 * under the old version, are held back for {@value #STALE_HOLD_STEPS} steps (about 5 s at the
 * drill's pace, beyond the stale-policy checker's pick-up bound) and then redeemed, oldest first,
 * in place of ordinary redemptions: they must be refused as stale.
 */
public final class Workload {
    static final int AGENTS = 16;
    /** The model every drill agent is certified with and names in its proposals. */
    public static final byte[] MODEL = Hashes.sha256("writ chaos drill agent".getBytes(StandardCharsets.UTF_8));
    static final int MAX_AMOUNT = 400;
    /** Beyond this many writs at hand, redeem instead of proposing more (they expire after a minute). */
    static final int MAX_AT_HAND = 40;
    /** Revoked writs waiting before the oldest is tried (at 20 operations/s, about a second and a half). */
    static final int REVOKED_BACKLOG = 4;
    /** Steps the writs at hand at a policy change wait before PEPs try them (at 20 operations/s, 5 s). */
    static final int STALE_HOLD_STEPS = 100;

    /** Percentage of proposals that target the partner domain's ledger, when there is a partner. */
    static final int PARTNER_SHARE = 40;

    /** A second domain: its node (where writs for its target are redeemed), its domain name and the target it owns. */
    public record Partner(String node, String domain, String target) {
    }

    private final Random random;
    private final List<String> nodes;
    private final String domain;
    private final String runTag;
    private final Optional<Partner> partner;
    private final List<IssuedWrit> atHand = new ArrayList<>();
    private final ArrayDeque<IssuedWrit> revoked = new ArrayDeque<>();
    private final ArrayDeque<IssuedWrit> stale = new ArrayDeque<>();
    private long proposals;
    private long steps;
    private long staleFrom = Long.MAX_VALUE;

    public Workload(long seed, List<String> nodes, String domain, String runTag) {
        this(seed, nodes, domain, runTag, Optional.empty());
    }

    /**
     * With a partner, {@value #PARTNER_SHARE} % of proposals target its ledger: they are proposed here,
     * and their writs redeemed at the partner's node (a double redemption also tries one of ours, which
     * must refuse it), and revoked here.
     */
    public Workload(long seed, List<String> nodes, String domain, String runTag, Optional<Partner> partner) {
        if (nodes.size() < 2) {
            throw new IllegalArgumentException("a drill needs at least two nodes (double redemptions go via two)");
        }
        this.random = new Random(seed);
        this.nodes = List.copyOf(nodes);
        this.domain = domain;
        this.runTag = runTag;
        this.partner = partner;
    }

    public synchronized Step next() {
        int roll = random.nextInt(100);
        steps++;
        if (roll >= 40 && roll < 70 && steps >= staleFrom && !stale.isEmpty()) {
            IssuedWrit writ = stale.poll();
            return new Step.Redeem(redeemer(writ), writ);
        }
        if (roll >= 40 && roll < 70 && revoked.size() >= REVOKED_BACKLOG) {
            IssuedWrit writ = revoked.poll();
            return new Step.Redeem(redeemer(writ), writ);
        }
        if (atHand.isEmpty() || (roll < 40 && atHand.size() < MAX_AT_HAND)) {
            return new Step.Propose(node(), proposal());
        }
        IssuedWrit writ = atHand.remove(random.nextInt(atHand.size()));
        if (roll < 70) {
            return new Step.Redeem(redeemer(writ), writ);
        }
        if (roll < 85 && forPartner(writ.proposal())) {
            return new Step.DoubleRedeem(partner.orElseThrow().node(), node(), writ);
        }
        if (roll < 85) {
            int first = random.nextInt(nodes.size());
            int second = (first + 1 + random.nextInt(nodes.size() - 1)) % nodes.size();
            return new Step.DoubleRedeem(nodes.get(first), nodes.get(second), writ);
        }
        return new Step.Revoke(node(), writ);
    }

    /** An admitted proposal's writ, to be redeemed (or revoked) later. */
    public synchronized void issued(IssuedWrit writ) {
        atHand.add(writ);
    }

    /** A writ whose revocation was acknowledged: a PEP will try to redeem it later, and must be refused. */
    public synchronized void revoked(IssuedWrit writ) {
        revoked.add(writ);
    }

    /**
     * A policy change that raised the minimum writ version was executed: the writs at hand are now
     * stale, and are held back for {@value #STALE_HOLD_STEPS} steps, then redeemed.
     */
    public synchronized void policyChanged() {
        stale.addAll(atHand);
        atHand.clear();
        staleFrom = steps + STALE_HOLD_STEPS;
    }

    /** The domain an operation depends on besides the one it is sent to, if any: the drill records it. */
    public Optional<String> dependsOn(Step step) {
        if (partner.isEmpty()) {
            return Optional.empty();
        }
        if (step instanceof Step.Propose p && forPartner(p.proposal())) {
            return Optional.of(partner.get().domain());
        }
        if (step instanceof Step.Redeem r && r.node().equals(partner.get().node())) {
            return Optional.of(domain);
        }
        return Optional.empty();
    }

    private boolean forPartner(ActionProposal proposal) {
        return partner.isPresent() && proposal.getAction().getTarget().equals(partner.get().target());
    }

    /** Where a PEP redeems the writ: the partner's node for its target, else any of ours. */
    private String redeemer(IssuedWrit writ) {
        return forPartner(writ.proposal()) ? partner.orElseThrow().node() : node();
    }

    private String node() {
        return nodes.get(random.nextInt(nodes.size()));
    }

    private ActionProposal proposal() {
        long n = proposals++;
        boolean toPartner = partner.isPresent() && random.nextInt(100) < PARTNER_SHARE;
        Action action = Action.newBuilder()
                .setTarget(toPartner ? partner.get().target() : "payments-api")
                .setOperation("transfer")
                .putParameters("amount", Integer.toString(1 + random.nextInt(MAX_AMOUNT)))
                .putParameters("currency", "EUR")
                .setClassification("internal")
                .build();
        return ActionProposal.newBuilder()
                .setProposalId("drill-" + runTag + "-" + n)
                .setAgentId("spiffe://" + domain + "/agent/payments-drill-" + random.nextInt(AGENTS))
                .setAction(action)
                .setContext(ActionContext.newBuilder().setSessionId("drill-" + runTag).setRiskScore(10)
                        .setDataClassification("internal").setModelHash(ByteString.copyFrom(MODEL)))
                .build();
    }
}

package dev.writ.node.health;

import dev.writ.contracts.anchor.ChainStatus;
import dev.writ.node.NodeContext;
import dev.writ.node.admission.ApprovalEntity;
import dev.writ.node.budget.BudgetEntity;
import dev.writ.node.writs.WritEntity;
import dev.writ.node.health.HealthReport.Finding;
import dev.writ.node.policy.PolicyUnavailableException;
import dev.writ.node.revocation.RevocationSnapshot;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;
import java.util.stream.StreamSupport;
import org.apache.pekko.cluster.Member;
import org.apache.pekko.cluster.MemberStatus;
import org.apache.pekko.cluster.typed.Cluster;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Recomputes the node's health on a fixed interval (docs/architecture.md, "Health"):
 * FAILED when evidence cannot be made durable, revocations are stale, no policy can be read or
 * the node is not a cluster member; DEGRADED when the policy is served from the last good copy or
 * members are unreachable, or the chain is unhealthy (unreachable, lagging, stalled, anchoring
 * backlog; FAILED on an anchoring fork). Changes of state are logged for operators.
 */
public final class HealthMonitor implements Runnable {
    private static final Logger LOG = LoggerFactory.getLogger(HealthMonitor.class);

    private final NodeContext ctx;
    private final Supplier<Optional<ChainStatus>> chain;
    private final ShardingReadiness sharding;
    private final CertificateWatch certificates;
    /** Whether writ.cluster.min-members were once Up together: the start-up gate, never closed again. */
    private boolean formed;

    /**
     * With chain anchoring on, the chain probe's verdict joins the findings (check "chain"); the
     * certificates' validity is check "certificates".
     */
    public HealthMonitor(NodeContext ctx, Supplier<Optional<ChainStatus>> chain, CertificateWatch certificates) {
        this.ctx = ctx;
        this.chain = chain;
        this.certificates = certificates;
        this.sharding = new ShardingReadiness(ctx.system(), List.of(WritEntity.TYPE_KEY.name(),
                BudgetEntity.TYPE_KEY.name(), ApprovalEntity.TYPE_KEY.name()));
    }

    @Override
    public void run() {
        try {
            HealthReport before = ctx.health().get();
            HealthReport now = check();
            ctx.health().set(now);
            if (now.status() != before.status()) {
                LOG.info("Node {} is now {}: {}", ctx.nodeId(), now.status(), now.findings());
            }
        } catch (RuntimeException e) {
            LOG.error("Health check failed to run; the node reports FAILED until it runs again", e);
            ctx.health().set(HealthReport.of(List.of(new Finding("health", HealthStatus.FAILED, e.toString())),
                    List.of(), ctx.clock().millis()));
        }
    }

    HealthReport check() {
        List<Finding> findings = new ArrayList<>();
        long now = ctx.clock().millis();
        try {
            ctx.store().ping();
            findings.add(new Finding("journal", HealthStatus.HEALTHY, "the domain's database answers"));
        } catch (RuntimeException e) {
            findings.add(new Finding("journal", HealthStatus.FAILED, "the domain's database does not answer: " + e.getMessage()));
        }
        if (ctx.evidence().healthy()) {
            findings.add(new Finding("evidence", HealthStatus.HEALTHY, "evidence appends succeed"));
        } else {
            findings.add(new Finding("evidence", HealthStatus.FAILED, "the last evidence write failed: "
                    + ctx.evidence().lastError()));
        }
        RevocationSnapshot revocations = ctx.revocations().get();
        long bound = ctx.settings().revocationStalenessBound().toMillis();
        findings.add(revocations.isStale(now, bound)
                ? new Finding("revocations", HealthStatus.FAILED, "revocation epoch " + revocations.epoch()
                        + " not confirmed by the ledger for more than " + bound + " ms")
                : new Finding("revocations", HealthStatus.HEALTHY, "revocation epoch " + revocations.epoch()
                        + " confirmed " + (now - revocations.confirmedAtMillis()) + " ms ago"));
        try {
            var policy = ctx.policy().current();
            var problem = ctx.policy().lastError();
            findings.add(problem.isPresent()
                    ? new Finding("policy", HealthStatus.DEGRADED, "serving policy v" + policy.set().version()
                            + " from the last good copy: " + problem.get())
                    : new Finding("policy", HealthStatus.HEALTHY, "policy v" + policy.set().version() + " from "
                            + policy.epoch().getContractAddress()));
        } catch (PolicyUnavailableException e) {
            findings.add(new Finding("policy", HealthStatus.FAILED, e.getMessage()));
        }
        // The domain's own members (its data center), oldest first: the oldest hosts the domain's
        // singletons (shard coordinators, anchorer, publisher). Other domains' members are not ours to count.
        String dataCenter = Cluster.get(ctx.system()).selfMember().dataCenter();
        List<String> up = StreamSupport.stream(Cluster.get(ctx.system()).state().getMembers().spliterator(), false)
                .filter(m -> m.status() == MemberStatus.up() && m.dataCenter().equals(dataCenter))
                .sorted((a, b) -> a.isOlderThan(b) ? -1 : b.isOlderThan(a) ? 1 : 0)
                .map(m -> m.address().toString())
                .toList();
        findings.add(cluster(up.size()));
        if (formed) {
            findings.add(sharding.check(ctx.settings().clusterMinMembers()));
        }
        chain.get().ifPresent(status -> findings.addAll(chainFindings(status)));
        findings.addAll(certificates.findings(java.time.Instant.ofEpochMilli(now)));
        return HealthReport.of(findings, up, now);
    }

    /**
     * The chain's reasons as findings whose detail starts with their stable code (CHAIN_UNREACHABLE,
     * CHAIN_LAG, SEQUENCER_STALLED, ANCHOR_BACKLOG, OUTBOX_UNAVAILABLE: DEGRADED, so admission
     * escalates or refuses high-risk actions; ANCHOR_FORK and the other outbox stops: FAILED).
     */
    static List<Finding> chainFindings(ChainStatus status) {
        if (status.reasons().isEmpty()) {
            return List.of(new Finding("chain", HealthStatus.HEALTHY, "head block " + status.head().number()
                    + ", every sealed batch on its way"));
        }
        return status.reasons().stream().map(r -> new Finding("chain", HealthStatus.valueOf(r.level().name()),
                r.code() + ": " + r.detail())).toList();
    }

    private Finding cluster(int up) {
        Cluster cluster = Cluster.get(ctx.system());
        MemberStatus self = cluster.selfMember().status();
        if (self != MemberStatus.up()) {
            return new Finding("cluster", HealthStatus.FAILED, "this node is " + self + ", not an Up member");
        }
        formed = formed || up >= ctx.settings().clusterMinMembers();
        if (!formed) {
            return new Finding("cluster", HealthStatus.FAILED, "forming: " + up + " of "
                    + ctx.settings().clusterMinMembers() + " members up");
        }
        List<String> unreachable = new ArrayList<>();
        for (Member m : cluster.state().getUnreachable()) {
            unreachable.add(m.address().toString());
        }
        return unreachable.isEmpty()
                ? new Finding("cluster", HealthStatus.HEALTHY, "every member is reachable")
                : new Finding("cluster", HealthStatus.DEGRADED, "unreachable: " + String.join(", ", unreachable));
    }
}

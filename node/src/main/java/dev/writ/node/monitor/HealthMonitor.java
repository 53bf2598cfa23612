package dev.writ.node.monitor;

import dev.writ.contracts.anchor.ChainStatus;
import dev.writ.node.admission.ApprovalEntity;
import dev.writ.node.budget.BudgetEntity;
import dev.writ.node.budget.BudgetWarmUp;
import dev.writ.node.config.NodeSettings;
import dev.writ.node.config.Regions;
import dev.writ.node.evidence.EvidenceLog;
import dev.writ.node.evidence.EvidenceStore;
import dev.writ.node.health.HealthReport.Finding;
import dev.writ.node.health.HealthReport;
import dev.writ.node.health.HealthState;
import dev.writ.node.health.HealthStatus;
import dev.writ.node.policy.PolicySource;
import dev.writ.node.policy.PolicyUnavailableException;
import dev.writ.node.revocation.RevocationSnapshot;
import dev.writ.node.revocation.RevocationState;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;
import java.util.stream.StreamSupport;
import org.apache.pekko.actor.typed.ActorSystem;
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

    private final NodeSettings settings;
    private final Clock clock;
    private final HealthState health;
    private final EvidenceStore store;
    private final EvidenceLog evidence;
    private final RevocationState revocations;
    private final PolicySource policy;
    private final ActorSystem<?> system;
    private final Supplier<Optional<ChainStatus>> chain;
    private final ShardingReadiness sharding;
    private final BudgetWarmUp budgets;
    private final CertificateWatch certificates;
    /** Whether writ.cluster.min-members were once Up together: the start-up gate, never closed again. */
    private boolean formed;

    /**
     * With chain anchoring on, the chain probe's verdict joins the findings (check "chain"); the
     * certificates' validity is check "certificates".
     */
    public HealthMonitor(NodeSettings settings, Clock clock, HealthState health, EvidenceStore store, EvidenceLog evidence,
                         RevocationState revocations, PolicySource policy, ActorSystem<?> system,
                         Supplier<Optional<ChainStatus>> chain, CertificateWatch certificates, BudgetWarmUp budgets) {
        this.settings = settings;
        this.clock = clock;
        this.health = health;
        this.store = store;
        this.evidence = evidence;
        this.revocations = revocations;
        this.policy = policy;
        this.system = system;
        this.chain = chain;
        this.certificates = certificates;
        // this node's region's owners and approvals only: another region's loss never makes this node unready
        Regions regions = settings.regions();
        this.sharding = new ShardingReadiness(system, List.of(BudgetEntity.typeKey(regions, regions.self()).name(),
                ApprovalEntity.typeKey(regions, regions.self()).name()));
        this.budgets = budgets;
    }

    @Override
    public void run() {
        try {
            HealthReport before = health.get();
            HealthReport now = check();
            health.set(now);
            if (now.status() != before.status()) {
                LOG.info("Node {} is now {}: {}", settings.nodeId(), now.status(), now.findings());
            }
        } catch (RuntimeException e) {
            LOG.error("Health check failed to run; the node reports FAILED until it runs again", e);
            health.set(HealthReport.of(List.of(new Finding("health", HealthStatus.FAILED,
                            "the health check failed to run", e.toString())),
                    List.of(), clock.millis()));
        }
    }

    HealthReport check() {
        List<Finding> findings = new ArrayList<>();
        long now = clock.millis();
        try {
            store.ping();
            findings.add(new Finding(HealthReport.JOURNAL, HealthStatus.HEALTHY, "the domain's database answers"));
            // lanes that stopped at a failure read their heads again, so evidence recovers by itself
            evidence.revalidate();
        } catch (RuntimeException e) {
            findings.add(new Finding(HealthReport.JOURNAL, HealthStatus.FAILED, "the domain's database does not answer",
                    String.valueOf(e.getMessage())));
        }
        if (evidence.healthy()) {
            findings.add(new Finding(HealthReport.EVIDENCE, HealthStatus.HEALTHY, "evidence appends succeed"));
        } else {
            findings.add(new Finding(HealthReport.EVIDENCE, HealthStatus.FAILED, "the last evidence write failed",
                    evidence.lastError()));
        }
        RevocationSnapshot held = revocations.current();
        long bound = revocations.bound().toMillis();
        findings.add(held.isStale(now, bound)
                ? new Finding("revocations", HealthStatus.FAILED, "revocation epoch " + held.epoch()
                        + " not confirmed by the ledger for more than " + bound + " ms")
                : new Finding("revocations", HealthStatus.HEALTHY, "revocation epoch " + held.epoch()
                        + " confirmed " + (now - held.confirmedAtMillis()) + " ms ago"));
        try {
            var served = policy.current();
            var problem = policy.lastError();
            findings.add(problem.isPresent()
                    ? new Finding("policy", HealthStatus.DEGRADED, "serving policy v" + served.set().version()
                            + " from the last good copy: its source cannot be read", problem.get())
                    : new Finding("policy", HealthStatus.HEALTHY, "policy v" + served.set().version() + " from "
                            + served.epoch().getContractAddress()));
        } catch (PolicyUnavailableException e) {
            findings.add(new Finding("policy", HealthStatus.FAILED, "no policy can be served", String.valueOf(e.getMessage())));
        }
        // The domain's own members (its data center), oldest first: the oldest hosts the domain's
        // singletons (shard coordinators, anchorer, publisher). Other domains' members are not ours to count.
        String dataCenter = Cluster.get(system).selfMember().dataCenter();
        List<String> up = StreamSupport.stream(Cluster.get(system).state().getMembers().spliterator(), false)
                .filter(m -> m.status() == MemberStatus.up() && m.dataCenter().equals(dataCenter))
                .sorted((a, b) -> a.isOlderThan(b) ? -1 : b.isOlderThan(a) ? 1 : 0)
                .map(m -> m.address().toString())
                .toList();
        findings.add(cluster(up.size()));
        if (formed) {
            // min-members counts the whole domain; a region's types register only its own nodes, of which
            // no count is configured: there the gate is this node's own region having registered
            Finding shards = sharding.check(settings.regions().split() ? 1 : settings.clusterMinMembers());
            findings.add(shards);
            if (shards.status() == HealthStatus.HEALTHY) {
                findings.add(budgets.warm() ? new Finding("budgets", HealthStatus.HEALTHY, "a budget owner answered")
                        : new Finding("budgets", HealthStatus.FAILED, "warming up: no budget owner answered this node yet"));
            }
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
                r.code(), r.detail())).toList();
    }

    private Finding cluster(int up) {
        Cluster cluster = Cluster.get(system);
        MemberStatus self = cluster.selfMember().status();
        if (self != MemberStatus.up()) {
            return new Finding("cluster", HealthStatus.FAILED, "this node is " + self + ", not an Up member");
        }
        formed = formed || up >= settings.clusterMinMembers();
        if (!formed) {
            return new Finding("cluster", HealthStatus.FAILED, "forming: " + up + " of "
                    + settings.clusterMinMembers() + " members up");
        }
        List<String> unreachable = new ArrayList<>();
        for (Member m : cluster.state().getUnreachable()) {
            unreachable.add(m.address().toString());
        }
        return unreachable.isEmpty()
                ? new Finding("cluster", HealthStatus.HEALTHY, "every member is reachable")
                : new Finding("cluster", HealthStatus.DEGRADED, unreachable.size() + " member(s) unreachable",
                        String.join(", ", unreachable));
    }
}

package dev.writ.node.console;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.writ.node.exchange.PartnerDomains;
import dev.writ.node.health.HealthPeer;
import dev.writ.node.health.HealthReport;
import dev.writ.node.health.HealthState;
import dev.writ.protocol.wire.DomainContinuity;
import java.util.List;
import java.util.function.Supplier;
import java.util.stream.StreamSupport;
import org.apache.pekko.cluster.typed.Cluster;

/**
 * The fabric as this node sees it: its own health with every reason, the cluster's members by
 * domain (Pekko data center) and status, each member of this domain with the health it answered
 * ({@link DomainHealth}'s last round, or that it did not answer), and each partner domain's
 * continuity (verdict, beacon age, epochs). Read from memory: nothing here blocks.
 */
final class FabricView {
    /** One cluster member as Pekko reports it. */
    record Member(String address, String domain, String status, boolean reachable) {
    }

    /** The cluster's members now, each with its data center (domain) and whether it is reachable. */
    static Supplier<List<Member>> members(Cluster cluster) {
        return () -> StreamSupport.stream(cluster.state().getMembers().spliterator(), false)
                .map(m -> new Member(m.address().toString(), m.dataCenter(), m.status().toString(),
                        !cluster.state().getUnreachable().contains(m)))
                .toList();
    }

    private final String nodeId;
    private final String domain;
    private final HealthState health;
    private final PartnerDomains partners;
    private final Supplier<List<Member>> members;
    private final Supplier<DomainHealth.Round> domainHealth;

    FabricView(String nodeId, String domain, HealthState health, PartnerDomains partners,
               Supplier<List<Member>> members, Supplier<DomainHealth.Round> domainHealth) {
        this.nodeId = nodeId;
        this.domain = domain;
        this.health = health;
        this.partners = partners;
        this.members = members;
        this.domainHealth = domainHealth;
    }

    ObjectNode now() {
        HealthReport report = health.get();
        ObjectNode fabric = ConsoleJson.object().put("nodeId", nodeId).put("domain", domain)
                .put("status", report.status().name()).put("checkedAtMillis", report.checkedAtMillis());
        ArrayNode reasons = fabric.putArray("reasons");
        for (HealthReport.Finding f : report.findings()) {
            reasons.addObject().put("check", f.check()).put("status", f.status().name()).put("detail", f.detail());
        }
        ArrayNode nodes = fabric.putArray("members");
        DomainHealth.Round round = domainHealth.get();
        fabric.put("healthAskedAtMillis", round.askedAtMillis());
        for (Member m : members.get()) {
            ObjectNode node = nodes.addObject().put("address", m.address()).put("domain", m.domain())
                    .put("status", m.status()).put("reachable", m.reachable());
            if (m.domain().equals(domain)) {
                health(node.putObject("health"), DomainHealth.seen(m, round));
            }
        }
        ArrayNode domains = fabric.putArray("partners");
        for (DomainContinuity c : partners.continuity()) {
            domains.add(ConsoleJson.of(c));
        }
        return fabric;
    }

    /** A member's health: its answer with every reason, or why there is none ("no answer", "unreachable"). */
    static void health(ObjectNode o, DomainHealth.Seen seen) {
        if (seen instanceof DomainHealth.Seen.Answered a) {
            o.put("nodeId", a.answer().nodeId()).put("status", a.answer().status().name())
                    .put("checkedAtMillis", a.answer().checkedAtMillis());
            ArrayNode reasons = o.putArray("reasons");
            for (HealthPeer.Reason r : a.answer().reasons()) {
                reasons.addObject().put("check", r.check()).put("status", r.status().name()).put("detail", r.detail());
            }
        } else if (seen instanceof DomainHealth.Seen.NotAsked n) {
            o.put("status", "NOT_ASKED").put("detail", n.why());
        } else {
            o.put("status", "NO_ANSWER").put("detail", "no answer");
        }
    }
}

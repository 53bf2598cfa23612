package dev.writ.node.console;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.writ.node.exchange.PartnerDomains;
import dev.writ.node.health.HealthReport;
import dev.writ.node.health.HealthState;
import dev.writ.protocol.wire.DomainContinuity;
import java.util.List;
import java.util.function.Supplier;

/**
 * The fabric as this node sees it: its own health with every reason, the cluster's members by
 * domain (Pekko data center) and status, and each partner domain's continuity (verdict, beacon
 * age, epochs). Read from memory: nothing here blocks.
 */
final class FabricView {
    /** One cluster member as Pekko reports it. */
    record Member(String address, String domain, String status, boolean reachable) {
    }

    private final String nodeId;
    private final String domain;
    private final HealthState health;
    private final PartnerDomains partners;
    private final Supplier<List<Member>> members;

    FabricView(String nodeId, String domain, HealthState health, PartnerDomains partners,
               Supplier<List<Member>> members) {
        this.nodeId = nodeId;
        this.domain = domain;
        this.health = health;
        this.partners = partners;
        this.members = members;
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
        for (Member m : members.get()) {
            nodes.addObject().put("address", m.address()).put("domain", m.domain()).put("status", m.status())
                    .put("reachable", m.reachable());
        }
        ArrayNode domains = fabric.putArray("partners");
        for (DomainContinuity c : partners.continuity()) {
            domains.add(ConsoleJson.of(c));
        }
        return fabric;
    }
}

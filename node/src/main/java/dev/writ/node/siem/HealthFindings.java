package dev.writ.node.siem;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.writ.node.health.HealthReport;
import dev.writ.node.health.HealthStatus;
import java.util.Optional;

/**
 * The node's health changes as OCSF 1.3.0 "Detection Finding" (2004) events: leaving HEALTHY opens
 * a finding (Create, New), a change between DEGRADED and FAILED updates it (Update, In Progress),
 * HEALTHY again closes it (Close, Resolved). One finding per episode, its uid the node and the time
 * the episode began. Health is not evidence: these events are best effort (docs/siem.md).
 */
final class HealthFindings {
    static final int DETECTION_FINDING = 2004;
    private static final int FINDINGS_CATEGORY = 2;

    private final String domain;
    private final String nodeId;
    private HealthStatus last = HealthStatus.HEALTHY;
    private String episode;

    HealthFindings(String domain, String nodeId) {
        this.domain = domain;
        this.nodeId = nodeId;
    }

    /** The event for {@code report} when its status differs from the last one seen, else empty. */
    Optional<ObjectNode> observe(HealthReport report, long nowMillis) {
        HealthStatus status = report.status();
        if (status == last) {
            return Optional.empty();
        }
        HealthStatus before = last;
        last = status;
        // Detection Finding's activity_id and status_id: Create/New, Update/In Progress, Close/Resolved
        OcsfEvents.Coded activity;
        OcsfEvents.Coded findingStatus;
        if (before == HealthStatus.HEALTHY) {
            episode = nodeId + "@" + nowMillis;
            activity = new OcsfEvents.Coded(1, "Create");
            findingStatus = new OcsfEvents.Coded(1, "New");
        } else if (status == HealthStatus.HEALTHY) {
            activity = new OcsfEvents.Coded(3, "Close");
            findingStatus = new OcsfEvents.Coded(4, "Resolved");
        } else {
            activity = new OcsfEvents.Coded(2, "Update");
            findingStatus = new OcsfEvents.Coded(2, "In Progress");
        }
        ObjectNode event = JsonNodeFactory.instance.objectNode();
        OcsfEvents.Coded severity = switch (status) {
            case HEALTHY -> OcsfEvents.INFORMATIONAL;
            case DEGRADED -> OcsfEvents.MEDIUM;
            case FAILED -> OcsfEvents.HIGH;
        };
        String detail = status == HealthStatus.HEALTHY ? "every check passes" : describe(report);
        event.put("class_uid", DETECTION_FINDING).put("class_name", "Detection Finding")
                .put("category_uid", FINDINGS_CATEGORY).put("category_name", "Findings")
                .put("activity_id", activity.id()).put("activity_name", activity.caption())
                .put("type_uid", (long) DETECTION_FINDING * 100 + activity.id())
                .put("type_name", "Detection Finding: " + activity.caption())
                .put("time", nowMillis)
                .put("severity_id", severity.id()).put("severity", severity.caption())
                .put("status_id", findingStatus.id()).put("status", findingStatus.caption())
                .put("message", "node " + nodeId + " of " + domain + " is " + status + " (was " + before + "): " + detail);
        event.putObject("finding_info").put("uid", episode).put("title", "Writ node " + nodeId + " is not HEALTHY")
                .put("desc", detail);
        OcsfEvents.metadata(event, episode + "/" + nowMillis + "/" + status).put("log_name", "health");
        event.putObject("unmapped").putObject("writ").put("domain", domain).put("node_id", nodeId)
                .put("health", status.name()).put("previous", before.name());
        return Optional.of(event);
    }

    private static String describe(HealthReport report) {
        StringBuilder text = new StringBuilder();
        for (HealthReport.Finding f : report.findings()) {
            if (f.status() != HealthStatus.HEALTHY) {
                text.append(text.length() == 0 ? "" : "; ").append(f.check()).append(": ").append(f.detail());
            }
        }
        return text.length() == 0 ? report.status().name() : text.toString();
    }
}

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
        int activity;
        String activityName;
        int findingStatus;
        String findingStatusName;
        if (before == HealthStatus.HEALTHY) {
            episode = nodeId + "@" + nowMillis;
            activity = 1;
            activityName = "Create";
            findingStatus = 1;
            findingStatusName = "New";
        } else if (status == HealthStatus.HEALTHY) {
            activity = 3;
            activityName = "Close";
            findingStatus = 4;
            findingStatusName = "Resolved";
        } else {
            activity = 2;
            activityName = "Update";
            findingStatus = 2;
            findingStatusName = "In Progress";
        }
        ObjectNode event = JsonNodeFactory.instance.objectNode();
        int severity = switch (status) {
            case HEALTHY -> 1;
            case DEGRADED -> 3;
            case FAILED -> 4;
        };
        String detail = status == HealthStatus.HEALTHY ? "every check passes" : describe(report);
        event.put("class_uid", DETECTION_FINDING).put("class_name", "Detection Finding")
                .put("category_uid", FINDINGS_CATEGORY).put("category_name", "Findings")
                .put("activity_id", activity).put("activity_name", activityName)
                .put("type_uid", (long) DETECTION_FINDING * 100 + activity)
                .put("type_name", "Detection Finding: " + activityName)
                .put("time", nowMillis)
                .put("severity_id", severity).put("severity", severity == 1 ? "Informational" : severity == 3 ? "Medium" : "High")
                .put("status_id", findingStatus).put("status", findingStatusName)
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

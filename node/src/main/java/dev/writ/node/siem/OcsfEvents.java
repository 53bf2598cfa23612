package dev.writ.node.siem;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.google.protobuf.InvalidProtocolBufferException;
import dev.writ.node.evidence.StoredRecord;
import dev.writ.protocol.wire.DecisionRecord;
import dev.writ.protocol.wire.Reason;
import dev.writ.protocol.wire.RedemptionReceipt;
import dev.writ.protocol.wire.RefusalRecord;
import dev.writ.protocol.wire.RevocationEntry;
import java.util.HexFormat;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * Evidence records as OCSF 1.3.0 "API Activity" (6003) events (docs/siem.md has the mapping table
 * and why this class). Pure: the record and its payload in, one JSON object out. Every event names
 * the signed record it comes from: {@code metadata.uid} is the record hash (hex), {@code
 * metadata.log_name} and {@code metadata.sequence} its lane and seq, {@code metadata.correlation_uid}
 * its story; a SIEM dedupes on {@code metadata.uid}, an auditor finds the record by lane and seq.
 */
final class OcsfEvents {
    static final String VERSION = "1.3.0";
    static final int API_ACTIVITY = 6003;
    private static final int APPLICATION_CATEGORY = 6;
    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

    /** One value of an OCSF enum attribute: its id and caption, e.g. status_id 1 "Success". */
    record Coded(int id, String caption) {
    }

    // status_id (base event)
    static final Coded UNKNOWN = new Coded(0, "Unknown");
    static final Coded SUCCESS = new Coded(1, "Success");
    static final Coded FAILURE = new Coded(2, "Failure");
    static final Coded OTHER = new Coded(99, "Other");
    // severity_id (base event)
    static final Coded INFORMATIONAL = new Coded(1, "Informational");
    static final Coded LOW = new Coded(2, "Low");
    static final Coded MEDIUM = new Coded(3, "Medium");
    static final Coded HIGH = new Coded(4, "High");
    // API Activity's activity_id: Create, Update, Delete, and Other for a refusal (no CRUD verb fits)
    private static final Coded CREATE = new Coded(1, "Create");
    private static final Coded UPDATE = new Coded(3, "Update");
    private static final Coded DELETE = new Coded(4, "Delete");

    private OcsfEvents() {
    }

    /** The event for {@code stored}, or empty for the kinds not exported (docs/siem.md, what is not exported). */
    static Optional<ObjectNode> of(StoredRecord stored) {
        try {
            return Optional.ofNullable(switch (stored.kind()) {
                case DECISION -> decision(stored, DecisionRecord.parseFrom(stored.payload()));
                case REFUSAL -> refusal(stored, RefusalRecord.parseFrom(stored.payload()));
                case REDEMPTION -> redemption(stored, RedemptionReceipt.parseFrom(stored.payload()));
                case REVOCATION -> revocation(stored, RevocationEntry.parseFrom(stored.payload()));
                default -> null;
            });
        } catch (InvalidProtocolBufferException e) {
            // The payload's hash is signed in the record; one that does not parse is still exported, so
            // the SIEM sees that the record exists, with what the signed body says.
            ObjectNode event = base(stored, OTHER, stored.kind().name().toLowerCase(), UNKNOWN,
                    HIGH, "the payload of " + stored.kind() + " " + stored.subject() + " cannot be read");
            nodeAsActor(event, stored.nodeId());
            event.put("status_detail", "unreadable payload: " + e.getMessage());
            return Optional.of(event);
        }
    }

    private static ObjectNode decision(StoredRecord stored, DecisionRecord d) {
        Coded status = switch (d.getDecision()) {
            case ALLOW -> SUCCESS;
            case DENY -> FAILURE;
            case ESCALATE -> OTHER;
            default -> UNKNOWN;
        };
        Coded severity = switch (d.getDecision()) {
            case ALLOW -> INFORMATIONAL;
            case ESCALATE -> LOW;
            default -> MEDIUM;
        };
        ObjectNode event = base(stored, CREATE, "propose", status, severity,
                d.getDecision() + " of proposal " + d.getProposalId() + " by " + d.getAgentId());
        agent(event, d.getAgentId());
        resource(event, "proposal", d.getProposalId());
        event.put("status_code", d.getDecision().name());
        if (d.getReasonsCount() > 0) {
            event.put("status_detail", d.getReasonsList().stream().map(Reason::getCode).collect(Collectors.joining(",")));
        }
        return event;
    }

    private static ObjectNode refusal(StoredRecord stored, RefusalRecord r) {
        ObjectNode event = base(stored, OTHER, "refuse", FAILURE, MEDIUM,
                r.getCode() + " refused " + (r.getSubject().isEmpty() ? "a request" : r.getSubject()));
        // A refusal's record holds the request's hash, not who sent it: the node is the actor that refused.
        nodeAsActor(event, r.getNodeId());
        if (!r.getSubject().isEmpty()) {
            resource(event, "request", r.getSubject());
        }
        event.put("status_code", r.getCode());
        event.put("status_detail", r.getDetail());
        return event;
    }

    private static ObjectNode redemption(StoredRecord stored, RedemptionReceipt r) {
        ObjectNode event = base(stored, UPDATE, "redeem", SUCCESS, INFORMATIONAL,
                "writ " + r.getJti() + " redeemed by " + r.getPepId());
        event.putObject("actor").putObject("user").put("uid", r.getPepId()).put("type", "Other").put("type_id", 99);
        event.putObject("src_endpoint").put("svc_name", "pep").put("name", r.getPepId());
        resource(event, "writ", r.getJti());
        return event;
    }

    private static ObjectNode revocation(StoredRecord stored, RevocationEntry r) {
        ObjectNode event = base(stored, DELETE, "revoke", SUCCESS, MEDIUM,
                r.getKind() + " " + r.getSubject() + " revoked at epoch " + r.getEpoch());
        event.putObject("actor").putObject("user").put("uid", r.getIssuer()).put("type", "Admin").put("type_id", 2);
        event.putObject("src_endpoint").put("svc_name", "operator").put("name", r.getIssuer());
        resource(event, r.getKind().name().toLowerCase(), r.getSubject());
        event.put("status_detail", r.getReason());
        return event;
    }

    /** The agent as actor and source: the evidence holds its SPIFFE id, not its network address. */
    private static void agent(ObjectNode event, String agentId) {
        event.putObject("actor").putObject("user").put("uid", agentId).put("type", "Other").put("type_id", 99);
        event.putObject("src_endpoint").put("svc_name", "agent").put("name", agentId);
    }

    /** The node itself as actor and source, when the record names no one else. */
    private static void nodeAsActor(ObjectNode event, String nodeId) {
        event.putObject("actor").put("app_name", "writ").put("app_uid", nodeId);
        event.putObject("src_endpoint").put("svc_name", "writ").put("name", nodeId);
    }

    private static void resource(ObjectNode event, String type, String uid) {
        event.putArray("resources").addObject().put("type", type).put("uid", uid);
    }

    private static ObjectNode base(StoredRecord stored, Coded activity, String operation, Coded status,
                                   Coded severity, String message) {
        ObjectNode event = JSON.objectNode();
        event.put("class_uid", API_ACTIVITY).put("class_name", "API Activity")
                .put("category_uid", APPLICATION_CATEGORY).put("category_name", "Application Activity")
                .put("activity_id", activity.id()).put("activity_name", activity.caption())
                .put("type_uid", (long) API_ACTIVITY * 100 + activity.id())
                .put("type_name", "API Activity: " + activity.caption())
                .put("time", stored.timeMillis())
                .put("severity_id", severity.id()).put("severity", severity.caption())
                .put("status_id", status.id()).put("status", status.caption())
                .put("message", message);
        ObjectNode api = event.putObject("api").put("operation", operation);
        api.putObject("service").put("name", "writ");
        event.putObject("dst_endpoint").put("svc_name", "writ").put("name", stored.nodeId());
        metadata(event, HexFormat.of().formatHex(stored.record().hash()))
                .put("log_name", stored.lane())
                .put("sequence", stored.seq())
                .put("correlation_uid", stored.story());
        event.putObject("unmapped").putObject("writ")
                .put("domain", stored.domain())
                .put("lane", stored.lane())
                .put("seq", stored.seq())
                .put("record_hash", HexFormat.of().formatHex(stored.record().hash()))
                .put("kind", stored.kind().name())
                .put("subject", stored.subject())
                .put("node_id", stored.nodeId());
        return event;
    }

    /** OCSF metadata every Writ event carries: schema version, product, the event's unique id. */
    static ObjectNode metadata(ObjectNode event, String uid) {
        ObjectNode metadata = event.putObject("metadata").put("version", VERSION).put("uid", uid);
        metadata.putObject("product").put("name", "Writ").put("vendor_name", "Writ");
        return metadata;
    }
}

package dev.writ.node.siem;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.writ.node.evidence.StoredRecord;
import dev.writ.node.health.HealthReport;
import dev.writ.node.health.HealthReport.Finding;
import dev.writ.node.health.HealthStatus;
import dev.writ.protocol.crypto.Hashes;
import dev.writ.protocol.crypto.SigningKey;
import dev.writ.protocol.evidence.ChainHead;
import dev.writ.protocol.evidence.EvidenceRecords;
import dev.writ.protocol.evidence.VerifiedRecord;
import dev.writ.protocol.wire.DecisionRecord;
import dev.writ.protocol.wire.DecisionRecord.Decision;
import dev.writ.protocol.wire.EvidenceKind;
import dev.writ.protocol.wire.Reason;
import dev.writ.protocol.wire.RedemptionReceipt;
import dev.writ.protocol.wire.RefusalRecord;
import dev.writ.protocol.wire.RevocationEntry;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** Each exported kind becomes an event of its OCSF class that names its signed record; the validator bites. */
class OcsfEventsTest {
    private static final SigningKey KEY = SigningKey.generate();
    private static final OcsfSchema SCHEMA = OcsfSchema.load();
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void everyExportedKindIsAValidApiActivityNamingItsRecord() throws Exception {
        List<StoredRecord> records = List.of(
                record(EvidenceKind.DECISION, 0, "p-1", decision(Decision.ALLOW).toByteArray()),
                record(EvidenceKind.DECISION, 1, "p-2", decision(Decision.DENY).toByteArray()),
                record(EvidenceKind.DECISION, 2, "p-3", decision(Decision.ESCALATE).toByteArray()),
                record(EvidenceKind.REFUSAL, 3, "jti-1", RefusalRecord.newBuilder().setDomain("acme").setSubject("jti-1")
                        .setCode("REPLAYED").setDetail("redeemed by node-b").setNodeId("node-a").build().toByteArray()),
                record(EvidenceKind.REFUSAL, 4, "", RefusalRecord.newBuilder().setDomain("acme").setCode("BAD_REQUEST")
                        .setDetail("no body").setNodeId("node-a").build().toByteArray()),
                record(EvidenceKind.REDEMPTION, 5, "jti-2", RedemptionReceipt.newBuilder().setDomain("acme").setJti("jti-2")
                        .setPepId("pep-1").setNodeId("node-a").build().toByteArray()),
                record(EvidenceKind.REVOCATION, 6, "spiffe://acme/agent/x", RevocationEntry.newBuilder().setDomain("acme")
                        .setEpoch(3).setKind(RevocationEntry.Kind.AGENT).setSubject("spiffe://acme/agent/x")
                        .setReason("compromised").setIssuer("operator-1").build().toByteArray()),
                record(EvidenceKind.REDEMPTION, 7, "jti-3", new byte[] {(byte) 0xff, 0x01}));
        for (StoredRecord r : records) {
            JsonNode event = JSON.readTree(OcsfEvents.of(r).orElseThrow().toString());
            assertThat(SCHEMA.violations(event)).as(r + " conforms to OCSF " + SCHEMA.version()).isEmpty();
            assertThat(event.get("class_uid").asInt()).isEqualTo(OcsfEvents.API_ACTIVITY);
            assertThat(event.at("/metadata/uid").asText()).isEqualTo(HexFormat.of().formatHex(r.record().hash()));
            assertThat(event.at("/metadata/log_name").asText()).isEqualTo(r.lane());
            assertThat(event.at("/metadata/sequence").asLong()).isEqualTo(r.seq());
            assertThat(event.at("/unmapped/writ/kind").asText()).isEqualTo(r.kind().name());
        }
        JsonNode allow = JSON.readTree(OcsfEvents.of(records.get(0)).orElseThrow().toString());
        assertThat(allow.get("status_id").asInt()).isEqualTo(1);
        assertThat(allow.at("/actor/user/uid").asText()).isEqualTo("spiffe://acme/agent/payments");
        JsonNode deny = JSON.readTree(OcsfEvents.of(records.get(1)).orElseThrow().toString());
        assertThat(deny.get("status_id").asInt()).isEqualTo(2);
        assertThat(deny.get("status_detail").asText()).isEqualTo("AMOUNT_ABOVE_LIMIT");
        JsonNode replayed = JSON.readTree(OcsfEvents.of(records.get(3)).orElseThrow().toString());
        assertThat(replayed.get("status_code").asText()).isEqualTo("REPLAYED");
        JsonNode unreadable = JSON.readTree(OcsfEvents.of(records.get(7)).orElseThrow().toString());
        assertThat(unreadable.get("status_id").asInt()).as("an unreadable payload is exported as such").isZero();
    }

    @Test
    void kindsOutsideTheMappingAreNotExported() {
        for (EvidenceKind kind : List.of(EvidenceKind.PROPOSAL, EvidenceKind.ISSUANCE, EvidenceKind.EXPIRY,
                EvidenceKind.OUTCOME, EvidenceKind.APPROVAL, EvidenceKind.CERTIFICATE)) {
            assertThat(OcsfEvents.of(record(kind, 0, "s", new byte[] {1}))).as(kind.name()).isEmpty();
        }
    }

    @Test
    void healthEpisodesAreValidDetectionFindingsOpenedUpdatedAndClosed() throws Exception {
        HealthFindings findings = new HealthFindings("acme", "node-a");
        assertThat(findings.observe(report(HealthStatus.HEALTHY), 1)).as("no change, no event").isEmpty();
        List<Optional<ObjectNode>> events = List.of(findings.observe(report(HealthStatus.DEGRADED), 2),
                findings.observe(report(HealthStatus.DEGRADED), 3), findings.observe(report(HealthStatus.FAILED), 4),
                findings.observe(report(HealthStatus.HEALTHY), 5));
        assertThat(events.get(1)).isEmpty();
        List<JsonNode> sent = events.stream().flatMap(Optional::stream).map(e -> read(e.toString())).toList();
        assertThat(sent).extracting(e -> e.get("activity_id").asInt()).containsExactly(1, 2, 3);
        assertThat(sent).extracting(e -> e.get("status_id").asInt()).containsExactly(1, 2, 4);
        assertThat(sent).extracting(e -> e.at("/finding_info/uid").asText()).as("one finding per episode")
                .containsOnly("node-a@2");
        for (JsonNode e : sent) {
            assertThat(SCHEMA.violations(e)).as(e.toString()).isEmpty();
        }
    }

    @Test
    void theValidatorRefusesAMissingRequiredAttributeAWrongTypeAnUnknownEnumAndAnUnknownField() throws Exception {
        ObjectNode event = OcsfEvents.of(record(EvidenceKind.DECISION, 0, "p-1", decision(Decision.ALLOW).toByteArray()))
                .orElseThrow();
        ObjectNode noApi = event.deepCopy();
        noApi.remove("api");
        ObjectNode textTime = event.deepCopy().put("time", "yesterday");
        ObjectNode badSeverity = event.deepCopy().put("severity_id", 7);
        ObjectNode extra = event.deepCopy().put("verdict", "ok");
        ObjectNode noProductVendor = event.deepCopy();
        ((ObjectNode) noProductVendor.get("metadata").get("product")).remove("vendor_name");
        ObjectNode wrongType = event.deepCopy().put("type_uid", 600399);
        assertThat(SCHEMA.violations(read(noApi.toString()))).contains("api is required");
        assertThat(SCHEMA.violations(read(textTime.toString()))).contains("time must be a long");
        assertThat(SCHEMA.violations(read(badSeverity.toString()))).singleElement().asString().startsWith("severity_id = 7");
        assertThat(SCHEMA.violations(read(extra.toString()))).contains("verdict is not an attribute of this class or object");
        assertThat(SCHEMA.violations(read(noProductVendor.toString()))).contains("metadata.product.vendor_name is required");
        assertThat(SCHEMA.violations(read(wrongType.toString()))).singleElement().asString().startsWith("type_uid");
    }

    private static JsonNode read(String text) {
        try {
            return JSON.readTree(text);
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    private static HealthReport report(HealthStatus status) {
        return HealthReport.of(List.of(new Finding("chain", status, "chain " + status)), List.of("node-a"), 0);
    }

    private static DecisionRecord decision(Decision decision) {
        DecisionRecord.Builder d = DecisionRecord.newBuilder().setDomain("acme").setProposalId("p-1")
                .setAgentId("spiffe://acme/agent/payments").setDecision(decision).setNodeId("node-a");
        if (decision == Decision.DENY) {
            d.addReasons(Reason.newBuilder().setCode("AMOUNT_ABOVE_LIMIT").setDetail("over 1000"));
        }
        return d.build();
    }

    private static StoredRecord record(EvidenceKind kind, long seq, String subject, byte[] payload) {
        ChainHead head = new ChainHead("acme", "node-a-0", seq, new byte[32]);
        VerifiedRecord sealed = EvidenceRecords.seal(KEY, "node-a", head, kind, subject, Hashes.sha256(payload), 1_000 + seq);
        return new StoredRecord(sealed, payload, subject);
    }
}

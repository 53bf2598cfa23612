package dev.writ.node.console;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.MessageOrBuilder;
import com.google.protobuf.util.JsonFormat;
import dev.writ.node.evidence.StoredRecord;
import java.util.Base64;
import java.util.HexFormat;

/** The console's JSON: Jackson trees, protobuf messages in their canonical JSON, records with their position and signature. */
final class ConsoleJson {
    static final ObjectMapper MAPPER = new ObjectMapper();
    private static final JsonFormat.Printer PRINTER = JsonFormat.printer().omittingInsignificantWhitespace();

    private ConsoleJson() {
    }

    static ObjectNode object() {
        return MAPPER.createObjectNode();
    }

    static JsonNode of(MessageOrBuilder message) {
        try {
            return MAPPER.readTree(text(message));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot render " + message.getClass().getSimpleName() + " as JSON", e);
        }
    }

    /** A message in the API's own JSON form (what `writ bundle` writes and `writ verify` reads). */
    static String text(MessageOrBuilder message) {
        try {
            return PRINTER.print(message);
        } catch (InvalidProtocolBufferException e) {
            throw new IllegalStateException("cannot render " + message.getClass().getSimpleName() + " as JSON", e);
        }
    }

    static String hex(byte[] bytes) {
        return HexFormat.of().formatHex(bytes);
    }

    /** A record as the lineage and feeds show it: kind, subject, who wrote it, where it sits, its hash and signature. */
    static ObjectNode record(StoredRecord r) {
        ObjectNode o = object()
                .put("kind", r.kind().name())
                .put("subject", r.subject())
                .put("nodeId", r.nodeId())
                .put("timeMillis", r.timeMillis())
                .put("lane", r.lane())
                .put("seq", r.seq())
                .put("hash", hex(r.record().hash()))
                .put("signature", Base64.getEncoder().encodeToString(r.record().record().getSignature().toByteArray()));
        o.put("keyId", hex(r.record().body().getKeyId().toByteArray()));
        return o;
    }
}

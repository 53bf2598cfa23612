package dev.writ.node.siem;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * A validator of events against the subset of OCSF 1.3.0 the export uses
 * ({@code ocsf/ocsf-1.3.0-subset.json}, extracted from the official schema at that tag): every
 * required attribute present, every attribute the schema knows of its type, every enum attribute
 * one of its values, objects' "at least one" constraints, and the class's own uid, category and
 * type_uid. Answers the violations, empty when the event conforms.
 */
final class OcsfSchema {
    private static final String RESOURCE = "/ocsf/ocsf-1.3.0-subset.json";
    private final JsonNode schema;

    private OcsfSchema(JsonNode schema) {
        this.schema = schema;
    }

    static OcsfSchema load() {
        try (InputStream in = OcsfSchema.class.getResourceAsStream(RESOURCE)) {
            return new OcsfSchema(new ObjectMapper().readTree(in));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    String version() {
        return schema.get("ocsf_version").asText();
    }

    List<String> violations(JsonNode event) {
        List<String> found = new ArrayList<>();
        JsonNode classUid = event.get("class_uid");
        JsonNode definition = classUid == null ? null : schema.get("classes").get(classUid.asText());
        if (definition == null) {
            found.add("class_uid " + classUid + " is not one of the classes " + schema.get("classes").fieldNames());
            return found;
        }
        if (event.path("category_uid").asInt(-1) != definition.get("category_uid").asInt()) {
            found.add("category_uid " + event.get("category_uid") + " is not " + definition.get("category_uid"));
        }
        long typeUid = classUid.asLong() * 100 + event.path("activity_id").asLong();
        if (event.path("type_uid").asLong(-1) != typeUid) {
            found.add("type_uid " + event.get("type_uid") + " is not class_uid * 100 + activity_id = " + typeUid);
        }
        if (!event.path("metadata").path("version").asText().equals(version())) {
            found.add("metadata.version is not " + version());
        }
        check("", event, definition.get("attributes"), found);
        return found;
    }

    private void check(String where, JsonNode value, JsonNode attributes, List<String> found) {
        for (Iterator<Map.Entry<String, JsonNode>> it = attributes.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            String name = where + e.getKey();
            JsonNode attribute = e.getValue();
            JsonNode present = value.get(e.getKey());
            if (present == null || present.isNull()) {
                if (attribute.get("requirement").asText().equals("required")) {
                    found.add(name + " is required");
                }
                continue;
            }
            if (attribute.get("is_array").asBoolean()) {
                if (!present.isArray()) {
                    found.add(name + " must be an array");
                    continue;
                }
                for (JsonNode element : present) {
                    checkValue(name + "[]", element, attribute, found);
                }
            } else {
                checkValue(name, present, attribute, found);
            }
        }
        for (Iterator<String> it = value.fieldNames(); it.hasNext(); ) {
            String field = it.next();
            if (!attributes.has(field)) {
                found.add(where + field + " is not an attribute of this class or object");
            }
        }
    }

    private void checkValue(String name, JsonNode present, JsonNode attribute, List<String> found) {
        String type = attribute.get("base_type").asText();
        JsonNode object = schema.get("objects").get(type);
        switch (type) {
            case "string_t" -> require(present.isTextual(), name + " must be a string", found);
            case "integer_t" -> require(present.isInt(), name + " must be an integer", found);
            case "long_t" -> require(present.isIntegralNumber(), name + " must be a long", found);
            case "boolean_t" -> require(present.isBoolean(), name + " must be a boolean", found);
            case "json_t" -> { }
            case "object" -> require(present.isObject(), name + " must be an object", found);
            default -> {
                if (object == null) {
                    if (present.isObject()) {
                        found.add(name + " is an object of type " + type + ", outside the subset");
                    }
                    return;
                }
                if (!present.isObject()) {
                    found.add(name + " must be an object (" + type + ")");
                    return;
                }
                check(name + ".", present, object.get("attributes"), found);
                atLeastOne(name, present, object, found);
            }
        }
        JsonNode values = attribute.get("enum");
        if (values != null && !name.equals("class_uid") && !name.equals("category_uid")) {
            boolean listed = false;
            for (JsonNode v : values) {
                listed |= v.asInt() == present.asInt();
            }
            require(listed, name + " = " + present + " is not one of " + values, found);
        }
    }

    private static void atLeastOne(String name, JsonNode present, JsonNode object, List<String> found) {
        JsonNode names = object.path("constraints").path("at_least_one");
        if (names.isMissingNode() || names.isEmpty()) {
            return;
        }
        for (JsonNode n : names) {
            if (present.has(n.asText())) {
                return;
            }
        }
        found.add(name + " needs at least one of " + names);
    }

    private static void require(boolean holds, String violation, List<String> found) {
        if (!holds) {
            found.add(violation);
        }
    }
}

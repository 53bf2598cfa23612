package dev.writ.node.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import com.networknt.schema.Error;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.dialect.Dialects;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The node's OpenAPI document as a contract a response is held to: the response its operation
 * declares for the status (or {@code default}), the media type, and for JSON the body against the
 * declared schema, checked by a JSON Schema validator in its OpenAPI 3.0 dialect (so {@code nullable},
 * {@code example} and the like mean what OpenAPI says). The schemas are read where they stand in the
 * document, so their {@code $ref}s resolve against it.
 */
final class OpenApiContract {
    /** The document on the classpath: the very bytes the node serves at /v1/openapi.yaml. */
    static final String RESOURCE = "writ/openapi.yaml";
    private static final String LOCATION = "classpath:" + RESOURCE;

    private final JsonNode document;
    private final SchemaRegistry registry = SchemaRegistry.withDialect(Dialects.getOpenApi30());
    private final ObjectMapper json = new ObjectMapper();

    OpenApiContract() {
        try {
            document = new YAMLMapper().readTree(text());
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(RESOURCE + " is not YAML", e);
        }
    }

    static String text() {
        try (InputStream in = OpenApiContract.class.getClassLoader().getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException(RESOURCE + " is missing from the classpath");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * How a response departs from the document; empty when it conforms. {@code path} is the
     * document's path template (e.g. {@code /v1/writs/{jti}}), {@code contentType} the response's header.
     */
    List<String> violations(String path, String method, int status, String contentType, String body) {
        String operationPointer = "/paths/" + escape(path) + "/" + method.toLowerCase(Locale.ROOT);
        JsonNode responses = document.at(operationPointer + "/responses");
        if (responses.isMissingNode()) {
            return List.of(method + " " + path + " is not an operation of the document");
        }
        String declared = responses.has(String.valueOf(status)) ? String.valueOf(status) : "default";
        if (!responses.has(declared)) {
            return List.of(method + " " + path + " answered " + status + ", which the document does not declare (it declares "
                    + fieldNames(responses) + ")");
        }
        String responsePointer = operationPointer + "/responses/" + escape(declared);
        JsonNode response = responses.get(declared);
        if (response.has("$ref")) {
            responsePointer = response.get("$ref").asText().substring(1);
            response = document.at(responsePointer);
        }
        String mediaType = contentType.split(";", 2)[0].strip().toLowerCase(Locale.ROOT);
        JsonNode content = response.path("content");
        if (!content.has(mediaType)) {
            return List.of(method + " " + path + " " + status + " answered " + mediaType + ", the document declares "
                    + fieldNames(content));
        }
        JsonNode schema = content.get(mediaType).path("schema");
        if (schema.isMissingNode() || !mediaType.endsWith("json")) {
            return List.of();
        }
        JsonNode instance;
        try {
            instance = json.readTree(body);
        } catch (JsonProcessingException e) {
            return List.of(method + " " + path + " " + status + " answered " + mediaType + " that is not JSON: " + body);
        }
        // The schema where it stands in the document (its pointer in the location's fragment), so that
        // '#/components/...' references inside it resolve against the document.
        Schema compiled = registry.getSchema(SchemaLocation.of(LOCATION + "#" + fragment(responsePointer
                + "/content/" + escape(mediaType) + "/schema")));
        List<String> found = new ArrayList<>();
        for (Error e : compiled.validate(instance)) {
            found.add(method + " " + path + " " + status + ": " + e);
        }
        return found;
    }

    /** A JSON pointer reference token (RFC 6901). */
    private static String escape(String token) {
        return token.replace("~", "~0").replace("/", "~1");
    }

    /** A JSON pointer as a URI fragment: the characters a fragment may not hold, percent-encoded. */
    private static String fragment(String pointer) {
        return pointer.replace("%", "%25").replace("{", "%7B").replace("}", "%7D");
    }

    private static List<String> fieldNames(JsonNode node) {
        List<String> names = new ArrayList<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }
}

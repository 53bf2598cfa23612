package dev.writ.node.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.parser.OpenAPIV3Parser;
import io.swagger.v3.parser.core.models.ParseOptions;
import io.swagger.v3.parser.core.models.SwaggerParseResult;
import org.junit.jupiter.api.Test;

/**
 * The document served at {@code /v1/openapi.yaml} read by a third-party OpenAPI parser, as a
 * client generator would read it: YAML that parses but means something else (a comma in a flow
 * mapping turning half a description into a property) is only caught this way.
 */
class OpenApiDocumentTest {
    @Test
    void theServedDocumentIsValidOpenApiWithEveryReferenceResolved() {
        ParseOptions options = new ParseOptions();
        options.setResolve(true);
        options.setValidateInternalRefs(true);

        SwaggerParseResult result = new OpenAPIV3Parser().readContents(OpenApiContract.text(), null, options);

        assertThat(result.getMessages()).as("the parser's findings").isEmpty();
        OpenAPI api = result.getOpenAPI();
        assertThat(api.getOpenapi()).startsWith("3.0.");
        assertThat(api.getPaths()).containsKeys("/v1/proposals", "/v1/redemptions", "/v1/health", "/v1/openapi.yaml");
    }
}

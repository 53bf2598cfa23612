package dev.writ.node.api;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The contract check finds what departs from the document, wherever the schema is declared. */
class OpenApiContractTest {
    private static final String JSON = "application/json";
    private static final String PROBLEM = "application/problem+json";
    private final OpenApiContract contract = new OpenApiContract();

    @Test
    void aBodyOutsideAReferencedSchemaIsReported() {
        assertThat(contract.violations("/v1/health", "GET", 200, JSON, "{\"status\": \"HEALTHY\"}")).isEmpty();
        assertThat(contract.violations("/v1/health", "GET", 200, JSON, "{\"status\": \"ASLEEP\"}"))
                .singleElement().asString().contains("status");
        assertThat(contract.violations("/v1/proposals", "POST", 200, JSON, "{\"decision\": 3}")).isNotEmpty();
    }

    @Test
    void aBodyOutsideTheSchemaOfAPathWithAParameterIsReported() {
        assertThat(contract.violations("/v1/writs/{jti}", "GET", 200, JSON, "{\"state\": \"REDEEMED\"}")).isEmpty();
        assertThat(contract.violations("/v1/writs/{jti}", "GET", 200, JSON, "{\"state\": \"LOST\"}")).isNotEmpty();
        assertThat(contract.violations("/v1/keys", "GET", 200, JSON, "{\"keys\": [{\"kty\": \"OKP\"}]}")).isNotEmpty();
    }

    @Test
    void aProblemIsHeldToTheSharedProblemResponse() {
        assertThat(contract.violations("/v1/writs/{jti}", "GET", 404, PROBLEM, "{\"status\": 404, \"code\": \"UNKNOWN_WRIT\"}"))
                .isEmpty();
        assertThat(contract.violations("/v1/writs/{jti}", "GET", 404, PROBLEM, "{\"status\": \"404\"}")).isNotEmpty();
        assertThat(contract.violations("/v1/writs/{jti}", "GET", 404, JSON, "{\"status\": 404}"))
                .as("a refusal that is not problem+json").isNotEmpty();
    }

    @Test
    void anUndocumentedOperationOrMediaTypeIsReported() {
        assertThat(contract.violations("/v1/widgets", "GET", 200, JSON, "{}")).isNotEmpty();
        assertThat(contract.violations("/v1/health", "DELETE", 200, JSON, "{}")).isNotEmpty();
        assertThat(contract.violations("/v1/health", "GET", 200, "text/html", "<p>up</p>")).isNotEmpty();
        assertThat(contract.violations("/v1/health", "GET", 200, JSON, "up")).as("not JSON").isNotEmpty();
    }
}

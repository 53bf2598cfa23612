package dev.writ.node.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import dev.writ.contracts.chain.EvidenceAnchorContract;
import dev.writ.contracts.devchain.DevChain;
import dev.writ.contracts.devchain.DevChainOptions;
import dev.writ.node.TestNode;
import dev.writ.protocol.client.WritClient;
import dev.writ.protocol.wire.Action;
import dev.writ.protocol.wire.ActionContext;
import dev.writ.protocol.wire.ActionProposal;
import dev.writ.protocol.wire.DecisionRecord.Decision;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The alert rules and the dashboard cannot drift from the code: a real node, anchoring on a real
 * anvil and configured with a partner domain it never hears from, serves on its /metrics every
 * metric name ops/prometheus/writ-alerts.yml and ops/grafana/writ.json use; and the families read
 * their values from where they live (a partner never heard from is CONTINUITY_GAP, a confirmed
 * batch has cost gas, an answered command is counted by class and status).
 */
class MetricsReferenceIT {
    private static final Path OPS = Path.of("..", "ops");
    /** The metric names in PromQL text: the node's own families and the JVM's. */
    private static final Pattern NAME = Pattern.compile("\\b((?:writ|jvm)_[a-z0-9_]+)");

    @TempDir
    Path dir;

    @Test
    void everyNameTheRulesAndTheDashboardUseIsOnARealNodesMetrics() throws Exception {
        Set<String> used = new TreeSet<>();
        used.addAll(names(Files.readString(OPS.resolve("prometheus/writ-alerts.yml"), StandardCharsets.UTF_8)));
        used.addAll(names(Files.readString(OPS.resolve("grafana/writ.json"), StandardCharsets.UTF_8)));
        assertThat(used).as("the rules and the dashboard use the node's metrics").hasSizeGreaterThan(20);

        try (DevChain anvil = DevChain.start(DevChainOptions.of(dir.resolve("chain"), List.of("acme")))) {
            try (TestNode node = TestNode.start(dir.resolve("node"), Map.of(
                    "writ.chain.rpc-url", anvil.rpcUrl(),
                    "writ.chain.evidence-anchor", anvil.config().contract(EvidenceAnchorContract.NAME),
                    "writ.chain.anchorer-key", anvil.config().domain("acme").anchorer().privateKey(),
                    "writ.chain.poll-interval", "200ms",
                    "writ.exchange.partners", List.of("globex")))) {
                // a cold node's first admission asks for budget slices: more than the default 5 s on a loaded machine
                WritClient client = WritClient.builder(node.uri()).timeout(Duration.ofSeconds(30)).build();
                await("the node is HEALTHY", () -> client.health().getStatus().equals("HEALTHY"));
                // any decision will do (on a loaded machine a budget slice may come too late: DENY); it is evidence to anchor
                Decision decided = client.propose(transfer()).getDecision();
                HttpResponse<String> malformed = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                                node.uri().resolve("/v1/proposals")).header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString("{not json")).build(), HttpResponse.BodyHandlers.ofString());
                assertThat(malformed.statusCode()).isEqualTo(400);
                await("a batch is anchored and confirmed", () -> value(scrape(node.uri()), "writ_anchor_last_confirmed_batch") >= 0);
                await("its gas is counted", () -> value(scrape(node.uri()), "writ_anchor_gas_used_total") > 0);

                String text = scrape(node.uri());
                Set<String> served = served(text);
                assertThat(served).as("names on /metrics").containsAll(used);
                assertThat(value(text, "writ_partner_continuity{domain=\"globex\",verdict=\"CONTINUITY_GAP\"}"))
                        .as("a partner never heard from has no continuity").isEqualTo(1);
                assertThat(value(text, "writ_http_requests_total{class=\"commands\",status=\"200\"}")).isGreaterThanOrEqualTo(1);
                assertThat(value(text, "writ_health_status{status=\"HEALTHY\"}")).isEqualTo(1);
                assertThat(value(text, "writ_refusals_total{code=\"MALFORMED\"}")).isEqualTo(1);
                assertThat(value(text, "writ_admissions_total{decision=\"" + decided.name() + "\"}")).isEqualTo(1);
                assertThat(value(text, "writ_http_requests_total{class=\"commands\",status=\"400\"}")).isEqualTo(1);
                assertThat(value(text, "writ_anchor_confirmation_delay_seconds_count")).isGreaterThanOrEqualTo(1);
            }
        }
    }

    private static Set<String> names(String promql) {
        Set<String> out = new TreeSet<>();
        Matcher m = NAME.matcher(promql);
        while (m.find()) {
            out.add(m.group(1));
        }
        return out;
    }

    /** Every sample name on the page. */
    private static Set<String> served(String text) {
        Set<String> out = new TreeSet<>();
        text.lines().filter(l -> !l.startsWith("#") && !l.isBlank())
                .forEach(l -> out.add(l.split("[{ ]", 2)[0]));
        return out;
    }

    /** The value of the sample written exactly as {@code series}, or -1 when absent. */
    private static double value(String text, String series) {
        return text.lines().filter(l -> l.startsWith(series + " "))
                .mapToDouble(l -> Double.parseDouble(l.substring(series.length() + 1).trim())).findFirst().orElse(-1);
    }

    private static String scrape(URI node) {
        try {
            HttpResponse<String> response = HttpClient.newHttpClient().send(
                    HttpRequest.newBuilder(node.resolve("/metrics")).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(response.statusCode()).isEqualTo(200);
            return response.body();
        } catch (Exception e) {
            throw new IllegalStateException("cannot scrape " + node, e);
        }
    }

    private static ActionProposal transfer() {
        return ActionProposal.newBuilder()
                .setProposalId("p-" + UUID.randomUUID())
                .setAgentId("spiffe://acme/agent/payments-metrics-" + UUID.randomUUID())
                .setAction(Action.newBuilder().setTarget("payments-api").setOperation("transfer")
                        .putParameters("amount", "120").putParameters("currency", "EUR").setClassification("internal"))
                .setContext(ActionContext.newBuilder().setSessionId("s-1").setRiskScore(10).setDataClassification("internal"))
                .setProposedAtMillis(System.currentTimeMillis())
                .build();
    }

    private static void await(String what, Callable<Boolean> condition) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (System.nanoTime() < deadline) {
            try {
                if (condition.call()) {
                    return;
                }
            } catch (Exception e) {
                // not yet: the node may still be starting
            }
            Thread.sleep(200);
        }
        throw new AssertionError("timed out waiting until " + what);
    }
}

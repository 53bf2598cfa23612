package dev.writ.node.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.writ.node.health.HealthReport;
import dev.writ.node.health.HealthReport.Finding;
import dev.writ.node.health.HealthStatus;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * What the families say for what happened: answered and shed requests by class, each health
 * check at its worst finding, every known chain code and partner verdict with a series (0 when
 * not the case), and the JVM's families in the node's own registry.
 */
class NodeMetricsTest {
    private final NodeMetrics metrics = new NodeMetrics();

    @Test
    void requestsAreCountedByClassAndStatusAndShedOnesAlsoAsOverloaded() {
        metrics.watchConcurrency("reads", () -> 8, () -> 0);
        metrics.answered("commands", 200, 2_000_000);
        metrics.answered("commands", 503, 1_000_000);
        metrics.shed("reads");

        String text = scrape();
        assertThat(text).contains("writ_http_requests_total{class=\"commands\",status=\"200\"} 1.0",
                "writ_http_requests_total{class=\"commands\",status=\"503\"} 1.0",
                "writ_http_request_duration_seconds_count{class=\"commands\"} 2",
                "writ_http_shed_total{class=\"reads\"} 1.0",
                "writ_refusals_total{code=\"OVERLOADED\"} 1.0",
                "writ_http_concurrency_limit{class=\"reads\"} 8.0");
    }

    @Test
    void eachHealthCheckShowsItsWorstFinding() {
        metrics.watchHealth(() -> HealthReport.of(List.of(
                new Finding("journal", HealthStatus.HEALTHY, "answers"),
                new Finding("chain", HealthStatus.DEGRADED, "CHAIN_LAG"),
                new Finding("chain", HealthStatus.FAILED, "ANCHOR_FORK")), List.of(), 1));

        assertThat(scrape()).contains("writ_health_status{status=\"FAILED\"} 1.0", "writ_health_status{status=\"HEALTHY\"} 0.0",
                "writ_health_check{check=\"chain\"} 2.0", "writ_health_check{check=\"journal\"} 0.0");
    }

    @Test
    void everyKnownChainCodeAndPartnerVerdictHasASeries() {
        metrics.state().watchChain(() -> 3, () -> 90_000, () -> 7, () -> 120,
                () -> Map.of("ANCHOR_FORK", 2), List.of("CHAIN_UNREACHABLE", "ANCHOR_FORK"));
        metrics.state().watchPartners(() -> List.of(new StateMetrics.Partner("globex", "EPOCH_STALE",
                Double.POSITIVE_INFINITY, false, 4)), List.of("ACCEPT", "EPOCH_STALE"));

        assertThat(scrape()).contains("writ_chain_problem{code=\"ANCHOR_FORK\"} 2.0",
                "writ_chain_problem{code=\"CHAIN_UNREACHABLE\"} 0.0",
                "writ_anchor_queue_depth 3.0", "writ_anchor_oldest_open_age_seconds 90.0",
                "writ_partner_continuity{domain=\"globex\",verdict=\"ACCEPT\"} 0.0",
                "writ_partner_continuity{domain=\"globex\",verdict=\"EPOCH_STALE\"} 1.0",
                "writ_partner_beacon_age_seconds{domain=\"globex\"} +Inf",
                "writ_partner_revocation_epoch{domain=\"globex\"} 4.0");
    }

    @Test
    void aSliceAnswerOutsideTheKnownOnesIsRefused() {
        metrics.state().sliceAnswered("granted");
        assertThat(scrape()).contains("writ_budget_slice_requests_total{answer=\"granted\"} 1.0",
                "writ_budget_slice_requests_total{answer=\"failed\"} 0.0");
        assertThatThrownBy(() -> metrics.state().sliceAnswered("maybe")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void theJvmFamiliesAreInTheNodesRegistry() {
        assertThat(scrape()).contains("jvm_memory_used_bytes{area=\"heap\"}", "jvm_gc_collection_seconds_count",
                "jvm_threads_current");
    }

    private String scrape() {
        return new String(metrics.scrape(), StandardCharsets.UTF_8);
    }
}

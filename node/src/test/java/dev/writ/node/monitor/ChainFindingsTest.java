package dev.writ.node.monitor;

import dev.writ.contracts.anchor.ChainStatus;
import dev.writ.contracts.anchor.OutboxStats;
import dev.writ.node.health.HealthReport;
import dev.writ.node.health.HealthStatus;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class ChainFindingsTest {
    private static final ChainStatus.ChainHeadSeen HEAD = new ChainStatus.ChainHeadSeen(7, 0, 0);
    private static final OutboxStats STATS = new OutboxStats(0, -1, 3, Optional.empty());

    @Test
    void eachChainReasonIsAFindingNamedByItsCodeWithItsDetailForTheLogOnly() {
        ChainStatus status = new ChainStatus(ChainStatus.Level.FAILED, List.of(
                new ChainStatus.Reason("SEQUENCER_STALLED", ChainStatus.Level.DEGRADED, "no block for 12 s"),
                new ChainStatus.Reason("ANCHOR_FORK", ChainStatus.Level.FAILED, "another root")), HEAD, STATS, ChainStatus.OldestOpenSeen.NONE);
        List<HealthReport.Finding> findings = HealthMonitor.chainFindings(status);
        assertThat(findings).containsExactly(
                new HealthReport.Finding("chain", HealthStatus.DEGRADED, "SEQUENCER_STALLED", "no block for 12 s"),
                new HealthReport.Finding("chain", HealthStatus.FAILED, "ANCHOR_FORK", "another root"));
        assertThat(HealthReport.of(findings, List.of(), 0).status()).isEqualTo(HealthStatus.FAILED);
    }

    @Test
    void aHealthyChainIsOneHealthyFinding() {
        List<HealthReport.Finding> findings = HealthMonitor.chainFindings(new ChainStatus(ChainStatus.Level.HEALTHY, List.of(),
                HEAD, STATS, ChainStatus.OldestOpenSeen.NONE));
        assertThat(findings).singleElement().extracting(HealthReport.Finding::status).isEqualTo(HealthStatus.HEALTHY);
    }
}

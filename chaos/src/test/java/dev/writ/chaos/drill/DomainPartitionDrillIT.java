package dev.writ.chaos.drill;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.writ.chaos.DrillResult;
import dev.writ.chaos.Scenario;
import dev.writ.chaos.check.Verdict;
import dev.writ.chaos.history.Event;
import dev.writ.chaos.history.HistoryFile;
import dev.writ.chaos.history.ReconciliationSnapshot;
import dev.writ.chaos.sut.NetworkLab;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * Two domains, acme (3 nodes) and globex (1), cut apart by blackhole routes, then healed: every
 * invariant holds, actions depending on the hidden domain were refused while it was hidden, and
 * all four nodes hold one reconciliation digest afterwards; what globex's node acknowledged is held
 * to its own evidence store. Needs root with iproute2.
 */
@EnabledIfSystemProperty(named = "writ.drill.domain-partition", matches = "true")
class DomainPartitionDrillIT {
    @Test
    void everyInvariantHoldsWhenTheDomainsAreCutApart() throws Exception {
        assumeTrue(NetworkLab.available(), "partitions need root and iproute2 (network namespaces)");
        DrillResult result = ShortDrills.runAndCheck(Scenario.DOMAIN_PARTITION);

        Path out = Path.of("target", "drill-" + Scenario.DOMAIN_PARTITION.cliName()).toAbsolutePath();
        List<Event> history = HistoryFile.read(out.resolve("history.jsonl"));
        assertThat(history).as("cross-domain actions were redeemed at the partner")
                .anyMatch(e -> e.f().equals("redeem") && "globex-1".equals(e.node()) && "redeemed".equals(e.value()));
        assertThat(history).as("actions depending on the hidden domain were refused")
                .anyMatch(e -> "EPOCH_STALE".equals(e.value()) || "CONTINUITY_GAP".equals(e.value()));
        assertThat(ReconciliationSnapshot.read(out.resolve("reconciliation.json")).digests()).hasSize(4)
                .containsKey("globex-1");
        assertThat(result.verdicts()).filteredOn(v -> v.invariant().equals("no-allow-during-continuity-gap"))
                .singleElement().extracting(Verdict::summary).asString().contains("1 domain partition(s)");
        assertThat(out.resolve("evidence-globex.json")).as("the partner's store was read").exists();
        assertThat(result.verdicts()).filteredOn(v -> v.invariant().equals("evidence-for-every-ack"))
                .singleElement().extracting(Verdict::summary).asString()
                .as("globex's acknowledgements were judged against globex's evidence")
                .containsPattern("[1-9][0-9]* acknowledged client operations of domain globex");
        assertThat(result.verdicts()).filteredOn(v -> v.invariant().equals("evidence-chains"))
                .singleElement().extracting(Verdict::summary).asString().contains("globex: ");
    }
}

package dev.writ.chaos.drill;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.writ.chaos.Scenario;
import dev.writ.chaos.sut.NetworkLab;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * One node cut off from the others by blackhole routes between network namespaces, then healed.
 * Needs root with iproute2 (the project's machines and CI have both); elsewhere it is skipped.
 */
@EnabledIfSystemProperty(named = "writ.drill.partition", matches = "true")
class PartitionDrillIT {
    @Test
    void everyInvariantHoldsWhenANodeIsPartitionedAway() throws Exception {
        assumeTrue(NetworkLab.available(), "partitions need root and iproute2 (network namespaces)");
        ShortDrills.runAndCheck(Scenario.PARTITION);
    }
}

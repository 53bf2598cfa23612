package dev.writ.chaos.sut;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.writ.chaos.Scenario;
import dev.writ.fabric.Topology;
import java.util.List;
import org.junit.jupiter.api.Test;

class DrillRegionsTest {
    @Test
    void theMajorityOfTheNodesAndThePrimaryAreInTheFirstRegion() {
        Topology t = DrillRegions.twoRegions(3);

        assertThat(t.multiRegion()).isTrue();
        assertThat(t.regions()).containsExactly(DrillRegions.PRIMARY, DrillRegions.OTHER);
        assertThat(t.nodeIds()).containsExactly("acme-1", "acme-2", "acme-3");
        assertThat(List.of("acme-1", "acme-2")).allMatch(id -> t.regionOf(id).equals(DrillRegions.PRIMARY));
        assertThat(t.regionOf("acme-3")).isEqualTo(DrillRegions.OTHER);
        assertThat(t.domainNodes(SystemUnderTest.DOMAIN).database().primary()).isEqualTo(DrillRegions.PRIMARY);
        Topology four = DrillRegions.twoRegions(4);
        assertThat(four.nodeIds().stream().map(four::regionOf)).containsExactly("eu", "eu", "us", "us");
    }

    @Test
    void forARegionOutageThePrimaryRegionHoldsAMinorityAndTheStandbyIsInTheOther() {
        Topology t = DrillRegions.primaryInMinority(3);

        assertThat(t.nodeIds().stream().map(t::regionOf)).containsExactly("eu", "us", "us");
        assertThat(t.domainNodes(SystemUnderTest.DOMAIN).database().primary()).isEqualTo(DrillRegions.PRIMARY);
        assertThat(t.domainNodes(SystemUnderTest.DOMAIN).database().standby()).contains(DrillRegions.OTHER);
        assertThat(Scenario.REGION_OUTAGE.topology(3)).isEqualTo(t);
    }

    @Test
    void forLosingEveryRegionInTurnEachOfThreeHoldsAMinorityAndEachOtherRegionAStandby() {
        Topology t = DrillRegions.threeRegions(3);

        assertThat(t.nodeIds().stream().map(t::regionOf)).containsExactly("eu", "us", "ap");
        assertThat(t.domainNodes(SystemUnderTest.DOMAIN).database().servers()).containsExactly("eu", "us", "ap");
        assertThat(Scenario.REGION_OUTAGE_QUORUM.topology(3)).isEqualTo(t);
        Topology five = DrillRegions.threeRegions(5);
        assertThat(five.nodeIds().stream().map(five::regionOf)).containsExactly("eu", "eu", "us", "us", "ap");
        for (int nodes : new int[] {2, 4}) {
            assertThatThrownBy(() -> DrillRegions.threeRegions(nodes)).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("3 nodes or 5 or more");
        }
    }

    @Test
    void twoRegionsNeedTwoNodes() {
        assertThatThrownBy(() -> DrillRegions.twoRegions(1)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("2 nodes or more");
        assertThatThrownBy(() -> DrillRegions.primaryInMinority(1)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void onlyTheRegionDrillsSpreadTheDomainOverRegionsAndTheyNeedNoNamespaces() {
        assertThat(Scenario.REGION_PARTITION.topology(3).multiRegion()).isTrue();
        assertThat(Scenario.REGION_PARTITION.unavailable(false)).isEmpty();
        assertThat(Scenario.REGION_OUTAGE_QUORUM.regional()).isTrue();
        assertThat(Scenario.KILL.topology(3)).isEqualTo(Topology.singleDomain(SystemUnderTest.DOMAIN, 3));
    }
}

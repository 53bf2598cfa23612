package dev.writ.chaos;

import static org.assertj.core.api.Assertions.assertThat;

import dev.writ.chaos.campaign.CampaignPlan;
import org.junit.jupiter.api.Test;

class ScenarioTest {
    @Test
    void aJoinLaysOutOneSpareNodeAfterTheDomainsOwn() {
        assertThat(Scenario.parse("join-leave")).contains(Scenario.JOIN_LEAVE);
        assertThat(Scenario.JOIN_LEAVE.spareNodes(3)).containsExactly("acme-4");
        assertThat(Scenario.MIXED.spareNodes(3)).as("mixed does not draw an operator's change").isEmpty();
        assertThat(Scenario.JOIN_LEAVE.operatorAction()).isTrue();
        assertThat(Scenario.SEQUENCER_PARTITION_KILL.operatorAction()).as("mixed draws it").isFalse();
        assertThat(Scenario.KILL.spareNodes(3)).isEmpty();
        assertThat(Scenario.JOIN_LEAVE.clientsFailOver()).as("a graceful leave, as in a rolling restart").isTrue();
        assertThat(Scenario.JOIN_LEAVE.unavailable(false)).isEmpty();
    }

    @Test
    void thePartitionDuringASequencerOutageNeedsNamespacesAndBothNewFaultsAreInTheDefaultCampaign() {
        assertThat(Scenario.parse("sequencer-partition-kill")).contains(Scenario.SEQUENCER_PARTITION_KILL);
        assertThat(Scenario.SEQUENCER_PARTITION_KILL.unavailable(false)).contains(Scenario.NO_NAMESPACES);
        assertThat(Scenario.SEQUENCER_PARTITION_KILL.unavailable(true)).isEmpty();
        assertThat(CampaignPlan.allScenarios()).contains(Scenario.JOIN_LEAVE, Scenario.SEQUENCER_PARTITION_KILL);
    }

    @Test
    void theThreeRegionOutageRunsTwoCyclesAtLeastSoTheRegionItPromotedIntoIsLostInTurn() {
        assertThat(Scenario.parse("region-outage-quorum")).contains(Scenario.REGION_OUTAGE_QUORUM);
        assertThat(Scenario.REGION_OUTAGE_QUORUM.minimumCycles(3)).isEqualTo(2);
        assertThat(Scenario.REGION_OUTAGE.minimumCycles(3)).isEqualTo(1);
        assertThat(Scenario.REGION_OUTAGE_QUORUM.unavailable(false)).as("relays, no root").isEmpty();
        assertThat(Scenario.REGION_OUTAGE_QUORUM.operatorAction()).isFalse();
        assertThat(CampaignPlan.allScenarios()).contains(Scenario.REGION_OUTAGE_QUORUM);
    }
}

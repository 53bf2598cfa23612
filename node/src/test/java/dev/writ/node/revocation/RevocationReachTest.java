package dev.writ.node.revocation;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

class RevocationReachTest {
    @Test
    void anEpochReachesEveryNodeWhenTheLastViewConfirms() {
        RevocationReach.Reach reach = RevocationReach.Reach.of(3, 1_000,
                List.of(OptionalLong.of(1_020), OptionalLong.of(1_150), OptionalLong.of(1_040)));
        assertThat(reach.confirmed()).isEqualTo(3);
        assertThat(reach.nodes()).isEqualTo(3);
        assertThat(reach.reachedAllAtMillis()).hasValue(1_150);
        assertThat(reach.tookMillis()).hasValue(150);
    }

    @Test
    void aViewThatDidNotConfirmLeavesItNotReachedWithHowManyDid() {
        RevocationReach.Reach reach = RevocationReach.Reach.of(3, 1_000,
                List.of(OptionalLong.of(1_020), OptionalLong.empty()));
        assertThat(reach.confirmed()).isEqualTo(1);
        assertThat(reach.nodes()).isEqualTo(2);
        assertThat(reach.tookMillis()).isEmpty();
        assertThat(RevocationReach.Reach.of(4, 1_000, List.of()).tookMillis()).as("no view: reached no node").isEmpty();
    }

    @Test
    void itKeepsTheNewestEpochsWithinItsBoundAndARetryReplacesTheEarlierAnswer() {
        RevocationReach reaches = new RevocationReach(2);
        reaches.record(RevocationReach.Reach.of(1, 0, List.of(OptionalLong.empty())));
        reaches.record(RevocationReach.Reach.of(2, 0, List.of(OptionalLong.of(5))));
        reaches.record(RevocationReach.Reach.of(1, 0, List.of(OptionalLong.of(9)))); // the retry of epoch 1
        assertThat(reaches.of(1).orElseThrow().tookMillis()).hasValue(9);
        reaches.record(RevocationReach.Reach.of(3, 0, List.of(OptionalLong.of(1))));
        assertThat(reaches.of(2)).as("the oldest recorded goes first").isEmpty();
        assertThat(reaches.of(1)).isPresent();
        assertThat(reaches.of(3)).isPresent();
        assertThat(reaches.of(7)).as("not taken here").isEmpty();
    }
}

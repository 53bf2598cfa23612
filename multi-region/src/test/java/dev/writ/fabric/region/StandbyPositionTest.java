package dev.writ.fabric.region;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class StandbyPositionTest {

    @Test
    void lsnsCompareAsNumbersNotAsText() {
        assertThat(Lsn.parse("0/FFFFFFFF")).isLessThan(Lsn.parse("1/0"));
        assertThat(Lsn.parse("0/A000000")).isGreaterThan(Lsn.parse("0/9FFFFFF"));
        assertThat(Lsn.parse("16/B374D848").toString()).isEqualTo("16/B374D848");
    }

    @Test
    void theStandbyThatReceivedTheMostWalIsPromotedEvenIfItReplayedLess() {
        StandbyPosition us = new StandbyPosition("us", Optional.of(Lsn.parse("0/3000200")), Lsn.parse("0/3000100"));
        StandbyPosition ap = new StandbyPosition("ap", Optional.of(Lsn.parse("0/3000180")), Lsn.parse("0/3000180"));
        assertThat(StandbyPosition.mostAdvanced(List.of(ap, us))).contains(us);
    }

    @Test
    void aStandbyThatNeverReceivedCountsWhatItReplayedAndTiesGoToTheFirstListed() {
        StandbyPosition us = new StandbyPosition("us", Optional.empty(), Lsn.parse("0/3000180"));
        StandbyPosition ap = new StandbyPosition("ap", Optional.of(Lsn.parse("0/3000180")), Lsn.parse("0/3000100"));
        assertThat(StandbyPosition.mostAdvanced(List.of(us, ap))).contains(us);
        assertThat(StandbyPosition.mostAdvanced(List.of())).isEmpty();
    }
}

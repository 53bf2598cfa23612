package dev.writ.fabric.region;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class TimelineHistoryTest {
    private static final String HISTORY = "1\t0/3000148\tno recovery target specified\n\n"
            + "2\t0/5000A28\tno recovery target specified\n";

    @Test
    void anAncestorTimelineDivergedAtItsSwitchPoint() {
        TimelineHistory h = TimelineHistory.parse(3, HISTORY);
        assertThat(h.divergenceOf(1)).isEqualTo(new TimelineHistory.Divergence.Ancestor(Lsn.parse("0/3000148")));
        assertThat(h.divergenceOf(2)).isEqualTo(new TimelineHistory.Divergence.Ancestor(Lsn.parse("0/5000A28")));
    }

    @Test
    void theCurrentTimelineIsSharedAndAnyOtherIsUnrelated() {
        TimelineHistory h = TimelineHistory.parse(3, HISTORY);
        assertThat(h.divergenceOf(3)).isInstanceOf(TimelineHistory.Divergence.SameTimeline.class);
        assertThat(h.divergenceOf(4)).isInstanceOf(TimelineHistory.Divergence.Unrelated.class);
        assertThat(TimelineHistory.parse(1, "").divergenceOf(2)).isInstanceOf(TimelineHistory.Divergence.Unrelated.class);
    }
}

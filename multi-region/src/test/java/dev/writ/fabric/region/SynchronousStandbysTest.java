package dev.writ.fabric.region;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class SynchronousStandbysTest {

    @Test
    void twoStandbysAreAQuorumOfOne() {
        assertThat(new SynchronousStandbys(List.of("us-east", "ap-south")).setting()).isEqualTo("ANY 1 (\"us-east\", \"ap-south\")");
    }

    @Test
    void noStandbysIsTheEmptySetting() {
        assertThat(new SynchronousStandbys(List.of()).setting()).isEmpty();
        assertThat(SynchronousStandbys.parse("").names()).isEmpty();
    }

    @Test
    void readsEveryFormPostgresAccepts() {
        assertThat(SynchronousStandbys.parse("standby").names()).containsExactly("standby");
        assertThat(SynchronousStandbys.parse("ANY 1 (\"us-east\", \"ap-south\")").names()).containsExactly("us-east", "ap-south");
        assertThat(SynchronousStandbys.parse("FIRST 2 (a, b,c)").names()).containsExactly("a", "b", "c");
        assertThat(SynchronousStandbys.parse("2 (a, b)").names()).containsExactly("a", "b");
    }

    @Test
    void aRejoinedStandbyIsAddedOnceAndAPromotedOneDropped() {
        SynchronousStandbys s = SynchronousStandbys.parse("ANY 1 (\"ap\")");
        assertThat(s.with("eu").with("eu").names()).containsExactly("ap", "eu");
        assertThat(s.with("eu").without("ap").setting()).isEqualTo("ANY 1 (\"eu\")");
    }

    @Test
    void aNameThatCouldBreakTheSettingIsRefused() {
        assertThatThrownBy(() -> new SynchronousStandbys(List.of("a'b"))).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new SynchronousStandbys(List.of("a", "a"))).hasMessageContaining("repeat");
    }
}

package dev.writ.node;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Optional;
import org.apache.pekko.actor.CoordinatedShutdown;
import org.junit.jupiter.api.Test;

class ClusterExitTest {
    @Test
    void aShutdownTheProcessAskedForIsNotTheClusters() {
        assertThat(ClusterExit.why(Optional.empty())).isEmpty();
        assertThat(ClusterExit.why(Optional.of(CoordinatedShutdown.actorSystemTerminateReason()))).isEmpty();
        assertThat(ClusterExit.why(Optional.of(CoordinatedShutdown.jvmExitReason()))).isEmpty();
    }

    @Test
    void downingRemovalAndAFailedJoinEndTheProcessWithTheirReason() {
        assertThat(ClusterExit.why(Optional.of(CoordinatedShutdown.clusterDowningReason()))).hasValueSatisfying(
                why -> assertThat(why).contains("downed"));
        assertThat(ClusterExit.why(Optional.of(CoordinatedShutdown.clusterLeavingReason()))).hasValueSatisfying(
                why -> assertThat(why).contains("removed"));
        assertThat(ClusterExit.why(Optional.of(CoordinatedShutdown.clusterJoinUnsuccessfulReason()))).hasValueSatisfying(
                why -> assertThat(why).contains("join"));
        assertThat(ClusterExit.why(Optional.of(CoordinatedShutdown.unknownReason()))).isPresent();
    }
}

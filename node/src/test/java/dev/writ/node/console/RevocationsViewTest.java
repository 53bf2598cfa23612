package dev.writ.node.console;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.writ.node.revocation.RevocationReach;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

class RevocationsViewTest {
    @Test
    void anEpochTakenHereSaysHowLongItTookToReachEveryNode() {
        ObjectNode reach = RevocationsView.reach(Optional.of(RevocationReach.Reach.of(1, 100,
                List.of(OptionalLong.of(130), OptionalLong.of(160)))));
        assertThat(reach.toString()).isEqualTo(
                "{\"takenHere\":true,\"confirmed\":2,\"nodes\":2,\"reachedAll\":true,\"tookMillis\":60}");
    }

    @Test
    void anEpochNotAllNodesConfirmedSaysHowManyDid() {
        ObjectNode reach = RevocationsView.reach(Optional.of(RevocationReach.Reach.of(1, 100,
                List.of(OptionalLong.of(130), OptionalLong.empty()))));
        assertThat(reach.toString()).isEqualTo("{\"takenHere\":true,\"confirmed\":1,\"nodes\":2,\"reachedAll\":false}");
    }

    @Test
    void anEpochTakenElsewhereSaysSo() {
        assertThat(RevocationsView.reach(Optional.empty()).toString()).isEqualTo("{\"takenHere\":false}");
    }
}

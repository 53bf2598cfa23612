package dev.writ.fabric;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class TopologyTest {

    @Test
    void singleDomainNamesNodesAfterTheDomainAndSeedsFromTheFirst() {
        Topology t = Topology.singleDomain("acme", 3);

        assertThat(t.nodeIds()).containsExactly("acme-1", "acme-2", "acme-3");
        assertThat(t.seed()).isEqualTo("acme-1");
        assertThat(t.size()).isEqualTo(3);
    }

    @Test
    void refusesDuplicateNodesAndEmptyTopologies() {
        assertThatThrownBy(() -> new Topology("acme", List.of("a", "a"))).hasMessageContaining("unique");
        assertThatThrownBy(() -> Topology.singleDomain("acme", 0)).hasMessageContaining("at least one");
        assertThatThrownBy(() -> new Topology("Acme!", List.of("a"))).hasMessageContaining("domain");
    }

    @Test
    void freePortsAreDistinct() {
        int[] ports = FreePorts.allocate(20);
        assertThat(ports).doesNotHaveDuplicates();
        assertThat(java.util.Arrays.stream(ports).boxed().toList()).allMatch(p -> p > 0 && p < 65536);
    }
}

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
    void severalDomainsKeepTheirOrderAndEachNodeKnowsItsDomain() {
        Topology t = Topology.of(new DomainNodes("acme", 2), new DomainNodes("globex", 1));

        assertThat(t.domains()).containsExactly("acme", "globex");
        assertThat(t.nodeIds()).containsExactly("acme-1", "acme-2", "globex-1");
        assertThat(t.nodesOf("acme")).containsExactly("acme-1", "acme-2");
        assertThat(t.nodesOf("globex")).containsExactly("globex-1");
        assertThat(t.domainOf("acme-2")).isEqualTo("acme");
        assertThat(t.domainOf("globex-1")).isEqualTo("globex");
        assertThat(t.size()).isEqualTo(3);
        assertThat(t.seed()).isEqualTo("acme-1");
    }

    @Test
    void aSingleDomainTopologyNamesItsDomainAndASeveralDomainOneRefusesTo() {
        assertThat(new Topology("acme", List.of("a", "b")).domain()).isEqualTo("acme");
        assertThat(Topology.singleDomain("acme", 2).domains()).containsExactly("acme");

        Topology two = Topology.of(new DomainNodes("acme", 1), new DomainNodes("globex", 1));
        assertThatThrownBy(two::domain).isInstanceOf(IllegalStateException.class).hasMessageContaining("domains()");
    }

    @Test
    void refusesARepeatedDomainANodeInTwoDomainsAndUnknownNames() {
        assertThatThrownBy(() -> Topology.of(new DomainNodes("acme", 1), new DomainNodes("acme", 2)))
                .hasMessageContaining("twice");
        assertThatThrownBy(() -> Topology.of(new DomainNodes("acme", List.of("n1")), new DomainNodes("globex", List.of("n1"))))
                .hasMessageContaining("unique across domains");
        assertThatThrownBy(() -> new Topology(List.of())).hasMessageContaining("at least one domain");
        Topology t = Topology.of(new DomainNodes("acme", 1), new DomainNodes("globex", 1));
        assertThatThrownBy(() -> t.nodesOf("initech")).hasMessageContaining("no domain initech");
        assertThatThrownBy(() -> t.domainOf("initech-1")).hasMessageContaining("no node initech-1");
    }

    @Test
    void freePortsAreDistinct() {
        int[] ports = FreePorts.allocate(20);
        assertThat(ports).doesNotHaveDuplicates();
        assertThat(java.util.Arrays.stream(ports).boxed().toList()).allMatch(p -> p > 0 && p < 65536);
    }

    @Test
    void aDomainAcrossRegionsSplitsItsBudgetsByItsNodesAndNeverPastTheLimit() {
        DomainNodes three = new DomainNodes("acme", List.of(new RegionNodes("eu", List.of("a1", "a2")),
                new RegionNodes("us", List.of("a3"))), DatabaseRegions.primaryIn("eu"));
        assertThat(three.budgetShares()).containsOnlyKeys("eu", "us");
        assertThat(three.budgetShares().get("eu")).isEqualByComparingTo("0.666");
        assertThat(three.budgetShares().get("us")).isEqualByComparingTo("0.333");
        assertThat(new DomainNodes("acme", 2).budgetShares()).as("one region: budgets not split").isEmpty();
    }
}

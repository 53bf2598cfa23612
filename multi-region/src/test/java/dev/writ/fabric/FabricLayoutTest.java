package dev.writ.fabric;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class FabricLayoutTest {
    private static final Topology TWO = Topology.of(new DomainNodes("acme", 2), new DomainNodes("globex", 1));
    private static final int[] PORTS = {7001, 8001, 7002, 8002, 7003, 8003};
    private static final Map<String, NodeConfig.Journal> JOURNALS = Map.of(
            "acme", new NodeConfig.Journal("jdbc:postgresql://127.0.0.1:5432/writ_acme_1", "postgres", "", 8),
            "globex", new NodeConfig.Journal("jdbc:postgresql://127.0.0.1:5432/writ_globex_2", "postgres", "", 8));

    private static Config rendered(NodeConfig node) {
        return ConfigFactory.parseString(NodeConfigRenderer.render(node)).resolve();
    }

    @Test
    void everyNodeOfEveryDomainSeedsTheOneClusterFromTheFirstDomainsFirstNode() {
        List<NodeConfig> nodes = FabricLayout.nodes(TWO, FabricOptions.builder(Path.of("w")).build(), Path.of("/f"),
                PORTS, JOURNALS, Map.of(), Map.of(), NodeSites.of(FabricOptions.builder(Path.of("w")).build()));

        assertThat(nodes).extracting(NodeConfig::nodeId).containsExactly("acme-1", "acme-2", "globex-1");
        assertThat(nodes).extracting(NodeConfig::domain).containsExactly("acme", "acme", "globex");
        for (NodeConfig n : nodes) {
            assertThat(rendered(n).getStringList("writ.cluster.seed-nodes")).containsExactly(
                    "pekko://writ@127.0.0.1:8001", "pekko://writ@127.0.0.1:8002", "pekko://writ@127.0.0.1:8003");
        }
        assertThat(nodes.get(2).httpPort()).isEqualTo(7003);
        assertThat(nodes.get(2).dataDir()).isEqualTo(Path.of("/f/globex-1"));
    }

    @Test
    void eachNodeGetsItsDomainsDatabaseMemberCountAndOverrides() {
        FabricOptions options = FabricOptions.builder(Path.of("w"))
                .config("writ.exchange.enabled", "on")
                .domainConfig("acme", "writ.chain.anchorer-key", "\"0xaa\"")
                .domainConfig("globex", "writ.chain.anchorer-key", "\"0xbb\"")
                .domainConfig("globex", "writ.identity.operator-credentials", "optional")
                .build();
        Map<String, String> required = Map.of("writ.identity.agent-certificates", "required",
                "writ.identity.operator-credentials", "required");

        List<NodeConfig> nodes = FabricLayout.nodes(TWO, options, Path.of("/f"), PORTS, JOURNALS,
                Map.of("acme", required, "globex", required),
                Map.of("globex-1", Map.of("pekko.remote.artery.transport", "tls-tcp")), NodeSites.of(options));

        Config acme2 = rendered(nodes.get(1));
        Config globex1 = rendered(nodes.get(2));
        assertThat(acme2.getString("writ.journal.url")).endsWith("/writ_acme_1");
        assertThat(globex1.getString("writ.journal.url")).endsWith("/writ_globex_2");
        assertThat(acme2.getInt("writ.cluster.min-members")).isEqualTo(2);
        assertThat(globex1.getInt("writ.cluster.min-members")).isEqualTo(1);
        assertThat(acme2.getString("writ.chain.anchorer-key")).isEqualTo("0xaa");
        assertThat(globex1.getString("writ.chain.anchorer-key")).isEqualTo("0xbb");
        assertThat(acme2.getBoolean("writ.exchange.enabled")).isTrue();
        assertThat(globex1.getBoolean("writ.exchange.enabled")).isTrue();
        assertThat(globex1.getString("pekko.remote.artery.transport")).isEqualTo("tls-tcp");
        assertThat(acme2.hasPath("pekko.remote.artery.transport")).isFalse();
        assertThat(acme2.getString("writ.identity.operator-credentials")).isEqualTo("required");
        assertThat(globex1.getString("writ.identity.agent-certificates")).isEqualTo("required");
        assertThat(globex1.getString("writ.identity.operator-credentials")).as("a domain's override relaxes its identity")
                .isEqualTo("optional");
    }

    @Test
    void refusesConfigurationForADomainOutsideTheTopology() {
        FabricOptions options = FabricOptions.builder(Path.of("w")).domainConfig("initech", "writ.evidence.lanes", "2").build();

        assertThatThrownBy(() -> FabricLayout.nodes(TWO, options, Path.of("/f"), PORTS, JOURNALS, Map.of(), Map.of(), NodeSites.of(options)))
                .hasMessageContaining("initech");
    }
}

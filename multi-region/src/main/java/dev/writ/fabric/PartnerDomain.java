package dev.writ.fabric;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigValueFactory;
import dev.writ.authority.ca.CertificateAuthority;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A second sovereign domain beside a running one: its own node JVMs, database and keys
 * on chain, joined to the first domain's cluster as its own Pekko data center, with proof exchange
 * on. Used by the demo, the domain drills and the multi-domain tests.
 */
public final class PartnerDomain {
    private PartnerDomain() {
    }

    /**
     * Proof exchange on among {@code domains}, with {@code owner} owning {@code target}: what every node
     * of each of them gets (a node drops its own domain from the partner list).
     */
    public static Map<String, String> exchangeConfig(String target, String owner, List<String> domains) {
        Map<String, String> c = new LinkedHashMap<>();
        c.put("writ.exchange.enabled", "on");
        List<String> quoted = new ArrayList<>();
        domains.forEach(d -> quoted.add(NodeConfigRenderer.quote(d)));
        c.put("writ.exchange.partners", "[" + String.join(", ", quoted) + "]");
        c.put("writ.exchange.target-owners", "{ " + NodeConfigRenderer.quote(target) + " = "
                + NodeConfigRenderer.quote(owner) + " }");
        return c;
    }

    /**
     * Launches {@code partner}'s nodes joined to {@code first}'s cluster: the first domain's seeds
     * come first in its seed list, so it never forms a cluster of its own. The domain admin
     * registers each new node's key on chain before the node starts. With mutual TLS the two
     * fabrics trust each other's roots: the running nodes take the partner's root into their trust
     * stores (no restart), the partner's nodes start with the first fabric's. {@code options}
     * carries the database, placements and exchange settings; this adds the chain, the seeds, the
     * registry and the roots.
     */
    public static LocalFabric launch(FabricChain chain, LocalFabric first, Topology partner, FabricOptions.Builder options) {
        chain.registerNodeKeys(partner.domain(), options.workDir(), partner.nodeIds());
        FabricIdentity identity = FabricIdentity.openOrCreate(partner.domain(),
                LocalFabric.identityDir(options.workDir(), partner.domain()));
        first.trust(List.of(CertificateAuthority.encoded(identity.ca().root())));
        options.trustRoots(first.roots());
        List<String> seeds = new ArrayList<>();
        for (String id : first.nodeIds()) {
            seeds.add(NodeConfigRenderer.quote(NodeConfig.arteryAddress(first.config(id).host(), first.config(id).arteryPort())));
        }
        chain.nodeConfig(partner.domain()).forEach(options::config);
        options.config("writ.exchange.registry-address", NodeConfigRenderer.quote(chain.config().contract("AgentRegistry")))
                .config("writ.cluster.seed-nodes", "[" + String.join(", ", seeds) + "]");
        return LocalFabric.launch(partner, options.build());
    }

    /** {@code policy} with {@code partnerTarget} allowed (operation {@code operation}) wherever {@code target} is. */
    public static Config withPartnerTarget(Config policy, String target, String partnerTarget, String operation) {
        List<Object> rules = new ArrayList<>();
        for (Config rule : policy.getConfigList("rules")) {
            if (rule.hasPath("targets." + NodeConfigRenderer.quote(target))) {
                rule = rule.withValue("targets." + NodeConfigRenderer.quote(partnerTarget),
                        ConfigValueFactory.fromIterable(List.of(operation)));
            }
            rules.add(rule.root().unwrapped());
        }
        return policy.withValue("rules", ConfigValueFactory.fromIterable(rules));
    }
}

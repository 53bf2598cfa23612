package dev.writ.fabric;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Everything that differs between the nodes of a fabric, i.e. what {@link NodeConfigRenderer}
 * writes over the node's {@code reference.conf}.
 *
 * @param host       the address the node binds, HTTP and Artery
 * @param arteryHost the host name of the node's Artery address, by which the other nodes reach it
 *                   ({@code host} unless regions resolve it to relays, {@link NodePlacement#arteryHost})
 * @param region     the node's region ({@code writ.node.region} and the cluster role {@code region:<name>});
 *                   empty in a topology without regions
 * @param extra raw HOCON overrides, path to value text (e.g. {@code "writ.evidence.lanes" -> "4"}),
 *              written last so they win
 */
public record NodeConfig(
        String nodeId,
        String domain,
        Path dataDir,
        String host,
        String arteryHost,
        Optional<String> region,
        int httpPort,
        int arteryPort,
        List<String> seedNodes,
        int minMembers,
        Journal journal,
        Optional<Path> policyFile,
        Map<String, String> extra) {

    /** The domain's shared database as the node sees it ({@code writ.journal}). */
    public record Journal(String url, String user, String password, int maxConnections) {
        public Journal {
            Objects.requireNonNull(url, "url");
            Objects.requireNonNull(user, "user");
            Objects.requireNonNull(password, "password");
            if (maxConnections < 1) {
                throw new IllegalArgumentException("maxConnections must be at least 1, got " + maxConnections);
            }
        }
    }

    public NodeConfig {
        Objects.requireNonNull(nodeId, "nodeId");
        Objects.requireNonNull(domain, "domain");
        Objects.requireNonNull(dataDir, "dataDir");
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(arteryHost, "arteryHost");
        Objects.requireNonNull(region, "region");
        Objects.requireNonNull(journal, "journal");
        seedNodes = List.copyOf(seedNodes);
        policyFile = Objects.requireNonNull(policyFile, "policyFile");
        extra = Map.copyOf(extra);
        if (minMembers < 1) {
            throw new IllegalArgumentException("minMembers must be at least 1, got " + minMembers);
        }
        checkPort(httpPort, "httpPort");
        checkPort(arteryPort, "arteryPort");
    }

    /** A node without regions whose Artery address is its bind address. */
    public NodeConfig(String nodeId, String domain, Path dataDir, String host, int httpPort, int arteryPort,
                      List<String> seedNodes, int minMembers, Journal journal, Optional<Path> policyFile,
                      Map<String, String> extra) {
        this(nodeId, domain, dataDir, host, host, Optional.empty(), httpPort, arteryPort, seedNodes, minMembers, journal,
                policyFile, extra);
    }

    /** The same node with other seeds and overrides (a restart). */
    public NodeConfig withSeedsAndExtra(List<String> seeds, Map<String, String> overrides) {
        return new NodeConfig(nodeId, domain, dataDir, host, arteryHost, region, httpPort, arteryPort, seeds, minMembers,
                journal, policyFile, overrides);
    }

    /** The Artery address other nodes use to reach this one, as Pekko writes seed nodes. */
    public String arteryAddress() {
        return arteryAddress(arteryHost, arteryPort);
    }

    public static String arteryAddress(String host, int port) {
        return "pekko://writ@" + host + ":" + port;
    }

    private static void checkPort(int port, String name) {
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException(name + " must be 1..65535, got " + port);
        }
    }
}

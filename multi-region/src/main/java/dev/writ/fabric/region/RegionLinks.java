package dev.writ.fabric.region;

import dev.writ.fabric.DatabaseRegions;
import dev.writ.fabric.FabricException;
import dev.writ.fabric.NodeConfig;
import dev.writ.fabric.NodePlacement;
import dev.writ.fabric.NodeSites;
import dev.writ.fabric.Topology;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Every cross-region link of a fabric on one machine, each through a {@link DelayRelay} with the
 * same one-way delay (D81): for every node and every other region, its HTTP
 * port and its Artery port at that region's address for it ({@link RegionAddresses}); for every
 * domain and every region of its nodes, each of its database servers outside that region. The
 * replication link between a primary and its standby is {@link ReplicatedDatabase}'s own relay.
 * As {@link NodeSites}: a node binds its region's address, its Artery host is its name, its JVM
 * resolves names with its region's hosts file, and its JDBC URL names the relays to the servers
 * outside its region.
 */
public final class RegionLinks implements NodeSites, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(RegionLinks.class);

    /** One relayed link: clients in {@code from} reach {@code what} in region {@code to} through {@code relay}. */
    public record Link(String from, String to, String what, DelayRelay relay) {
    }

    private final Topology topology;
    private final RegionAddresses addresses;
    private final Map<String, Path> hostsFiles;
    private final Map<String, int[]> nodePorts;
    private final List<Link> links = new ArrayList<>();
    /** Per domain and region: the servers' host:port as the launcher names them, to the relay's. */
    private final Map<String, Map<String, Map<String, String>>> databaseViews = new LinkedHashMap<>();

    private RegionLinks(Topology topology, Map<String, Path> hostsFiles, Map<String, int[]> nodePorts) {
        this.topology = topology;
        this.addresses = new RegionAddresses(topology);
        this.hostsFiles = hostsFiles;
        this.nodePorts = nodePorts;
    }

    /**
     * Writes each region's hosts file under {@code dir} and starts every relay.
     *
     * @param ports     two per node in topology order: HTTP, then Artery (as {@code LocalFabric} allocates them)
     * @param databases per domain, how the launcher reaches its database: its URL names the primary, then the standby
     * @param oneWay    the delay of every cross-region link in each direction (half the round trip)
     */
    public static RegionLinks open(Topology topology, Path dir, int[] ports, Map<String, NodeConfig.Journal> databases,
                                   Duration oneWay) {
        RegionAddresses addresses = new RegionAddresses(topology);
        Map<String, Path> hostsFiles = new LinkedHashMap<>();
        List<String> machine = machineNames();
        try {
            Files.createDirectories(dir);
            for (String region : topology.regions()) {
                Path file = dir.resolve(region + ".hosts");
                Files.writeString(file, addresses.hostsFile(region, machine));
                hostsFiles.put(region, file);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the regions' hosts files in " + dir, e);
        }
        Map<String, int[]> nodePorts = new LinkedHashMap<>();
        List<String> ids = topology.nodeIds();
        for (int i = 0; i < ids.size(); i++) {
            nodePorts.put(ids.get(i), new int[] {ports[2 * i], ports[2 * i + 1]});
        }
        RegionLinks links = new RegionLinks(topology, hostsFiles, nodePorts);
        try {
            links.relayNodes(oneWay);
            links.relayDatabases(databases, oneWay);
        } catch (IOException | RuntimeException e) {
            links.close();
            throw new FabricException("cannot start the relays between regions: " + e.getMessage(), e);
        }
        LOG.info("{} relays between regions {}, {} ms each way", links.links.size(), topology.regions(), oneWay.toMillis());
        return links;
    }

    private void relayNodes(Duration oneWay) throws IOException {
        for (String id : topology.nodeIds()) {
            String home = topology.regionOf(id);
            for (String region : topology.regions()) {
                if (region.equals(home)) {
                    continue;
                }
                for (int k = 0; k < 2; k++) {
                    int port = nodePorts.get(id)[k];
                    String what = (k == 0 ? "http " : "artery ") + id;
                    DelayRelay relay = DelayRelay.start(region + "->" + what,
                            new InetSocketAddress(addresses.address(id, region), port),
                            new InetSocketAddress(addresses.home(id), port), oneWay);
                    links.add(new Link(region, home, what, relay));
                }
            }
        }
    }

    private void relayDatabases(Map<String, NodeConfig.Journal> databases, Duration oneWay) throws IOException {
        for (String domain : topology.domains()) {
            NodeConfig.Journal journal = databases.get(domain);
            if (journal == null) {
                throw new IllegalArgumentException("no database for domain " + domain);
            }
            DatabaseRegions placed = topology.domainNodes(domain).database();
            List<String> servers = JdbcHosts.of(journal.url());
            if (servers.size() != placed.servers().size()) {
                throw new IllegalArgumentException("domain " + domain + " places " + placed.servers().size()
                        + " database server(s) in regions " + placed.servers() + ", but its database URL names "
                        + servers.size() + ": " + journal.url() + " (a standby needs a replicated database)");
            }
            Map<String, Map<String, String>> views = new LinkedHashMap<>();
            for (var region : topology.domainNodes(domain).regions()) {
                Map<String, String> view = new LinkedHashMap<>();
                for (int i = 0; i < servers.size(); i++) {
                    String serverRegion = placed.servers().get(i);
                    if (serverRegion.equals(region.region())) {
                        continue;
                    }
                    String what = "database " + domain + " " + (i == 0 ? "primary" : "standby") + " in " + serverRegion;
                    DelayRelay relay = DelayRelay.start(region.region() + "->" + what, JdbcHosts.address(servers.get(i)),
                            oneWay);
                    links.add(new Link(region.region(), serverRegion, what, relay));
                    view.put(servers.get(i), "127.0.0.1:" + relay.port());
                }
                views.put(region.region(), view);
            }
            databaseViews.put(domain, views);
        }
    }

    @Override
    public NodePlacement placement(String nodeId) {
        return new NodePlacement(addresses.home(nodeId), List.of(), addresses.hostName(nodeId),
                List.of("-Djdk.net.hosts.file=" + hostsFiles.get(topology.regionOf(nodeId))));
    }

    @Override
    public NodeConfig.Journal journal(String nodeId, NodeConfig.Journal direct) {
        Map<String, String> view = databaseViews.get(topology.domainOf(nodeId)).get(topology.regionOf(nodeId));
        return new NodeConfig.Journal(JdbcHosts.replace(direct.url(), view), direct.user(), direct.password(),
                direct.maxConnections());
    }

    /** Node {@code nodeId}'s HTTP API as a client in {@code fromRegion} reaches it. */
    public URI httpUri(String nodeId, String fromRegion) {
        return URI.create("http://" + addresses.address(nodeId, fromRegion) + ":" + nodePorts.get(nodeId)[0]);
    }

    /**
     * Partitions regions {@code a} and {@code b}: every link between them, both ways (HTTP, Artery,
     * database), is cut; open connections close and new ones close on arrival. Links to and within
     * other regions carry on.
     */
    public void cut(String a, String b) {
        between(a, b).forEach(l -> l.relay().cut());
    }

    /** Ends {@link #cut} between {@code a} and {@code b}. */
    public void heal(String a, String b) {
        between(a, b).forEach(l -> l.relay().heal());
    }

    private List<Link> between(String a, String b) {
        if (!topology.regions().contains(a) || !topology.regions().contains(b) || a.equals(b)) {
            throw new IllegalArgumentException("a cut is between two regions of " + topology.regions() + ", got " + a
                    + " and " + b);
        }
        return links.stream().filter(l -> l.from().equals(a) && l.to().equals(b) || l.from().equals(b) && l.to().equals(a))
                .toList();
    }

    /** Every relayed link. */
    public List<Link> links() {
        return List.copyOf(links);
    }

    @Override
    public void close() {
        links.forEach(l -> l.relay().close());
    }

    private static List<String> machineNames() {
        List<String> names = new ArrayList<>();
        try {
            InetAddress local = InetAddress.getLocalHost();
            names.add(local.getHostName());
            if (!local.getCanonicalHostName().equals(local.getHostName())) {
                names.add(local.getCanonicalHostName());
            }
        } catch (UnknownHostException e) {
            LOG.debug("The machine's host name does not resolve: {}", e.getMessage());
        }
        return names;
    }
}

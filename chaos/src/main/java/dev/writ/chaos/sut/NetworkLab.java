package dev.writ.chaos.sut;

import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Each node in its own Linux network namespace, joined by a bridge in the root namespace: the
 * bridge holds {@code 10.<a>.<b>.1/24} (where the harness, its clients and the drill's PostgreSQL
 * are reached), node {@code i} holds {@code 10.<a>.<b>.(i+2)}. A partition is a pair of blackhole
 * routes, one in each namespace, so both directions of a node-to-node link are cut while clients
 * still reach every node (as clients on each side of a real partition would); a one-way partition
 * is the route in the sender's namespace alone. Needs root and
 * iproute2; no container engine, no iptables, no tc.
 *
 * <p>Names carry a random tag so two drills on one machine do not collide; {@link #close()}
 * deletes every namespace, veth and the bridge it made.
 */
public final class NetworkLab implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(NetworkLab.class);

    private final String tag;
    private final String subnet;
    private final String bridge;
    private final Map<String, String> namespaces = new LinkedHashMap<>();
    private final Map<String, String> addresses = new LinkedHashMap<>();
    private final List<String[]> cuts = new ArrayList<>();

    private NetworkLab(String tag, String subnet) {
        this.tag = tag;
        this.subnet = subnet;
        this.bridge = "wbr" + tag;
    }

    /** Whether this process may build namespaces: root with a working {@code ip netns}. */
    public static boolean available() {
        return "root".equals(System.getProperty("user.name")) && Commands.works(List.of("ip", "netns", "list"));
    }

    /**
     * Creates the bridge and one namespace per node; on failure removes what it made. Every name
     * is written down in {@code state} before it is made, so a drill killed halfway leaves nothing
     * the next one cannot find (DrillLeftovers).
     */
    public static NetworkLab create(List<String> nodeIds, DrillState state) {
        SecureRandom random = new SecureRandom();
        String tag = String.format("%04x", random.nextInt(0x10000));
        NetworkLab lab = new NetworkLab(tag, "10." + (200 + random.nextInt(50)) + "." + random.nextInt(256));
        state.record(DrillState.LINK, lab.bridge);
        for (int i = 0; i < nodeIds.size(); i++) {
            state.record(DrillState.NETNS, lab.namespace(i));
            state.record(DrillState.LINK, lab.veth(i));
        }
        try {
            lab.build(nodeIds);
            return lab;
        } catch (RuntimeException e) {
            lab.close();
            throw e;
        }
    }

    private void build(List<String> nodeIds) {
        ip("link", "add", bridge, "type", "bridge");
        ip("addr", "add", bridgeAddress() + "/24", "dev", bridge);
        ip("link", "set", bridge, "up");
        for (int i = 0; i < nodeIds.size(); i++) {
            String ns = namespace(i);
            String veth = veth(i);
            String address = subnet + "." + (i + 2);
            ip("netns", "add", ns);
            namespaces.put(nodeIds.get(i), ns);
            ip("link", "add", veth, "type", "veth", "peer", "name", veth + "p");
            ip("link", "set", veth + "p", "netns", ns);
            ip("link", "set", veth, "master", bridge);
            ip("link", "set", veth, "up");
            ip("netns", "exec", ns, "ip", "addr", "add", address + "/24", "dev", veth + "p");
            ip("netns", "exec", ns, "ip", "link", "set", veth + "p", "up");
            ip("netns", "exec", ns, "ip", "link", "set", "lo", "up");
            addresses.put(nodeIds.get(i), address);
        }
        LOG.info("Network lab {}: bridge {} at {}, namespaces {}", tag, bridge, bridgeAddress(), namespaces);
    }

    /** The bridge's address in the root namespace: where the nodes reach the drill's PostgreSQL. */
    public String bridgeAddress() {
        return subnet + ".1";
    }

    public String address(String nodeId) {
        return require(addresses, nodeId);
    }

    /** The launch prefix that runs a command inside the node's namespace. */
    public List<String> launchPrefix(String nodeId) {
        return List.of("ip", "netns", "exec", require(namespaces, nodeId));
    }

    /** Cuts every link between a node of {@code side} and a node outside it, both directions. */
    public synchronized void partition(Set<String> side) {
        for (String a : addresses.keySet()) {
            for (String b : addresses.keySet()) {
                if (side.contains(a) && !side.contains(b)) {
                    cut(a, b);
                    cut(b, a);
                }
            }
        }
    }

    /**
     * Cuts every link from a node of {@code senders} to a node of {@code receivers} in that direction
     * only: a blackhole route in each sender's namespace, so what it sends them is lost and what they
     * send it still arrives (a one-way partition at the IP layer).
     */
    public synchronized void cutOneWay(Set<String> senders, Set<String> receivers) {
        for (String a : senders) {
            for (String b : receivers) {
                if (!a.equals(b)) {
                    cut(a, b);
                }
            }
        }
    }

    /** Removes every cut. */
    public synchronized void heal() {
        for (String[] cut : List.copyOf(cuts)) {
            Commands.attempt(List.of("ip", "netns", "exec", namespaces.get(cut[0]), "ip", "route", "del", "blackhole",
                    addresses.get(cut[1])));
        }
        cuts.clear();
    }

    private void cut(String from, String to) {
        ip("netns", "exec", namespaces.get(from), "ip", "route", "add", "blackhole", addresses.get(to));
        cuts.add(new String[] {from, to});
    }

    @Override
    public synchronized void close() {
        for (String ns : namespaces.values()) {
            Commands.attempt(List.of("ip", "netns", "del", ns));
        }
        for (int i = 0; i < namespaces.size(); i++) {
            Commands.attempt(List.of("ip", "link", "del", veth(i)));
        }
        Commands.attempt(List.of("ip", "link", "del", bridge));
        namespaces.clear();
    }

    private String namespace(int i) {
        return "w" + tag + "n" + i;
    }

    private String veth(int i) {
        return "wv" + tag + i;
    }

    public String describe() {
        return "Linux network namespaces " + namespaces.values() + " on bridge " + bridge + " (" + subnet + ".0/24)";
    }

    private static void ip(String... args) {
        List<String> command = new ArrayList<>();
        command.add("ip");
        command.addAll(List.of(args));
        Commands.run(command);
    }

    private static String require(Map<String, String> map, String nodeId) {
        String v = map.get(nodeId);
        if (v == null) {
            throw new IllegalArgumentException("no node " + nodeId + " in this network lab");
        }
        return v;
    }
}

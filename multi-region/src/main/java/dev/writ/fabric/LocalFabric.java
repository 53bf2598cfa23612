package dev.writ.fabric;

import dev.writ.authority.ca.CertificateAuthority;
import dev.writ.fabric.region.RegionLinks;
import dev.writ.fabric.region.ReplicatedDatabase;
import dev.writ.node.ClusterExit;
import dev.writ.node.keys.NodeKeys;
import dev.writ.protocol.crypto.SigningKey;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A Writ fabric on this machine: every node of every domain of the {@link Topology} runs as its
 * own JVM process ({@code java -cp <classpath> dev.writ.node.NodeMain --config <workdir>/<node>.conf},
 * output to {@code <workdir>/<node>.log}). All nodes form one Pekko cluster, each domain its own
 * data center: every node is a seed, in topology order (the first node of the first domain forms
 * the cluster), and {@code min-members} is the node count of the node's own domain (the node's
 * start-up gate counts its own data center). Each domain has its own database, shared by its
 * nodes, and its own overrides ({@link FabricOptions#domainConfig()}). Every node's key exists
 * before the node first starts; with a {@link FabricOptions#chain()}, the domain's admin has
 * registered it on chain by then. With several regions in the topology every node binds its
 * region's loopback address and every cross-region link runs through a delaying relay
 * ({@link RegionLinks}; clients pick their region with {@link #httpUri(String, String)}).
 * {@link #launch} returns once every node's {@code /v1/health} says HEALTHY. Later, {@link #join}
 * adds a node to one of its domains and {@link #retire} takes one out for good (the membership
 * drills).
 *
 * <p>{@link #close()} stops every node (SIGTERM, then SIGKILL after the stop timeout) and the
 * databases; so does a failed launch, and a JVM shutdown hook kills whatever is left as a last
 * resort. No node process outlives the fabric.
 */
public final class LocalFabric implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(LocalFabric.class);
    public static final String NODE_MAIN = "dev.writ.node.NodeMain";
    private static final int LOG_TAIL_LINES = 40;
    private static final Duration POLL = Duration.ofMillis(200);

    private final Topology topology;
    private final FabricOptions options;
    /** Copied on write: {@link #join} and {@link #retire} change the members while drills read them. */
    private volatile Map<String, ManagedNode> nodes = Map.of();
    /** The roots {@link #trust} added to every node's store: a node that {@link #join}s later trusts them too. */
    private final List<byte[]> addedRoots = new java.util.concurrent.CopyOnWriteArrayList<>();
    private final HttpClient http = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(2))
            .build();
    private final Thread shutdownHook;
    private final Map<String, FabricDatabase> databases = new LinkedHashMap<>();
    private final Map<String, FabricIdentity> identities = new LinkedHashMap<>();
    private List<String> allSeeds = List.of();
    /** Where each node runs: the options' placements, or with several regions {@link #links}. */
    private NodeSites sites;
    private RegionLinks links;
    private volatile boolean closed;

    private static final class ManagedNode {
        volatile NodeConfig config;
        /** The overrides the node was launched with: fabric-wide, its domain's, its TLS settings. */
        final Map<String, String> baseExtra;
        final Path configFile;
        final Path logFile;
        volatile Process process;

        ManagedNode(NodeConfig config, Path configFile, Path logFile) {
            this.config = config;
            this.baseExtra = config.extra();
            this.configFile = configFile;
            this.logFile = logFile;
        }
    }

    private LocalFabric(Topology topology, FabricOptions options) {
        this.topology = topology;
        this.options = options;
        this.shutdownHook = new Thread(this::killAllNow, "writ-fabric-shutdown");
        this.sites = NodeSites.of(options);
    }

    /** Starts the databases and every node and waits until all are HEALTHY; on any failure nothing is left running. */
    public static LocalFabric launch(Topology topology, FabricOptions options) {
        LocalFabric fabric = new LocalFabric(topology, options);
        try {
            fabric.start();
            return fabric;
        } catch (RuntimeException | Error e) {
            try {
                fabric.close();
            } catch (RuntimeException suppressed) {
                e.addSuppressed(suppressed);
            }
            throw e;
        }
    }

    private void start() {
        Runtime.getRuntime().addShutdownHook(shutdownHook);
        Path work = options.workDir().toAbsolutePath();
        try {
            Files.createDirectories(work);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the fabric's work directory " + work, e);
        }
        Map<String, NodeConfig.Journal> journals = new LinkedHashMap<>();
        for (String domain : topology.domains()) {
            databases.put(domain, FabricDatabase.open(options.database(), domain, topology.domainNodes(domain).database(),
                    work));
            journals.put(domain, databases.get(domain).journal(options.journalMaxConnections()));
        }
        Map<String, Map<String, String>> identity = new LinkedHashMap<>();
        Map<String, CertificateAuthority> cas = new LinkedHashMap<>();
        for (String domain : topology.domains()) {
            FabricIdentity id = FabricIdentity.openOrCreate(domain, identityDir(work, domain));
            identities.put(domain, id);
            identity.put(domain, id.nodeConfig());
            cas.put(domain, id.ca());
        }
        int[] ports = FreePorts.allocate(2 * topology.size());
        if (topology.multiRegion()) {
            if (!options.placements().isEmpty()) {
                throw new IllegalArgumentException("a topology with regions places its nodes itself (each region its own"
                        + " addresses and relays); it takes no node placements, got " + options.placements().keySet());
            }
            links = RegionLinks.open(topology, work.resolve("regions"), ports, journals,
                    options.regionRoundTrip().dividedBy(2));
            sites = links;
        }
        Map<String, Map<String, String>> tls = options.mutualTls()
                ? FabricTls.provision(work.resolve("tls"), topology, cas, options.trustedRoots())
                : FabricTls.plain(topology);
        // Every node is a seed, the first node of the first domain first: it forms the cluster at
        // launch, and when it is restarted later (a drill kills it) it joins the others instead of
        // forming a cluster of its own (relaunch gives it the members the running nodes count Up as seeds).
        List<NodeConfig> configs = FabricLayout.nodes(topology, options, work, ports, journals, identity, tls, sites);
        allSeeds = configs.get(0).seedNodes();
        Map<String, ManagedNode> laidOut = new LinkedHashMap<>();
        for (NodeConfig config : configs) {
            Path file = work.resolve(config.nodeId() + ".conf");
            writeConfig(file, config);
            laidOut.put(config.nodeId(), new ManagedNode(config, file, work.resolve(config.nodeId() + ".log")));
            createKey(config, work);
        }
        nodes = java.util.Collections.unmodifiableMap(laidOut);
        LOG.info("Launching {} nodes of domains {} in {} on {}", topology.size(), topology.domains(), work,
                databaseDescription());
        for (String id : nodes.keySet()) {
            startProcess(id);
        }
        awaitHealthy(nodes.keySet(), options.startTimeout());
    }

    /**
     * Creates the node's key where the node will look for it (it would create one itself on first
     * start) and, with a chain, registers its public key for the node's domain, signed by the
     * domain's admin: partner domains verify the domain's envelopes against it.
     */
    private void createKey(NodeConfig config, Path work) {
        Path file = NodeKeyFile.of(config, work);
        SigningKey key;
        try {
            key = NodeKeys.loadOrCreate(file);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the key of node " + config.nodeId() + " at " + file, e);
        }
        options.chain().ifPresent(chain -> {
            chain.registerNodeKey(config.domain(), key.verifyingKey());
            LOG.info("Key {} of node {} registered on chain for domain {}", key.verifyingKey().id(), config.nodeId(),
                    config.domain());
        });
    }

    private static void writeConfig(Path file, NodeConfig config) {
        try {
            Files.writeString(file, NodeConfigRenderer.render(config));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
    }

    private void startProcess(String id) {
        ManagedNode node = node(id);
        NodePlacement placement = sites.placement(id);
        List<String> command = new ArrayList<>(placement.commandPrefix());
        command.add(options.javaCommand());
        command.addAll(options.jvmFlags());
        command.addAll(placement.jvmFlags());
        command.add("-Dwrit.fabric.node=" + id);
        command.add("-cp");
        command.add(options.classpath());
        command.add(NODE_MAIN);
        command.add("--config");
        command.add(node.configFile.toString());
        try {
            Files.writeString(node.logFile, "=== " + Instant.now() + " writ fabric starts node " + id + " with "
                    + options.jvmFlags() + "\n", StandardOpenOption.CREATE, StandardOpenOption.APPEND);
            ProcessBuilder pb = new ProcessBuilder(command)
                    .directory(options.workDir().toAbsolutePath().toFile())
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(node.logFile.toFile()))
                    .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
            pb.environment().putAll(options.environment());
            if (closed) {
                throw new FabricException("the fabric is closed; node " + id + " was not started");
            }
            Process started = pb.start();
            node.process = started;
            started.onExit().thenAccept(exited -> restartIfRemoved(id, exited));
            LOG.info("Node {} started as pid {} (http {}, artery {})", id, started.pid(),
                    node.config.httpPort(), node.config.arteryPort());
        } catch (IOException e) {
            throw new FabricException("could not start node " + id + " (" + options.javaCommand() + "): "
                    + e.getMessage(), e);
        }
    }

    /**
     * The fabric as a node's supervisor (as ops/systemd/writ-node.service is in production): a node
     * that exits with {@link ClusterExit#CODE}, because the cluster downed or removed it, is started
     * again on the same data and ports and joins as a new incarnation. Any other exit (a kill, a
     * failed start) is left for whoever caused it; so is a node someone has started again already.
     */
    private void restartIfRemoved(String id, Process exited) {
        ManagedNode node = nodes.get(id);
        if (closed || exited.exitValue() != ClusterExit.CODE || node == null) {
            return; // node == null: it was retired
        }
        synchronized (node) {
            if (closed || node.process != exited) {
                return;
            }
            LOG.warn("Node {} (pid {}) exited with code {}: the cluster ended its membership; starting it again", id,
                    exited.pid(), ClusterExit.CODE);
            try {
                relaunch(id, node.config.extra());
            } catch (FabricException e) {
                LOG.error("Node {} could not be started again: {}", id, e.getMessage());
            }
        }
    }

    /**
     * Polls {@code /v1/health} of every node in {@code ids} until all say HEALTHY; fails fast when a
     * node exits, unless it exited to be started again ({@link #restartIfRemoved}).
     */
    public void awaitHealthy(Set<String> ids, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        Set<String> pending = new LinkedHashSet<>(ids);
        Map<String, String> last = new LinkedHashMap<>();
        while (true) {
            for (var it = pending.iterator(); it.hasNext(); ) {
                String id = it.next();
                ManagedNode node = node(id);
                Process p = node.process;
                if (p != null && !p.isAlive() && p.exitValue() == ClusterExit.CODE && !closed) {
                    last.put(id, "exited with code " + ClusterExit.CODE + " (removed from the cluster); starting again");
                    continue;
                }
                if (p == null || !p.isAlive()) {
                    throw new FabricException("node " + id + " exited" + (p == null ? "" : " with code " + p.exitValue())
                            + " before it was HEALTHY; the last lines of " + node.logFile + ":\n" + logTail(id));
                }
                try {
                    NodeHealth h = health(id);
                    last.put(id, h.toString());
                    if (h.healthy()) {
                        it.remove();
                    }
                } catch (FabricException e) {
                    last.put(id, e.getMessage());
                }
            }
            if (pending.isEmpty()) {
                return;
            }
            if (System.nanoTime() - deadline > 0) {
                StringBuilder msg = new StringBuilder("not HEALTHY within " + timeout.toSeconds() + " s: ");
                for (String id : pending) {
                    msg.append("\nnode ").append(id).append(" last said ").append(last.get(id))
                            .append("; the last lines of ").append(node(id).logFile).append(":\n").append(logTail(id));
                }
                throw new FabricException(msg.toString());
            }
            pause();
        }
    }

    /**
     * Polls node {@code id}'s health until {@code condition} holds and returns that answer; on the
     * deadline fails with the last answer, naming {@code what} was awaited.
     */
    public NodeHealth awaitHealth(String id, Predicate<NodeHealth> condition, Duration timeout, String what) {
        long deadline = System.nanoTime() + timeout.toNanos();
        String last = "no answer yet";
        while (true) {
            try {
                NodeHealth h = health(id);
                if (condition.test(h)) {
                    return h;
                }
                last = h.toString() + " members " + h.membersUp();
            } catch (FabricException e) {
                last = e.getMessage();
            }
            if (System.nanoTime() - deadline > 0) {
                throw new FabricException("node " + id + ": " + what + " did not happen within " + timeout.toMillis()
                        + " ms; it last said " + last);
            }
            pause();
        }
    }

    /** One {@code GET /v1/health} (HTTP 503 carries a FAILED document too); FabricException when there is no answer. */
    public NodeHealth health(String id) {
        HttpRequest request = HttpRequest.newBuilder(httpUri(id).resolve("/v1/health"))
                .timeout(Duration.ofSeconds(2)).GET().build();
        try {
            HttpResponse<String> r = http.send(request, HttpResponse.BodyHandlers.ofString());
            return NodeHealth.parse(r.statusCode(), r.body());
        } catch (IOException | IllegalArgumentException e) {
            throw new FabricException("node " + id + " health: " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new FabricException("interrupted while asking node " + id + " for its health", e);
        }
    }

    /** SIGKILL: the node gets no chance to leave the cluster. Returns once the process is gone. */
    public void kill(String id) {
        Process p = running(id);
        p.destroyForcibly();
        awaitExit(id, p, options.stopTimeout());
        LOG.info("Node {} (pid {}) killed", id, p.pid());
    }

    /** SIGSTOP: the node's process stays alive and answers nothing, as in a long pause or behind a partition. */
    public void freeze(String id) {
        signal(id, "STOP");
    }

    /** SIGCONT: a frozen node runs again. */
    public void thaw(String id) {
        signal(id, "CONT");
    }

    private void signal(String id, String signal) {
        long pid = running(id).pid();
        try {
            Process kill = new ProcessBuilder("kill", "-" + signal, Long.toString(pid)).redirectErrorStream(true).start();
            String said = new String(kill.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
            if (kill.waitFor() != 0) {
                throw new FabricException("kill -" + signal + " of node " + id + " (pid " + pid + ") failed: " + said);
            }
        } catch (IOException e) {
            throw new FabricException("cannot run kill -" + signal + " for node " + id + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new FabricException("interrupted while signalling node " + id, e);
        }
        LOG.info("Node {} (pid {}) sent SIG{}", id, pid, signal);
    }

    /** SIGTERM: the node leaves the cluster and closes in order; SIGKILL if it has not exited within the stop timeout. */
    public void stop(String id) {
        Process p = running(id);
        p.destroy();
        if (!awaitExit(id, p, options.stopTimeout())) {
            LOG.warn("Node {} (pid {}) did not stop within {}; killing it", id, p.pid(), options.stopTimeout());
            p.destroyForcibly();
            awaitExit(id, p, options.stopTimeout());
        }
        LOG.info("Node {} (pid {}) stopped", id, p.pid());
    }

    /**
     * Starts node {@code id} again (stopping it first if it runs): same ports, data dir and
     * overrides; waits until HEALTHY. While a cluster runs, the restarted node's seeds are the
     * members the other nodes count Up, so it joins that cluster instead of forming one of its own
     * (the first seed would, if its join attempts timed out while its JVM warms up); when no cluster
     * runs, the launch's seeds, so that one forms again.
     */
    public void restart(String id) {
        relaunch(id, node(id).config.extra());
        awaitHealthy(Set.of(id), options.startTimeout());
    }

    /**
     * Starts node {@code id} again as {@link #restart(String)} does (its seeds chosen the same way),
     * without waiting for it. A node started again is HEALTHY only once {@code min-members} of its
     * domain have been Up together since it started; when several nodes come back at once, waiting
     * for one before starting the next can wait for ever (it needs the next), so the caller starts
     * every one of them first and then awaits them together ({@link #awaitHealthy}).
     */
    public void relaunch(String id) {
        relaunch(id, node(id).config.extra());
    }

    /**
     * Restarts node {@code id} as {@link #restart(String)} does, with {@code overrides} (HOCON path
     * to value text) over the overrides it was launched with (fabric-wide, its domain's, TLS),
     * replacing the overrides of any earlier call; an empty map goes back to the launch config.
     * Chaos drills use it to skew one node's clock ({@code writ.node.clock-offset}).
     */
    public void restart(String id, Map<String, String> overrides) {
        Map<String, String> extra = new LinkedHashMap<>(node(id).baseExtra);
        extra.putAll(overrides);
        relaunch(id, extra);
        awaitHealthy(Set.of(id), options.startTimeout());
    }

    /**
     * As {@link #restart(String, Map)}, but waits until {@code ready} holds instead of HEALTHY: a
     * node restarted with a skewed clock is rightly DEGRADED (its chain head looks old to it), and
     * a drill still wants it running and answering before it goes on.
     */
    public NodeHealth restart(String id, Map<String, String> overrides, Predicate<NodeHealth> ready, String what) {
        Map<String, String> extra = new LinkedHashMap<>(node(id).baseExtra);
        extra.putAll(overrides);
        relaunch(id, extra);
        return awaitHealth(id, ready, options.startTimeout(), what);
    }

    /**
     * A new node {@code id} of {@code domain} joins the running fabric, as an operator adds a machine
     * to a domain: new ports, its own Artery TLS certificate from the domain's CA (trusting every root
     * the others trust), the domain's database, overrides and start-up gate as its first node has them,
     * the members the running nodes count Up as its seeds, and its data directory as it finds it: a
     * node that never ran there, or was {@link #retire}d, starts empty (its key is made there, and
     * registered with the options' chain, unless one was put there beforehand). Placed as
     * {@link FabricOptions#placement} says. Returns once its process has started: a JVM joining a busy
     * domain can take longer than a launch to be ready, so the caller waits as long as it sees fit
     * ({@link #awaitHealthy}). Not with regions: a joining node's relays are not laid out.
     */
    public synchronized void join(String id, String domain) {
        if (closed) {
            throw new FabricException("the fabric is closed; node " + id + " cannot join");
        }
        if (topology.multiRegion()) {
            throw new IllegalArgumentException("a node cannot join a fabric with regions (its relays are laid out at"
                    + " launch)");
        }
        if (nodes.containsKey(id)) {
            throw new IllegalArgumentException("node " + id + " is already in this fabric");
        }
        ManagedNode first = node(topology.nodesOf(domain).get(0));
        Path work = options.workDir().toAbsolutePath();
        int[] ports = FreePorts.allocate(2);
        List<byte[]> otherRoots = new ArrayList<>(options.trustedRoots());
        otherRoots.addAll(addedRoots);
        identities.forEach((d, identity) -> {
            if (!d.equals(domain)) {
                otherRoots.add(CertificateAuthority.encoded(identity.ca().root()));
            }
        });
        Topology alone = new Topology(domain, List.of(id));
        Map<String, String> extra = new LinkedHashMap<>(first.baseExtra);
        extra.putAll((options.mutualTls()
                ? FabricTls.provision(work.resolve("tls"), alone, Map.of(domain, identity(domain).ca()), otherRoots)
                : FabricTls.plain(alone)).get(id));
        NodePlacement placement = sites.placement(id);
        NodeConfig c = first.config;
        NodeConfig config = new NodeConfig(id, domain, work.resolve(id), placement.host(), placement.arteryHost(),
                c.region(), ports[0], ports[1], runningSeeds(null), c.minMembers(), c.journal(), c.policyFile(), extra);
        Path file = work.resolve(id + ".conf");
        writeConfig(file, config);
        createKey(config, work);
        Map<String, ManagedNode> more = new LinkedHashMap<>(nodes);
        more.put(id, new ManagedNode(config, file, work.resolve(id + ".log")));
        nodes = java.util.Collections.unmodifiableMap(more);
        LOG.info("Node {} of domain {} joins the running fabric (seeds {})", id, domain, config.seedNodes());
        startProcess(id);
    }

    /**
     * Node {@code id} leaves the fabric for good: stopped as {@link #stop} does when it runs (it
     * leaves the cluster), no longer one of {@link #nodeIds()}, and its data directory deleted (a
     * node that {@link #join}s later under the same id starts empty); its log stays.
     */
    public synchronized void retire(String id) {
        ManagedNode node = node(id);
        synchronized (node) {
            Process p = node.process;
            if (p != null && p.isAlive()) {
                stop(id);
            }
            Map<String, ManagedNode> fewer = new LinkedHashMap<>(nodes);
            fewer.remove(id);
            nodes = java.util.Collections.unmodifiableMap(fewer);
        }
        deleteTree(node.config.dataDir());
        LOG.info("Node {} retired: no longer in the fabric, its data directory {} deleted", id, node.config.dataDir());
    }

    private static void deleteTree(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try (var paths = Files.walk(dir)) {
            for (Path p : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete " + dir, e);
        }
    }

    /**
     * The seeds of a node (re)starting now ({@code except}: itself, or null for a joiner): the
     * members the other running nodes count Up, so it joins the cluster that exists. A running node
     * that is not in a cluster (it is joining, downed, or starting) is no seed: two such nodes, each
     * the other's only seed, would wait for each other for ever, since only a node listed first in
     * its own seeds forms a cluster. When no running node counts any member Up (every node was
     * downed, or none runs) the seeds are the launch's, every node in topology order, so the first
     * node forms the cluster again and the others join it.
     */
    private List<String> runningSeeds(ManagedNode except) {
        Set<String> seeds = new LinkedHashSet<>();
        for (Map.Entry<String, ManagedNode> other : nodes.entrySet()) {
            ManagedNode n = other.getValue();
            if (n != except && n.process != null && n.process.isAlive()) {
                try {
                    seeds.addAll(health(other.getKey()).membersUp());
                } catch (FabricException noAnswer) {
                    // frozen, cut off or starting: it names no members
                }
            }
        }
        if (except != null) {
            seeds.remove(except.config.arteryAddress()); // its own last incarnation may still be counted Up
        }
        return seeds.isEmpty() ? allSeeds : List.copyOf(seeds);
    }

    private void relaunch(String id, Map<String, String> extra) {
        ManagedNode node = node(id);
        synchronized (node) { // one launch at a time per node: a drill's restart and the supervisor's
            relaunchLocked(id, node, extra);
        }
    }

    private void relaunchLocked(String id, ManagedNode node, Map<String, String> extra) {
        Process p = node.process;
        if (p != null && p.isAlive()) {
            stop(id);
        }
        NodeConfig changed = node.config.withSeedsAndExtra(runningSeeds(node), extra);
        writeConfig(node.configFile, changed);
        node.config = changed;
        startProcess(id);
    }

    public boolean isRunning(String id) {
        Process p = node(id).process;
        return p != null && p.isAlive();
    }

    public URI httpUri(String id) {
        NodeConfig c = node(id).config;
        return URI.create("http://" + c.host() + ":" + c.httpPort());
    }

    /**
     * Node {@code id}'s HTTP API as a client in {@code fromRegion} reaches it: directly in the node's
     * own region, through the link's relay from another ({@link RegionLinks}).
     */
    public URI httpUri(String id, String fromRegion) {
        if (links != null) {
            return links.httpUri(id, fromRegion);
        }
        if (!topology.regionOf(id).equals(fromRegion)) {
            throw new IllegalArgumentException("no region " + fromRegion + " in this fabric; regions: " + topology.regions());
        }
        return httpUri(id);
    }

    /** The relays on the cross-region links; empty with one region. */
    public Optional<RegionLinks> regionLinks() {
        return Optional.ofNullable(links);
    }

    /** The pid of the node's current (or last) process. */
    public long pid(String id) {
        Process p = node(id).process;
        if (p == null) {
            throw new FabricException("node " + id + " has not been started");
        }
        return p.pid();
    }

    public List<String> nodeIds() {
        return List.copyOf(nodes.keySet());
    }

    /** The nodes of {@code domain}, in launch order. */
    public List<String> nodesOf(String domain) {
        return topology.nodesOf(domain);
    }

    public NodeConfig config(String id) {
        return node(id).config;
    }

    public Path logFile(String id) {
        return node(id).logFile;
    }

    /** The identity of {@code domain}, one of this fabric's: its CA, agent credentials and operator. */
    public FabricIdentity identity(String domain) {
        FabricIdentity id = identities.get(domain);
        if (id == null) {
            throw new IllegalArgumentException("domain " + domain + " is not in this fabric " + topology.domains());
        }
        return id;
    }

    /** Where a fabric in {@code workDir} keeps {@code domain}'s identity ({@link FabricIdentity}). */
    public static Path identityDir(Path workDir, String domain) {
        return workDir.toAbsolutePath().resolve("identity").resolve(domain);
    }

    /** The DER root certificates of this fabric's domains. */
    public List<byte[]> roots() {
        return identities.values().stream().map(id -> CertificateAuthority.encoded(id.ca().root())).toList();
    }

    /**
     * With mutual TLS, adds {@code roots} (DER) to every node's trust store; running nodes use the
     * new store for their next connections, with no restart (so a partner domain's nodes can join).
     */
    public void trust(List<byte[]> roots) {
        if (!options.mutualTls()) {
            return;
        }
        addedRoots.addAll(roots);
        for (ManagedNode node : nodes.values()) {
            FabricTls.trust(node.baseExtra, roots);
        }
    }

    public Topology topology() {
        return topology;
    }

    public FabricOptions options() {
        return options;
    }

    /** Every domain's database: its description alone for one domain, else {@code <domain>: <description>; ...}. */
    public String databaseDescription() {
        if (databases.isEmpty()) {
            return "none";
        }
        if (databases.size() == 1) {
            return databases.values().iterator().next().describe();
        }
        List<String> parts = new ArrayList<>();
        databases.forEach((domain, db) -> parts.add(domain + ": " + db.describe()));
        return String.join("; ", parts);
    }

    /** Which database, where, {@code domain}'s nodes share. */
    public String databaseDescription(String domain) {
        return database(domain).describe();
    }

    /**
     * {@code domain}'s primary and synchronous standby when the fabric runs it on
     * {@link DatabaseChoice.ReplicatedPostgres}, so a demo or test can lose the primary's region and
     * promote the standby; empty on any other database.
     */
    public Optional<ReplicatedDatabase> replicatedDatabase(String domain) {
        return database(domain) instanceof FabricDatabase.Replicated replicated
                ? Optional.of(replicated.servers()) : Optional.empty();
    }

    /** How {@code domain}'s nodes reach their database (tests read the domain's evidence through it). */
    public NodeConfig.Journal journal(String domain) {
        return database(domain).journal(options.journalMaxConnections());
    }

    private FabricDatabase database(String domain) {
        FabricDatabase db = databases.get(domain);
        if (db == null) {
            throw new IllegalArgumentException("no database for domain " + domain + "; domains: " + databases.keySet());
        }
        return db;
    }

    /** The last lines of the node's log, for error messages. */
    public String logTail(String id) {
        Path log = node(id).logFile;
        try {
            String[] lines = new String(Files.readAllBytes(log), StandardCharsets.UTF_8).split("\n");
            return String.join("\n", Arrays.asList(lines).subList(Math.max(0, lines.length - LOG_TAIL_LINES), lines.length));
        } catch (IOException e) {
            return "(no log: " + e.getMessage() + ")";
        }
    }

    /** Stops every node (SIGTERM to all, then SIGKILL to any still alive after the stop timeout) and the databases. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        List<Process> running = new ArrayList<>();
        for (ManagedNode n : nodes.values()) {
            Process p = n.process;
            if (p != null && p.isAlive()) {
                p.destroy();
                running.add(p);
            }
        }
        long deadline = System.nanoTime() + options.stopTimeout().toNanos();
        for (Process p : running) {
            try {
                long left = Math.max(0, deadline - System.nanoTime());
                if (!p.waitFor(left, TimeUnit.NANOSECONDS)) {
                    LOG.warn("pid {} did not stop within {}; killing it", p.pid(), options.stopTimeout());
                    p.destroyForcibly();
                    p.waitFor(10, TimeUnit.SECONDS);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                p.destroyForcibly();
            }
        }
        if (links != null) {
            links.close();
        }
        for (Map.Entry<String, FabricDatabase> db : databases.entrySet()) {
            try {
                db.getValue().close();
            } catch (RuntimeException e) {
                LOG.warn("Could not close the database of domain {}: {}", db.getKey(), e.getMessage());
            }
        }
        try {
            Runtime.getRuntime().removeShutdownHook(shutdownHook);
        } catch (IllegalStateException | IllegalArgumentException shuttingDownOrNeverAdded) {
            // the hook runs or never was added
        }
        LOG.info("Fabric in {} closed", options.workDir());
    }

    /** The shutdown hook: no waiting for graceful exits, just make sure nothing survives this JVM. */
    private void killAllNow() {
        if (closed) {
            return;
        }
        for (ManagedNode n : nodes.values()) {
            Process p = n.process;
            if (p != null && p.isAlive()) {
                p.destroyForcibly();
            }
        }
        if (links != null) {
            links.close();
        }
        for (FabricDatabase db : databases.values()) {
            try {
                db.close();
            } catch (RuntimeException ignored) {
                // the JVM is going away
            }
        }
    }

    private boolean awaitExit(String id, Process p, Duration timeout) {
        try {
            return p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new FabricException("interrupted while waiting for node " + id + " to exit", e);
        }
    }

    private Process running(String id) {
        Process p = node(id).process;
        if (p == null || !p.isAlive()) {
            throw new FabricException("node " + id + " is not running");
        }
        return p;
    }

    private ManagedNode node(String id) {
        ManagedNode n = nodes.get(id);
        if (n == null) {
            throw new IllegalArgumentException("no node " + id + " in this fabric; nodes: " + nodes.keySet());
        }
        return n;
    }

    private static void pause() {
        try {
            Thread.sleep(POLL.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new FabricException("interrupted while polling the fabric", e);
        }
    }
}

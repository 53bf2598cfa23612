package dev.writ.chaos.sut;

import dev.writ.authority.governance.PolicyGovernance;
import dev.writ.chaos.history.EvidenceSnapshot;
import dev.writ.contracts.chain.AgentRegistryContract;
import dev.writ.contracts.chain.EvidenceAnchorContract;
import dev.writ.contracts.chain.PolicyDocumentException;
import dev.writ.fabric.DatabaseChoice;
import dev.writ.fabric.DatabaseRegions;
import dev.writ.fabric.FabricChain;
import dev.writ.fabric.FabricException;
import dev.writ.fabric.FabricIdentity;
import dev.writ.fabric.FabricOptions;
import dev.writ.fabric.LocalFabric;
import dev.writ.fabric.NodeConfig;
import dev.writ.fabric.NodeConfigRenderer;
import dev.writ.fabric.NodeHealth;
import dev.writ.fabric.NodePlacement;
import dev.writ.fabric.PartnerDomain;
import dev.writ.fabric.SamplePolicies;
import dev.writ.fabric.Topology;
import dev.writ.policy.PolicyFormatException;
import dev.writ.protocol.wire.EvidenceKind;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The system under test: one domain of real node JVMs (a {@link LocalFabric}) on the drill's own
 * PostgreSQL and dev chain (anvil), each node in its own network namespace when
 * {@link NetworkLab#available()}, else all on 127.0.0.1 (network nemeses then unavailable). The
 * database and anvil listen on the bridge address, which the namespaced nodes reach. The drill
 * policy ({@link DrillPolicies}: the bench policy, without per-agent budgets, so the load does not turn into
 * budget refusals) is enacted through the chain's PolicyRegistry and read from there by the nodes,
 * which anchor their evidence batches on the chain's EvidenceAnchor.
 */
public final class SystemUnderTest implements AutoCloseable {
    /** How long the nodes of a domain across three regions have to become HEALTHY at the start. */
    private static final Duration REGIONS_START_TIMEOUT = Duration.ofSeconds(240);
    private static final Logger LOG = LoggerFactory.getLogger(SystemUnderTest.class);
    public static final String DOMAIN = "acme";
    /**
     * The chain gateway tuned to a drill's 12 s fault windows: an outage shows in health within
     * about 5 s (5 missing blocks, 2 s RPC timeout), and after healing the submitter retries within
     * 2 s instead of backing off up to 15 s, so anchoring catches up inside the recovery window.
     */
    private static final Map<String, String> CHAIN_TUNING = Map.of(
            "writ.chain.poll-interval", "250ms",
            "writ.chain.rpc-timeout", "2s",
            "writ.chain.retry-max-backoff", "2s",
            "writ.chain.stall-blocks", "5");
    /** How long a healed node may take to be HEALTHY again before the drill restarts it. */
    private static final Duration REJOIN_WAIT = Duration.ofSeconds(30);
    /** How long healed nodes are left before they are looked at a second time (see restoreAll). */
    private static final Duration SETTLE = Duration.ofSeconds(3);

    /** The partner domain of the multi-domain drills, its single node, and the ledger it owns. */
    public static final String PARTNER = "globex";
    public static final String PARTNER_NODE = PARTNER + "-1";
    public static final String PARTNER_TARGET = "globex-ledger";

    private final DrillState state;
    private final Optional<NetworkLab> network;
    private final DrillDatabase database;
    private final FabricChain chain;
    private final LocalFabric fabric;
    private Optional<LocalFabric> partner = Optional.empty();

    private SystemUnderTest(DrillState state, Optional<NetworkLab> network, DrillDatabase database, FabricChain chain,
                            LocalFabric fabric) {
        this.state = state;
        this.network = network;
        this.database = database;
        this.chain = chain;
        this.fabric = fabric;
    }

    /**
     * Builds the network (when it can), starts PostgreSQL, the dev chain (the drill policy enacted
     * on it) and the nodes; on failure leaves nothing behind.
     */
    public static SystemUnderTest start(Path workDir, int nodes, boolean useNamespaces, boolean withPartner,
                                        Consumer<String> progress) {
        return start(workDir, Topology.singleDomain(DOMAIN, nodes), List.of(), useNamespaces, withPartner, progress);
    }

    /**
     * As above, for {@code topology}'s domain {@link #DOMAIN}, with {@code spares}: nodes of the
     * domain that may {@link LocalFabric#join} it during the drill, not started now, each with its
     * namespace and placement like the others. A topology with regions places its nodes itself
     * (loopback planes and relays, {@code RegionLinks}): it runs without namespaces, and its
     * database and chain are on 127.0.0.1.
     */
    public static SystemUnderTest start(Path workDir, Topology topology, List<String> spares, boolean useNamespaces,
                                        boolean withPartner, Consumer<String> progress) {
        int nodes = topology.size();
        // what this drill makes is written down first, so that a drill killed now leaves nothing unfound
        DrillState state = DrillState.begin(workDir);
        NetworkLab lab = null;
        DrillDatabase pg = null;
        FabricChain chain = null;
        try {
            if (topology.multiRegion()) {
                progress.accept("network: regions " + topology.regions() + " on loopback planes, a relay on every link"
                        + " between them (no network namespaces)");
            } else if (useNamespaces) {
                List<String> ids = new ArrayList<>(topology.nodeIds());
                ids.addAll(spares);
                if (withPartner) {
                    ids.add(PARTNER_NODE);
                }
                lab = NetworkLab.create(ids, state);
                progress.accept("network: " + lab.describe());
            } else {
                progress.accept("network: all nodes on 127.0.0.1 (no network namespaces: not root, or no iproute2)");
            }
            String host = lab == null ? "127.0.0.1" : lab.bridgeAddress();
            DatabaseRegions placed = topology.domainNodes(DOMAIN).database();
            pg = placed.standby().isPresent()
                    ? RegionDatabase.start(workDir.resolve("database"), FabricOptions.DEFAULT_REGION_ROUND_TRIP.dividedBy(2),
                            placed)
                    : PrivatePostgres.start(host, state);
            progress.accept("database: " + pg.describe());
            Files.createDirectories(workDir);
            chain = FabricChain.start(workDir.resolve("chain"), withPartner ? List.of(DOMAIN, PARTNER) : List.of(DOMAIN), host);
            PolicyGovernance.Change enacted = chain.enact(DrillPolicies.version(DrillPolicies.FIRST_VERSION));
            if (withPartner) {
                chain.enact(SamplePolicies.partner());
            }
            progress.accept("chain: " + describe(chain) + "; drill policy v" + enacted.version() + " enacted (change "
                    + enacted.id() + ")");
            FabricOptions.Builder options = FabricOptions.builder(workDir.resolve("fabric"))
                    .database(new DatabaseChoice.Postgres(pg.baseUrl(), "postgres", "", false))
                    // fail over in seconds, not the 5 s default, so a drill sees recovery within its fault windows
                    .config("writ.ask-timeout", "2s");
            if (topology.regions().size() > 2) {
                // three regions start three database servers and every node's relays beside the JVMs: on 2 shared
                // cores under load the nodes took more than the 90 s default to join (QuorumFabricIT allows 300 s)
                options.startTimeout(REGIONS_START_TIMEOUT);
            }
            chain.nodeConfig(DOMAIN).forEach(options::config);
            CHAIN_TUNING.forEach(options::config);
            // Proof exchange in every drill: the nodes reconcile their domain's envelopes (and the partner's),
            // and the drill compares their reconciliation digests after healing (invariant 7).
            PartnerDomain.exchangeConfig(PARTNER_TARGET, PARTNER, List.of(DOMAIN, PARTNER)).forEach(options::config);
            options.config("writ.exchange.registry-address",
                    NodeConfigRenderer.quote(chain.config().contract(AgentRegistryContract.NAME)));
            chain.registerNodeKeys(DOMAIN, options.workDir(), topology.nodeIds());
            if (lab != null) {
                for (String id : topology.nodeIds()) {
                    options.place(id, new NodePlacement(lab.address(id), lab.launchPrefix(id)));
                }
                for (String id : spares) {
                    options.place(id, new NodePlacement(lab.address(id), lab.launchPrefix(id)));
                }
            }
            progress.accept("starting " + nodes + " node JVMs of domain " + DOMAIN + " ...");
            LocalFabric fabric = LocalFabric.launch(topology, options.build());
            progress.accept("fabric up: " + String.join(", ", fabric.nodeIds().stream()
                    .map(id -> id + " " + fabric.httpUri(id)).toList()));
            SystemUnderTest sut = new SystemUnderTest(state, Optional.ofNullable(lab), pg, chain, fabric);
            if (withPartner) {
                progress.accept("starting partner domain " + PARTNER + " (" + PARTNER_NODE + ") ...");
                try {
                    sut.partner = Optional.of(startPartner(workDir, pg, chain, fabric, lab));
                } catch (RuntimeException e) {
                    sut.close();
                    throw e;
                }
                progress.accept("partner up: " + PARTNER_NODE + " " + sut.partner.get().httpUri(PARTNER_NODE));
            }
            return sut;
        } catch (IOException e) {
            closeQuietly(chain, pg, lab, state);
            throw new UncheckedIOException(e);
        } catch (PolicyFormatException | PolicyDocumentException e) {
            closeQuietly(chain, pg, lab, state);
            throw new DrillSetupException("cannot enact the drill policy on the dev chain: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            closeQuietly(chain, pg, lab, state);
            Thread.currentThread().interrupt();
            throw new DrillSetupException("interrupted while enacting the drill policy", e);
        } catch (RuntimeException e) {
            closeQuietly(chain, pg, lab, state);
            throw e;
        }
    }

    private static LocalFabric startPartner(Path workDir, DrillDatabase pg, FabricChain chain, LocalFabric first,
                                            NetworkLab lab) {
        FabricOptions.Builder options = FabricOptions.builder(workDir.resolve("partner"))
                .database(new DatabaseChoice.Postgres(pg.baseUrl(), "postgres", "", false))
                .config("writ.ask-timeout", "2s");
        CHAIN_TUNING.forEach(options::config);
        PartnerDomain.exchangeConfig(PARTNER_TARGET, PARTNER, List.of(DOMAIN, PARTNER)).forEach(options::config);
        if (lab != null) {
            options.place(PARTNER_NODE, new NodePlacement(lab.address(PARTNER_NODE), lab.launchPrefix(PARTNER_NODE)));
        }
        return PartnerDomain.launch(chain, first, new Topology(PARTNER, List.of(PARTNER_NODE)), options);
    }

    private static String describe(FabricChain chain) {
        return "anvil " + chain.chain().rpcUrl() + " (1 s blocks), EvidenceAnchor "
                + chain.config().contract(EvidenceAnchorContract.NAME);
    }

    /** Tears down in order; the drill's record goes last, and only when all else closed (else it is what finds the rest). */
    private static void closeQuietly(FabricChain chain, DrillDatabase pg, NetworkLab lab, DrillState state) {
        closeQuietly(chain, pg, lab);
        state.close();
    }

    private static void closeQuietly(FabricChain chain, DrillDatabase pg, NetworkLab lab) {
        try {
            if (chain != null) {
                chain.close();
            }
        } finally {
            closeQuietly(pg, lab);
        }
    }

    private static void closeQuietly(DrillDatabase pg, NetworkLab lab) {
        try {
            if (pg != null) {
                pg.close();
            }
        } finally {
            if (lab != null) {
                lab.close();
            }
        }
    }

    public LocalFabric fabric() {
        return fabric;
    }

    /** The partner domain's fabric, in the multi-domain drills. */
    public Optional<LocalFabric> partner() {
        return partner;
    }

    /** The identity of every node's domain, by node id (its CA certifies the PEPs that redeem there). */
    public Map<String, FabricIdentity> identities() {
        Map<String, FabricIdentity> all = new LinkedHashMap<>();
        fabric.nodeIds().forEach(id -> all.put(id, fabric.identity(DOMAIN)));
        partner.ifPresent(p -> p.nodeIds().forEach(id -> all.put(id, p.identity(PARTNER))));
        return all;
    }

    /** Every node of every domain, by id. */
    public Map<String, URI> nodes() {
        Map<String, URI> all = new LinkedHashMap<>();
        fabric.nodeIds().forEach(id -> all.put(id, fabric.httpUri(id)));
        partner.ifPresent(p -> p.nodeIds().forEach(id -> all.put(id, p.httpUri(id))));
        return all;
    }

    public Optional<NetworkLab> network() {
        return network;
    }

    /** Where the nodes run and how they reach each other, for the report. */
    public String describeNetwork() {
        if (fabric.topology().multiRegion()) {
            return "regions " + fabric.topology().regions() + " on loopback planes 127.77.<region>.<node>, a relay on every"
                    + " link between them (" + fabric.options().regionRoundTrip().toMillis() + " ms round trip), the database's"
                    + " primary in " + fabric.topology().domainNodes(DOMAIN).database().primary();
        }
        return network.map(NetworkLab::describe).orElse("all on 127.0.0.1 (no network namespaces)");
    }

    /** The domain's one database server; a drill whose domain has a standby has none (see {@link #database}). */
    public PrivatePostgres postgres() {
        if (database instanceof PrivatePostgres server) {
            return server;
        }
        throw new IllegalStateException("this drill's database is a primary and a standby across regions: "
                + database.describe());
    }

    /** The domain's database, one server or a primary and standby across regions. */
    public DrillDatabase database() {
        return database;
    }

    /** The dev chain the nodes read their policy from and anchor evidence on. */
    public FabricChain chain() {
        return chain;
    }

    /** Reads the domain's anchoring (database and EvidenceAnchor) once it has drained. */
    public AnchoringReader anchoring() {
        NodeConfig.Journal journal = fabric.config(fabric.nodeIds().get(0)).journal();
        return new AnchoringReader(journal.url(), journal.user(), journal.password(), DOMAIN,
                chain.config().domain(DOMAIN).domainId(), chain.chain().client(),
                chain.config().contract(EvidenceAnchorContract.NAME));
    }

    /**
     * After a fault is healed: every node is running and HEALTHY again. A node that died, that the
     * cluster removed (the split brain resolver downed it), or that does not become HEALTHY within
     * {@link #REJOIN_WAIT} is restarted, as an operator would; a node that is an Up member waiting for
     * the others to form its domain is left to wait for them. A node that slept through the fault
     * (frozen, cut off) can look well for a moment before the cluster's verdict on it reaches it, so
     * every node is looked at again after {@link #SETTLE}. Returns what was done.
     */
    public List<String> restoreAll() {
        List<String> done = new ArrayList<>();
        for (int look = 0; look < 2; look++) {
            if (look > 0) {
                settle();
            }
            done.addAll(restore(fabric));
            partner.ifPresent(p -> done.addAll(restore(p)));
        }
        return done;
    }

    private static void settle() {
        try {
            Thread.sleep(SETTLE.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new DrillSetupException("interrupted while the healed nodes settled", e);
        }
    }

    /**
     * Starts every node that must come back, then waits for all of them together: a node started
     * again is HEALTHY only once its domain's {@code min-members} have been Up together since it
     * started, so when all of a domain's nodes went (a partition and a kill with three nodes: every
     * survivor downed), the first one restarted needs the others. Waiting for each before starting
     * the next waited in vain on the first, and the killed node was never started (D110).
     */
    private static List<String> restore(LocalFabric fabric) {
        List<String> done = new ArrayList<>();
        Set<String> started = new LinkedHashSet<>();
        for (String id : fabric.nodeIds()) {
            if (!fabric.isRunning(id)) {
                fabric.relaunch(id);
                started.add(id);
                done.add("restarted " + id + " (it had exited)");
            }
        }
        Set<String> awaited = new LinkedHashSet<>(started);
        for (String id : fabric.nodeIds()) {
            if (started.contains(id)) {
                continue;
            }
            String why;
            try {
                NodeHealth h = fabric.awaitHealth(id, x -> x.healthy() || x.removedFromCluster() || x.forming(),
                        REJOIN_WAIT, "HEALTHY again after healing");
                if (h.healthy()) {
                    continue;
                }
                if (h.forming()) {
                    awaited.add(id); // an Up member waiting for the others: a restart would not bring them
                    continue;
                }
                why = "the cluster had removed it";
            } catch (FabricException e) {
                why = "not HEALTHY " + REJOIN_WAIT.toSeconds() + " s after healing";
            }
            LOG.warn("Node {}: {}; restarting it", id, why);
            fabric.relaunch(id);
            awaited.add(id);
            done.add("restarted " + id + " (" + why + ")");
        }
        if (!awaited.isEmpty()) {
            fabric.awaitHealthy(awaited, fabric.options().startTimeout());
        }
        return done;
    }

    /** Reads the drilled domain's evidence and node keys from the database its nodes share. */
    public EvidenceSnapshot readEvidence() throws SQLException {
        return readEvidence(fabric, DOMAIN);
    }

    /**
     * Reads the partner domain's evidence and node keys from its own database, in the drills that
     * have a partner: what its node acknowledged is judged against it.
     */
    public Optional<EvidenceSnapshot> readPartnerEvidence() throws SQLException {
        return partner.isPresent() ? Optional.of(readEvidence(partner.get(), PARTNER)) : Optional.empty();
    }

    private static EvidenceSnapshot readEvidence(LocalFabric domainFabric, String domain) throws SQLException {
        NodeConfig.Journal journal = domainFabric.config(domainFabric.nodeIds().get(0)).journal();
        List<EvidenceSnapshot.Row> rows = new ArrayList<>();
        List<String> keys = new ArrayList<>();
        Base64.Encoder b64 = Base64.getEncoder();
        try (Connection c = DriverManager.getConnection(journal.url(), journal.user(), journal.password())) {
            try (PreparedStatement s = c.prepareStatement("SELECT lane, seq, kind, subject, node_id, record FROM "
                    + "writ_evidence WHERE domain = ? ORDER BY lane, seq")) {
                s.setString(1, domain);
                try (ResultSet r = s.executeQuery()) {
                    while (r.next()) {
                        EvidenceKind kind = EvidenceKind.forNumber(r.getInt(3));
                        rows.add(new EvidenceSnapshot.Row(r.getString(1), r.getLong(2),
                                kind == null ? "UNKNOWN_" + r.getInt(3) : kind.name(), r.getString(4), r.getString(5),
                                b64.encodeToString(r.getBytes(6))));
                    }
                }
            }
            try (PreparedStatement s = c.prepareStatement("SELECT public_key FROM writ_domain_keys WHERE domain = ? "
                    + "ORDER BY key_id")) {
                s.setString(1, domain);
                try (ResultSet r = s.executeQuery()) {
                    while (r.next()) {
                        keys.add(b64.encodeToString(r.getBytes(1)));
                    }
                }
            }
        }
        return new EvidenceSnapshot(domain, keys, rows);
    }

    /** Stops the nodes, then the chain and PostgreSQL, then removes the network. */
    @Override
    public void close() {
        try {
            partner.ifPresent(LocalFabric::close);
            fabric.close();
        } finally {
            closeQuietly(chain, database, network.orElse(null));
        }
        state.close(); // reached only when everything above closed: otherwise the record is what finds the rest
    }
}

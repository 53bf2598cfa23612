package dev.writ.bench;

import dev.writ.fabric.DatabaseChoice;
import dev.writ.fabric.FabricDatabase;
import dev.writ.fabric.FabricOptions;
import dev.writ.fabric.LocalFabric;
import dev.writ.fabric.NodeConfig;
import dev.writ.fabric.SamplePolicies;
import dev.writ.fabric.Topology;
import dev.writ.fabric.TopologyFile;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.SecureRandom;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code bin/writ bench node}: measures the floor (the crypto of one action, before anything else
 * runs; after the launch, the durable one-row insert), launches a local fabric (unless
 * {@code --targets} names running nodes), starts the load generator in its own JVM
 * ({@link GeneratorProcess}), warms up, and for each rate runs the {@code --phases} (propose +
 * redeem, admissions only, redemptions only), each prepared first and measured alone: the CPU of
 * every node JVM, the database and the generator is read from /proc around it ({@link CostMeter}).
 * Then the saturation run against the first node, and a {@link BenchReport}. The CLI calls
 * {@link #run(BenchOptions)}.
 *
 * <p>With {@code --topology} the fabric is the one the file describes (its database and round trip
 * between regions); the load goes to domain {@value #DOMAIN}'s nodes from a client in each of its
 * regions ({@link Placement}), and every phase reports its latencies per placement too.
 *
 * <p>By default the nodes get the bench policy (the demo policy without per-agent rate and spend
 * budgets: with them, every action also reserves at two persistent budget entities). The load
 * rotates over many agents ({@link AgentRotation}) either way, so {@code --policy demo} runs under
 * the demo limits too.
 */
public final class BenchMain {
    private static final Logger LOG = LoggerFactory.getLogger(BenchMain.class);
    public static final String DOMAIN = "acme";
    private static final int CRYPTO_WARMUP = 2_000;
    private static final int CRYPTO_REPS = 1_000;
    private static final int FLOOR_WARMUP_INSERTS = 200;

    private BenchMain() {
    }

    public static void main(String[] args) {
        BenchOptions options;
        try {
            options = BenchOptions.parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage());
            System.exit(2);
            return;
        }
        run(options);
    }

    /**
     * The policy file the nodes get: {@code bench} writes the bundled bench policy (the demo policy
     * without per-agent rate and spend budgets) into {@code dir}; {@code demo} gives none (the
     * node's built-in demo policy); anything else is a file path.
     */
    static Optional<Path> policyFile(String policy, Path dir) {
        if (policy.equals("demo")) {
            return Optional.empty();
        }
        if (!policy.equals("bench")) {
            return Optional.of(Path.of(policy));
        }
        try (InputStream in = BenchMain.class.getClassLoader().getResourceAsStream(SamplePolicies.BENCH_POLICY_RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("bench-policy.conf is missing from the classpath");
            }
            Files.createDirectories(dir);
            Path file = dir.resolve("bench-policy.conf");
            Files.copy(in, file, StandardCopyOption.REPLACE_EXISTING);
            return Optional.of(file);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the bench policy into " + dir, e);
        }
    }

    public static BenchReport run(BenchOptions options) {
        Instant date = Instant.now();
        String tag = HexFormat.of().formatHex(new SecureRandom().generateSeed(4));
        String stamp = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss").withZone(ZoneOffset.UTC).format(date);
        Path work = options.out().resolve("fabric-" + stamp).toAbsolutePath();
        LOG.info("Crypto floor: the CPU of one action's signatures, single-threaded, before anything else runs");
        CryptoFloor.Cost crypto = CryptoFloor.measure(work.resolve("crypto-floor"), CRYPTO_WARMUP, CRYPTO_REPS);
        LocalFabric fabric = null;
        FabricDatabase floorDb = null;
        Optional<TopologyFile> topologyFile = options.topology().map(TopologyFile::read);
        // where the database runs: in this JVM (an H2 server) or in postgres processes
        boolean h2 = topologyFile.map(t -> t.database() == TopologyFile.Database.H2).orElse(options.db().equals("h2"));
        try {
            List<URI> targets;
            String database;
            int nodes;
            Map<String, Long> nodePids = new LinkedHashMap<>();
            NodeConfig.Journal floorJournal;
            String identityDir = "";
            DatabaseChoice db = options.db().equals("h2") ? DatabaseChoice.h2()
                    : new DatabaseChoice.Postgres(options.pgUrl(), "postgres", "", true);
            List<String> placements = List.of();
            String where = "";
            if (options.targets().isEmpty()) {
                Topology topology = topologyFile.map(TopologyFile::topology).orElse(Topology.singleDomain(DOMAIN, options.nodes()));
                FabricOptions.Builder fo = FabricOptions.builder(work)
                        .jvmFlags(options.jvmFlags())
                        .mutualTls(options.mutualTls())
                        .startTimeout(options.startTimeout())
                        .database(db);
                topologyFile.ifPresent(t -> t.applyTo(fo)); // the file's database and round trip
                policyFile(options.policy(), work).ifPresent(fo::policyFile);
                if (!options.signedProposals()) {
                    fo.config("writ.identity.agent-certificates", "optional"); // to compare: unsigned proposals admitted
                }
                // A redemption phase's requests, possession proofs included (D61), are made before the
                // phase starts: the nodes accept proofs as old as the longest phase, with a margin.
                fo.config("writ.redemption.possession-max-age", Math.max(60, options.duration().plus(options.warmup())
                        .plusSeconds(30).toSeconds()) + "s");
                fabric = LocalFabric.launch(topology, fo.build());
                LocalFabric f = fabric;
                if (options.signedProposals()) {
                    identityDir = LocalFabric.identityDir(work, DOMAIN).toString();
                }
                List<String> loaded = fabric.nodesOf(DOMAIN);
                if (topology.multiRegion()) {
                    List<Placement> placed = Placement.of(topology, DOMAIN);
                    targets = placed.stream().map(p -> f.httpUri(p.nodeId(), p.clientRegion())).toList();
                    placements = placed.stream().map(Placement::label).toList();
                    where = "; topology " + options.topology().orElseThrow() + ": " + DOMAIN + "'s nodes in "
                            + topology.domainNodes(DOMAIN).regions().stream().map(r -> r.region() + " " + r.nodeIds())
                            .toList() + ", a client in each of its regions calling every node (" + targets.size()
                            + " placements, round-robin), every link between regions through a relay adding "
                            + topologyFile.orElseThrow().roundTrip().toMillis() + " ms per round trip"
                            + (topology.domains().size() > 1 ? "; domains " + topology.domains() + " launched, "
                            + DOMAIN + " alone loaded" : "");
                } else {
                    targets = loaded.stream().map(f::httpUri).toList();
                }
                loaded.forEach(id -> nodePids.put(id, f.pid(id)));
                database = fabric.databaseDescription(DOMAIN);
                nodes = loaded.size();
                floorJournal = fabric.journal(DOMAIN);
            } else {
                targets = options.targets().stream().map(URI::create).toList();
                database = "(running nodes, not launched by the bench)";
                nodes = targets.size();
                floorDb = FabricDatabase.open(db, "benchfloor", work);
                floorJournal = floorDb.journal(1);
            }
            LOG.info("Floor insert: {} durable one-row inserts, one client", options.floorInserts());
            LatencySummary insert = FloorInsert.measure(floorJournal, FLOOR_WARMUP_INSERTS, options.floorInserts());
            Floor floor = new Floor(insert, options.floorInserts(), floorWhere(floorJournal), crypto);
            LOG.info("Bench {} against {}", tag, targets);
            AgentRotation agents = new AgentRotation(DOMAIN, tag, options.actionsPerAgent());
            LoadGenerator.Settings settings = LoadGenerator.Settings.defaults().withConnections(options.connections());
            GeneratorProtocol.Setup setup = new GeneratorProtocol.Setup(targets.stream().map(URI::toString).toList(),
                    DOMAIN, tag, agents.actionsPerAgent(), identityDir, settings, placements);
            List<MeasuredPhase> phases = new ArrayList<>();
            Map<String, Double> idle = new LinkedHashMap<>();
            Optional<SaturationResult> saturation = Optional.empty();
            Files.createDirectories(work);
            try (GeneratorProcess generator = GeneratorProcess.start(FabricOptions.currentJava(), options.generatorFlags(),
                    System.getProperty("java.class.path"), work.resolve("generator.log"), setup)) {
                MeasuredPhases.Run run = MeasuredPhases.run(generator, new CostMeter(nodePids, databaseCpu(h2),
                        generator.pid()), options);
                phases.addAll(run.phases());
                idle.putAll(run.idleCpuMicrosPerSecond());
                if (options.saturation()) {
                    MeasuredPhases.settle(generator);
                    GeneratorProtocol.Saturated s = generator.ask(new GeneratorProtocol.Saturate(options.saturationLevels(),
                            options.saturationStep(), options.saturationStep().dividedBy(5)), GeneratorProtocol.Saturated.class);
                    saturation = Optional.of(new SaturationResult(s.node(), s.stepSeconds(), s.steps(),
                            SaturationResult.best(s.steps())));
                }
            }
            String notes = "load generator in its own JVM (`" + String.join(" ", options.generatorFlags()) + "`), "
                    + options.connections() + " keep-alive connections per node, each phase's requests built"
                    + (options.signedProposals() ? " and signed" : "") + " before it starts; open loop round-robin over "
                    + targets.size() + " node(s); policy " + options.policy() + ", " + agents.actionsPerAgent()
                    + " actions per agent (payments-bench-" + tag + "-*)"
                    + "; before each phase and the saturation, the writs earlier phases left unredeemed were let expire"
                    + " and be recorded so (" + MeasuredPhases.EXPIRIES_SWEPT.toSeconds() + " s after the last one's expiry)"
                    + (options.signedProposals() ? "; every proposal signed with its agent's certificate, required by the nodes"
                    : "; unsigned proposals")
                    + (!options.targets().isEmpty() ? "" : options.mutualTls() ? "; Artery mutual TLS between the nodes"
                    : "; plain Artery TCP between the nodes")
                    + where
                    + "; database CPU: " + (h2 ? "the bench's own JVM (it runs the H2 server)"
                    : "every postgres process on this machine (the server is shared with anything else using it)");
            BenchReport report = new BenchReport(date, SourceCommit.describe(), BenchReport.Machine.current(), database,
                    nodes, options.targets().isEmpty() ? options.jvmFlags() : List.of(), notes,
                    options.warmup().toMillis() / 1000.0, floor, idle, phases, saturation);
            var file = report.write(options.out());
            System.out.println(report.markdown());
            System.out.println("Figures written to " + file + " (and .md beside it)");
            return report;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create " + work, e);
        } finally {
            if (floorDb != null) {
                floorDb.close();
            }
            if (fabric != null) {
                fabric.close();
            }
        }
    }

    /** The database's processes: every postgres process, or this JVM, which runs the H2 server. */
    private static Supplier<CpuSnapshot> databaseCpu(boolean h2) {
        if (h2) {
            long self = ProcessHandle.current().pid();
            return () -> CpuSnapshot.of(List.of(self));
        }
        return () -> CpuSnapshot.ofCommand("postgres");
    }

    private static String floorWhere(NodeConfig.Journal journal) {
        return journal.url().startsWith("jdbc:postgresql:") ? "PostgreSQL, synchronous_commit on" : "H2 TCP server";
    }
}

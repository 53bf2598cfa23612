package dev.writ.bench;

import dev.writ.fabric.DatabaseChoice;
import dev.writ.fabric.FabricIdentity;
import dev.writ.fabric.FabricOptions;
import dev.writ.fabric.LocalFabric;
import dev.writ.fabric.SamplePolicies;
import dev.writ.fabric.Topology;
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
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code bin/writ bench}: launches a local fabric (unless {@code --targets} names running nodes),
 * warms it up, runs one open-loop phase per rate, then the saturation run against the first node,
 * and writes a {@link BenchReport}. The CLI calls {@link #run(BenchOptions)}.
 *
 * <p>By default the nodes get the bench policy (the demo policy without per-agent rate and spend
 * budgets: with them, every action also reserves at two persistent budget entities). The load
 * rotates over many agents ({@link AgentRotation}) either way, so {@code --policy demo} runs under
 * the demo limits too.
 */
public final class BenchMain {
    private static final Logger LOG = LoggerFactory.getLogger(BenchMain.class);
    public static final String DOMAIN = "acme";

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
        LocalFabric fabric = null;
        Optional<FabricIdentity> identity = Optional.empty();
        try {
            List<URI> targets;
            String database;
            int nodes;
            if (options.targets().isEmpty()) {
                String stamp = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss").withZone(ZoneOffset.UTC).format(date);
                FabricOptions.Builder fo = FabricOptions.builder(options.out().resolve("fabric-" + stamp))
                        .jvmFlags(options.jvmFlags())
                        .mutualTls(options.mutualTls())
                        .database(options.db().equals("h2") ? DatabaseChoice.h2()
                                : new DatabaseChoice.Postgres(options.pgUrl(), "postgres", "", true));
                policyFile(options.policy(), options.out().resolve("fabric-" + stamp)).ifPresent(fo::policyFile);
                if (!options.signedProposals()) {
                    fo.config("writ.identity.agent-certificates", "optional"); // to compare: unsigned proposals admitted
                }
                fabric = LocalFabric.launch(Topology.singleDomain(DOMAIN, options.nodes()), fo.build());
                LocalFabric f = fabric;
                if (options.signedProposals()) {
                    identity = Optional.of(fabric.identity(DOMAIN));
                }
                targets = fabric.nodeIds().stream().map(f::httpUri).toList();
                database = fabric.databaseDescription();
                nodes = options.nodes();
            } else {
                targets = options.targets().stream().map(URI::create).toList();
                database = "(running nodes, not launched by the bench)";
                nodes = targets.size();
            }
            LOG.info("Bench {} against {}", tag, targets);
            AgentRotation agents = new AgentRotation(DOMAIN, tag, options.actionsPerAgent());
            if (options.signedProposals() && identity.isEmpty()) {
                throw new IllegalArgumentException("--signed-proposals on needs a fabric launched by the bench; with --targets"
                        + " give --signed-proposals off (the bench holds no certificates of those nodes' CA)");
            }
            BenchActions actions = new BenchActions(agents, "bench-" + tag, identity);
            List<PhaseResult> phases = new java.util.ArrayList<>();
            Optional<SaturationResult> saturation = Optional.empty();
            try (LoadGenerator load = new LoadGenerator(targets, actions, LoadGenerator.Settings.defaults())) {
                if (!options.warmup().isZero()) {
                    LOG.info("Warm-up: {} actions/s for {}", options.rates().get(0), options.warmup());
                    load.openLoop(options.rates().get(0), options.warmup());
                }
                for (double rate : options.rates()) {
                    LOG.info("Measuring {} actions/s for {}", rate, options.duration());
                    PhaseResult p = load.openLoop(rate, options.duration());
                    LOG.info("{} actions/s: achieved {}, admission p99 {} ms, redemption p99 {} ms, errors {}", rate,
                            Math.round(p.achievedRate()), LatencySummary.ms(p.admission().p99()),
                            LatencySummary.ms(p.redemption().p99()), p.errors());
                    phases.add(p);
                }
                if (options.saturation()) {
                    saturation = Optional.of(load.saturate(targets.get(0), options.saturationLevels(),
                            options.saturationStep(), options.saturationStep().dividedBy(5)));
                }
            }
            String notes = "open loop round-robin over " + targets.size() + " node(s); "
                    + "policy " + options.policy() + ", " + agents.actionsPerAgent()
                    + " actions per agent (payments-bench-" + tag + "-*)"
                    + (options.signedProposals() ? "; every proposal signed with its agent's certificate, required by the nodes"
                    : "; unsigned proposals")
                    + (!options.targets().isEmpty() ? "" : options.mutualTls() ? "; Artery mutual TLS between the nodes"
                    : "; plain Artery TCP between the nodes");
            BenchReport report = new BenchReport(date, BenchReport.Machine.current(), database, nodes,
                    options.targets().isEmpty() ? options.jvmFlags() : List.of(), notes,
                    options.warmup().toMillis() / 1000.0, phases, saturation);
            var file = report.write(options.out());
            System.out.println(report.markdown());
            System.out.println("Figures written to " + file + " (and .md beside it)");
            return report;
        } finally {
            if (fabric != null) {
                fabric.close();
            }
        }
    }
}

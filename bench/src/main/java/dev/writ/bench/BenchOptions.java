package dev.writ.bench;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Options of {@code bin/writ bench}: {@code --nodes 3 --db postgres|h2 --rates 250,500,1000
 * --duration 30s --warmup 10s --saturation on|off --out <dir>}, plus {@code --pg-url},
 * {@code --jvm-flags "-Xmx512m -XX:+UseSerialGC"}, {@code --policy bench|demo|<file>} (bench: the
 * demo policy without per-agent rate and spend budgets, the default; demo: the node's built-in
 * policy; a file: passed to every node as {@code writ.policy.file}), {@code --actions-per-agent 12}, {@code --saturation-step 10s},
 * {@code --saturation-max 128}, {@code --targets http://h:p,...} (bench running nodes instead
 * of launching a fabric), {@code --signed-proposals on|off} (on, the default for a launched fabric:
 * every agent gets a certificate from the domain's CA and signs its proposals, and the nodes require
 * it, as in production, so the identity check is in every admission; off: the nodes admit unsigned
 * proposals, to compare, and the only choice with {@code --targets}),
 * {@code --mutual-tls on|off} (Artery TLS with mutual authentication between the launched nodes, the
 * default, as in production; off: plain TCP), {@code --phases action,admission,redemption} (the
 * measured phases at each rate, in this order: propose + redeem, admissions only, redemptions only),
 * {@code --connections 128} (the load generator's keep-alive connections per node),
 * {@code --generator-flags "-Xmx1g"} (the load generator's JVM), {@code --floor-inserts 2000}
 * (measured durable inserts of the floor line), {@code --topology <file>} (launch the fabric a topology
 * file describes instead of {@code --nodes} on {@code --db}: its database and round trip, load on domain
 * acme's nodes from a client in each of acme's regions, figures per placement; docs/regions.md),
 * {@code --start-timeout 90s} (how long the launched nodes get to be HEALTHY).
 */
public record BenchOptions(int nodes, String db, List<Double> rates, Duration duration, Duration warmup,
                           boolean saturation, Path out, String pgUrl, List<String> jvmFlags, String policy,
                           int actionsPerAgent, Duration saturationStep, int saturationMax, List<String> targets,
                           boolean signedProposals, boolean mutualTls, List<PhaseKind> phases, int connections,
                           List<String> generatorFlags, int floorInserts, Optional<Path> topology,
                           Duration startTimeout) {

    public static final String USAGE = """
            usage: writ bench [--nodes 3] [--db postgres|h2] [--rates 250,500,1000] [--duration 30s]
                              [--warmup 10s] [--saturation on|off] [--out bench-results]
                              [--pg-url jdbc:postgresql://127.0.0.1:5432/] [--jvm-flags "-Xmx512m -XX:+UseSerialGC"]
                              [--policy bench|demo|<file>] [--actions-per-agent 12] [--saturation-step 10s]
                              [--saturation-max 128] [--targets http://127.0.0.1:7401,...] [--signed-proposals on|off]
                              [--mutual-tls on|off] [--phases action,admission,redemption] [--connections 128]
                              [--generator-flags "-Xmx1g"] [--floor-inserts 2000] [--topology <file>]
                              [--start-timeout 90s]""";

    public BenchOptions {
        if (nodes < 1) {
            throw new IllegalArgumentException("--nodes must be at least 1, got " + nodes);
        }
        if (!db.equals("postgres") && !db.equals("h2")) {
            throw new IllegalArgumentException("--db is postgres or h2, got " + db);
        }
        rates = List.copyOf(rates);
        if (rates.isEmpty() || rates.stream().anyMatch(r -> !(r > 0))) {
            throw new IllegalArgumentException("--rates are positive actions per second, got " + rates);
        }
        jvmFlags = List.copyOf(jvmFlags);
        targets = List.copyOf(targets);
        if (signedProposals && !targets.isEmpty()) {
            throw new IllegalArgumentException("--signed-proposals on needs a fabric launched by the bench; with --targets"
                    + " give --signed-proposals off (the bench holds no certificates of those nodes' CA)");
        }
        phases = List.copyOf(phases);
        if (phases.isEmpty() || phases.stream().distinct().count() != phases.size()) {
            throw new IllegalArgumentException("--phases names each of action, admission, redemption at most once, got " + phases);
        }
        if (connections < 1) {
            throw new IllegalArgumentException("--connections must be at least 1 per node, got " + connections);
        }
        generatorFlags = List.copyOf(generatorFlags);
        if (floorInserts < 1) {
            throw new IllegalArgumentException("--floor-inserts must be at least 1, got " + floorInserts);
        }
        if (topology.isPresent() && !targets.isEmpty()) {
            throw new IllegalArgumentException("--topology launches a fabric; --targets benches running nodes: give one");
        }
    }

    public static BenchOptions defaults() {
        return parse(new String[0]);
    }

    public static BenchOptions parse(String[] args) {
        int nodes = 3;
        String db = "postgres";
        List<Double> rates = List.of(250.0, 500.0, 1000.0);
        Duration duration = Duration.ofSeconds(30);
        Duration warmup = Duration.ofSeconds(10);
        boolean saturation = true;
        Path out = Path.of("bench-results");
        String pgUrl = "jdbc:postgresql://127.0.0.1:5432/";
        List<String> jvmFlags = List.of("-Xmx512m", "-XX:+UseSerialGC");
        String policy = "bench";
        int perAgent = AgentRotation.DEFAULT_ACTIONS_PER_AGENT;
        Duration satStep = Duration.ofSeconds(10);
        int satMax = 128;
        List<String> targets = List.of();
        Boolean signed = null;
        boolean mutualTls = true;
        List<PhaseKind> phases = List.of(PhaseKind.values());
        int connections = LoadGenerator.Settings.defaults().connectionsPerNode();
        List<String> generatorFlags = List.of("-Xmx1g");
        int floorInserts = 2000;
        Optional<Path> topology = Optional.empty();
        Duration startTimeout = Duration.ofSeconds(90);
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            String key = arg;
            String value;
            int eq = arg.indexOf('=');
            if (arg.startsWith("--") && eq > 0) {
                key = arg.substring(0, eq);
                value = arg.substring(eq + 1);
            } else if (i + 1 < args.length) {
                value = args[++i];
            } else {
                throw new IllegalArgumentException("option " + arg + " needs a value\n" + USAGE);
            }
            switch (key) {
                case "--nodes" -> nodes = integer(key, value);
                case "--db" -> db = value.toLowerCase(Locale.ROOT);
                case "--rates" -> rates = rates(value);
                case "--duration" -> duration = duration(value);
                case "--warmup" -> warmup = duration(value);
                case "--saturation" -> saturation = onOff(value);
                case "--signed-proposals" -> signed = onOff(value);
                case "--mutual-tls" -> mutualTls = onOff(value);
                case "--out" -> out = Path.of(value);
                case "--pg-url" -> pgUrl = value;
                case "--jvm-flags" -> jvmFlags = value.isBlank() ? List.of() : List.of(value.trim().split("\\s+"));
                case "--policy" -> policy = value;
                case "--actions-per-agent" -> perAgent = integer(key, value);
                case "--saturation-step" -> satStep = duration(value);
                case "--saturation-max" -> satMax = integer(key, value);
                case "--phases" -> phases = Arrays.stream(value.split(",")).filter(v -> !v.isBlank())
                        .map(PhaseKind::parse).toList();
                case "--connections" -> connections = integer(key, value);
                case "--generator-flags" -> generatorFlags = value.isBlank() ? List.of() : List.of(value.trim().split("\\s+"));
                case "--floor-inserts" -> floorInserts = integer(key, value);
                case "--topology" -> topology = Optional.of(Path.of(value));
                case "--start-timeout" -> startTimeout = duration(value);
                case "--targets" -> targets = Arrays.stream(value.split(",")).map(String::trim)
                        .filter(s -> !s.isEmpty()).toList();
                default -> throw new IllegalArgumentException("unknown option " + key + "\n" + USAGE);
            }
        }
        return new BenchOptions(nodes, db, rates, duration, warmup, saturation, out, pgUrl, jvmFlags, policy,
                perAgent, satStep, satMax, targets, signed == null ? targets.isEmpty() : signed, mutualTls, phases,
                connections, generatorFlags, floorInserts, topology, startTimeout);
    }

    private static int integer(String option, String value) {
        try {
            return Integer.parseInt(value.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(option + " takes a whole number, got '" + value + "'");
        }
    }

    private static List<Double> rates(String value) {
        try {
            return Arrays.stream(value.split(",")).map(String::trim).map(Double::parseDouble).toList();
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("--rates are actions per second separated by commas, got '" + value + "'");
        }
    }

    /** {@code 30s}, {@code 500ms}, {@code 2m}, {@code 1h}; a bare number is seconds. */
    public static Duration duration(String text) {
        String t = text.trim().toLowerCase(Locale.ROOT);
        try {
            if (t.endsWith("ms")) {
                return Duration.ofMillis(Long.parseLong(t.substring(0, t.length() - 2)));
            }
            if (t.endsWith("s")) {
                return Duration.ofMillis(Math.round(Double.parseDouble(t.substring(0, t.length() - 1)) * 1000));
            }
            if (t.endsWith("m")) {
                return Duration.ofSeconds(Long.parseLong(t.substring(0, t.length() - 1)) * 60);
            }
            if (t.endsWith("h")) {
                return Duration.ofHours(Long.parseLong(t.substring(0, t.length() - 1)));
            }
            return Duration.ofMillis(Math.round(Double.parseDouble(t) * 1000));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("not a duration: '" + text + "' (e.g. 30s, 500ms, 2m)");
        }
    }

    private static boolean onOff(String v) {
        return switch (v.toLowerCase(Locale.ROOT)) {
            case "on", "true", "yes" -> true;
            case "off", "false", "no" -> false;
            default -> throw new IllegalArgumentException("expected on or off, got " + v);
        };
    }

    /** Concurrency levels of the saturation run: 1, 2, 4, ... up to {@code saturationMax}. */
    public List<Integer> saturationLevels() {
        List<Integer> levels = new ArrayList<>();
        for (int c = 1; c <= saturationMax; c *= 2) {
            levels.add(c);
        }
        return levels;
    }
}

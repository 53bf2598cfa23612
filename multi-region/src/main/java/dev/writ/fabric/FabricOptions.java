package dev.writ.fabric;

import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * How to launch a fabric. Defaults: the current JVM's {@code java} and {@code java.class.path},
 * {@code -Xmx512m -XX:+UseSerialGC}, embedded H2 (TCP server), nodes on 127.0.0.1, 90 s for every
 * node to be HEALTHY, Artery mutual TLS, and each domain's identity required ({@link FabricIdentity}:
 * signed proposals and the operator credential; relax with {@code writ.identity.*} in {@code extraConfig}).
 *
 * @param extraConfig raw HOCON overrides for every node (path to value text)
 * @param environment extra environment variables for the node processes (e.g. WRIT_LOG_LEVEL)
 * @param placements per node id, an address and launch prefix that replace {@code host} for that
 *                   node (chaos drills run each node in its own network namespace); absent: {@code host}
 * @param mutualTls   Artery TLS with mutual authentication between the nodes, each certified by its
 *                    domain's CA, whose root every node of every domain trusts ({@link FabricTls}); on by default
 * @param trustedRoots with mutual TLS, the DER roots of domains outside this fabric that its nodes
 *                    also trust: those of the running fabric a {@link PartnerDomain} joins
 * @param domainConfig per domain, raw HOCON overrides for its nodes only, over {@code extraConfig}
 *                    (e.g. {@link FabricChain#nodeConfig} and {@link FabricChain#agentRegistryConfig})
 * @param chain       when present, the fabric registers every node's key on this chain for its domain
 *                    before the node first starts ({@link FabricChain#registerNodeKey})
 * @param regionRoundTrip with a topology of several regions, the round trip every cross-region link
 *                    adds (half each way, {@code dev.writ.fabric.region.RegionLinks}); 60 ms by default
 */
public record FabricOptions(
        Path workDir,
        String javaCommand,
        String classpath,
        List<String> jvmFlags,
        DatabaseChoice database,
        String host,
        int journalMaxConnections,
        Optional<Path> policyFile,
        Map<String, String> extraConfig,
        Map<String, String> environment,
        Duration startTimeout,
        Duration stopTimeout,
        Map<String, NodePlacement> placements,
        boolean mutualTls,
        List<byte[]> trustedRoots,
        Map<String, Map<String, String>> domainConfig,
        Optional<FabricChain> chain,
        Duration regionRoundTrip) {

    public static final List<String> DEFAULT_JVM_FLAGS = List.of("-Xmx512m", "-XX:+UseSerialGC");
    public static final Duration DEFAULT_REGION_ROUND_TRIP = Duration.ofMillis(60);

    public FabricOptions {
        Objects.requireNonNull(workDir, "workDir");
        Objects.requireNonNull(javaCommand, "javaCommand");
        Objects.requireNonNull(classpath, "classpath");
        jvmFlags = List.copyOf(jvmFlags);
        Objects.requireNonNull(database, "database");
        Objects.requireNonNull(host, "host");
        policyFile = Objects.requireNonNull(policyFile, "policyFile");
        extraConfig = Map.copyOf(extraConfig);
        environment = Map.copyOf(environment);
        Objects.requireNonNull(startTimeout, "startTimeout");
        Objects.requireNonNull(stopTimeout, "stopTimeout");
        placements = Map.copyOf(placements);
        trustedRoots = List.copyOf(trustedRoots);
        Map<String, Map<String, String>> perDomain = new LinkedHashMap<>();
        domainConfig.forEach((domain, entries) -> perDomain.put(domain, Map.copyOf(entries)));
        domainConfig = Map.copyOf(perDomain);
        chain = Objects.requireNonNull(chain, "chain");
        Objects.requireNonNull(regionRoundTrip, "regionRoundTrip");
        if (regionRoundTrip.isNegative()) {
            throw new IllegalArgumentException("a round trip is zero or more, got " + regionRoundTrip);
        }
    }

    /** The overrides the nodes of {@code domain} get: the fabric-wide ones, then the domain's own. */
    public Map<String, String> extraConfig(String domain) {
        Map<String, String> merged = new LinkedHashMap<>(extraConfig);
        merged.putAll(domainConfig.getOrDefault(domain, Map.of()));
        return merged;
    }

    /** Where node {@code id} runs: its placement, or the fabric's host with no launch prefix. */
    public NodePlacement placement(String id) {
        return placements.getOrDefault(id, new NodePlacement(host, List.of()));
    }

    public static Builder builder(Path workDir) {
        return new Builder(workDir);
    }

    /** The {@code java} of the running JVM. */
    public static String currentJava() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    /**
     * The classpath with every entry made absolute: nodes run in the fabric's work directory, where
     * a relative entry (as in {@code java -jar cli/target/writ.jar}) would not resolve.
     */
    static String absolute(String classpath) {
        StringBuilder out = new StringBuilder();
        for (String entry : classpath.split(java.io.File.pathSeparator, -1)) {
            if (out.length() > 0) {
                out.append(java.io.File.pathSeparator);
            }
            out.append(entry.isEmpty() ? entry : Path.of(entry).toAbsolutePath().toString());
        }
        return out.toString();
    }

    public static final class Builder {
        private final Path workDir;
        private String javaCommand = currentJava();
        private String classpath = absolute(System.getProperty("java.class.path"));
        private List<String> jvmFlags = DEFAULT_JVM_FLAGS;
        private DatabaseChoice database = DatabaseChoice.h2();
        private String host = "127.0.0.1";
        private int journalMaxConnections = 8;
        private Optional<Path> policyFile = Optional.empty();
        private boolean mutualTls = true;
        private final List<byte[]> trustedRoots = new java.util.ArrayList<>();
        private final Map<String, String> extraConfig = new LinkedHashMap<>();
        private final Map<String, String> environment = new LinkedHashMap<>();
        private Duration startTimeout = Duration.ofSeconds(90);
        private Duration stopTimeout = Duration.ofSeconds(20);
        private final Map<String, NodePlacement> placements = new LinkedHashMap<>();
        private final Map<String, Map<String, String>> domainConfig = new LinkedHashMap<>();
        private Optional<FabricChain> chain = Optional.empty();
        private Duration regionRoundTrip = DEFAULT_REGION_ROUND_TRIP;

        private Builder(Path workDir) {
            this.workDir = workDir;
        }

        /** Where the fabric's nodes get their directories ({@code <workDir>/<node id>}). */
        public Path workDir() {
            return workDir;
        }

        public Builder javaCommand(String v) {
            javaCommand = v;
            return this;
        }

        public Builder classpath(String v) {
            classpath = v;
            return this;
        }

        public Builder jvmFlags(List<String> v) {
            jvmFlags = v;
            return this;
        }

        public Builder database(DatabaseChoice v) {
            database = v;
            return this;
        }

        public Builder host(String v) {
            host = v;
            return this;
        }

        public Builder journalMaxConnections(int v) {
            journalMaxConnections = v;
            return this;
        }

        public Builder policyFile(Path v) {
            policyFile = Optional.ofNullable(v);
            return this;
        }

        public Builder config(String path, String hoconValue) {
            extraConfig.put(path, hoconValue);
            return this;
        }

        /** An override for the nodes of {@code domain} only; wins over {@link #config} for them. */
        public Builder domainConfig(String domain, String path, String hoconValue) {
            domainConfig.computeIfAbsent(domain, d -> new LinkedHashMap<>()).put(path, hoconValue);
            return this;
        }

        /** Every entry of {@code entries} (path to HOCON value text) as {@link #domainConfig(String, String, String)}. */
        public Builder domainConfig(String domain, Map<String, String> entries) {
            entries.forEach((path, value) -> domainConfig(domain, path, value));
            return this;
        }

        /** The chain the fabric registers its nodes' keys on, signed by each domain's admin. */
        public Builder chain(FabricChain v) {
            chain = Optional.of(v);
            return this;
        }

        public Builder env(String name, String value) {
            environment.put(name, value);
            return this;
        }

        public Builder startTimeout(Duration v) {
            startTimeout = v;
            return this;
        }

        public Builder mutualTls(boolean v) {
            mutualTls = v;
            return this;
        }

        /** With mutual TLS, also trust these DER roots (of domains outside this fabric). */
        public Builder trustRoots(List<byte[]> roots) {
            trustedRoots.addAll(roots);
            return this;
        }

        public Builder stopTimeout(Duration v) {
            stopTimeout = v;
            return this;
        }

        /** The round trip each cross-region link adds (a topology with several regions). */
        public Builder regionRoundTrip(Duration v) {
            regionRoundTrip = v;
            return this;
        }

        public Builder place(String nodeId, NodePlacement placement) {
            placements.put(nodeId, placement);
            return this;
        }

        public FabricOptions build() {
            return new FabricOptions(workDir, javaCommand, classpath, jvmFlags, database, host, journalMaxConnections,
                    policyFile, extraConfig, environment, startTimeout, stopTimeout, placements, mutualTls, trustedRoots, domainConfig, chain, regionRoundTrip);
        }
    }
}

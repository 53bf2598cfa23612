package dev.writ.bench;

import com.typesafe.config.ConfigFactory;
import dev.writ.fabric.DatabaseChoice;
import dev.writ.fabric.FabricChain;
import dev.writ.fabric.FabricIdentity;
import dev.writ.fabric.FabricOptions;
import dev.writ.fabric.LocalFabric;
import dev.writ.fabric.NodeConfig;
import dev.writ.fabric.NodeConfigRenderer;
import dev.writ.fabric.PartnerDomain;
import dev.writ.fabric.ReconciliationClient;
import dev.writ.fabric.SamplePolicies;
import dev.writ.fabric.Topology;
import dev.writ.policy.PolicyFiles;
import dev.writ.protocol.client.WritClient;
import dev.writ.protocol.wire.RevocationEntry;
import dev.writ.protocol.wire.RevocationRequest;
import dev.writ.protocol.wire.RevocationResponse;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code bin/writ bench revocation}: how fast a revocation in one domain is held by every node of
 * both domains, with the cluster under load. Two domains on a dev chain — acme (3 node
 * JVMs) and globex (1) — proof exchange on; an open-loop propose+redeem load runs against acme
 * while an operator revokes writs one at a time. For each revocation: the time until acme's nodes
 * all hold the new epoch (the revocation's own answer says so) and until globex holds it (polled
 * from its {@code /v1/reconciliation}). Then the exchange's overhead (envelopes and bytes per second
 * from the outbox) and a repair: globex is frozen, then thawed, and the time until continuity is
 * proven again is measured.
 */
public final class RevocationBench {
    private static final Logger LOG = LoggerFactory.getLogger(RevocationBench.class);
    private static final String DOMAIN = BenchMain.DOMAIN;
    private static final String PARTNER = SamplePolicies.PARTNER;

    /** Options: {@code --revocations 200 --load 100 --db postgres|h2 --out <dir> --silence 10s}. */
    public record Options(int revocations, double load, String db, Path out, Duration silence, String pgUrl) {
        public static final String USAGE = "usage: writ bench revocation [--revocations 200] [--load 100] "
                + "[--db postgres|h2] [--silence 10s] [--out bench-results] [--pg-url jdbc:postgresql://127.0.0.1:5432/]";

        public static Options parse(List<String> args) {
            int revocations = 200;
            double load = 100;
            String db = "postgres";
            Path out = Path.of("bench-results");
            Duration silence = Duration.ofSeconds(10);
            String pgUrl = "jdbc:postgresql://127.0.0.1:5432/";
            for (int i = 0; i < args.size(); i += 2) {
                if (i + 1 >= args.size()) {
                    throw new IllegalArgumentException(args.get(i) + " needs a value");
                }
                String v = args.get(i + 1);
                switch (args.get(i)) {
                    case "--revocations" -> revocations = Integer.parseInt(v);
                    case "--load" -> load = Double.parseDouble(v);
                    case "--db" -> db = v;
                    case "--out" -> out = Path.of(v);
                    case "--silence" -> silence = BenchOptions.duration(v);
                    case "--pg-url" -> pgUrl = v;
                    default -> throw new IllegalArgumentException("unknown option " + args.get(i));
                }
            }
            if (revocations < 1 || load < 0 || !(db.equals("postgres") || db.equals("h2"))) {
                throw new IllegalArgumentException("--revocations >= 1, --load >= 0, --db postgres or h2");
            }
            return new Options(revocations, load, db, out, silence, pgUrl);
        }
    }

    private RevocationBench() {
    }

    public static String run(Options o) throws Exception {
        Instant date = Instant.now();
        String tag = HexFormat.of().formatHex(new SecureRandom().generateSeed(3));
        Path work = o.out().resolve("revocation-" + tag);
        try (FabricChain chain = FabricChain.start(work.resolve("chain"), List.of(DOMAIN, PARTNER))) {
            chain.enact(PolicyFiles.parse(PartnerDomain.withPartnerTarget(ConfigFactory.parseResources(
                    SamplePolicies.BENCH_POLICY_RESOURCE), "payments-api", SamplePolicies.PARTNER_TARGET, "post")));
            chain.enact(SamplePolicies.partner());
            FabricOptions.Builder acmeOptions = options(o, work.resolve(DOMAIN));
            chain.nodeConfig(DOMAIN).forEach(acmeOptions::config);
            acmeOptions.config("writ.exchange.registry-address", NodeConfigRenderer.quote(chain.config().contract("AgentRegistry")));
            Topology acmeTopology = Topology.singleDomain(DOMAIN, 3);
            chain.registerNodeKeys(DOMAIN, acmeOptions.workDir(), acmeTopology.nodeIds());
            try (LocalFabric acme = LocalFabric.launch(acmeTopology, acmeOptions.build());
                 LocalFabric globex = PartnerDomain.launch(chain, acme, new Topology(PARTNER, List.of(PARTNER + "-1")),
                         options(o, work.resolve(PARTNER)))) {
                List<URI> all = new ArrayList<>(acme.nodeIds().stream().map(acme::httpUri).toList());
                URI partner = globex.httpUri(PARTNER + "-1");
                all.add(partner);
                ReconciliationClient.awaitAccepted(all, Duration.ofSeconds(60));
                Measured m = measure(o, tag, acme, partner);
                Overhead overhead = overhead(acme.config(acme.nodeIds().get(0)).journal(), m.seconds());
                long repairMillis = repair(globex, all, o.silence());
                String md = markdown(date, o, m, overhead, repairMillis, acme.databaseDescription());
                Files.createDirectories(o.out());
                Path file = o.out().resolve("revocation-" + tag + ".md");
                Files.writeString(file, md);
                System.out.println(md);
                System.out.println("Figures written to " + file);
                return md;
            }
        }
    }

    private static FabricOptions.Builder options(Options o, Path dir) {
        FabricOptions.Builder b = FabricOptions.builder(dir).database(o.db().equals("h2") ? DatabaseChoice.h2()
                : new DatabaseChoice.Postgres(o.pgUrl(), "postgres", "", true));
        PartnerDomain.exchangeConfig(SamplePolicies.PARTNER_TARGET, PARTNER, List.of(DOMAIN, PARTNER)).forEach(b::config);
        return b;
    }

    private record Measured(List<Long> acmeMicros, List<Long> partnerMicros, List<Long> everyMicros, List<PhaseResult> load,
                            double seconds) {
    }

    /** The load phase length: the load runs in phases of this length until the revocations are done. */
    private static final Duration LOAD_PHASE = Duration.ofSeconds(10);

    private static Measured measure(Options o, String tag, LocalFabric acme, URI partner) throws Exception {
        List<URI> acmeNodes = acme.nodeIds().stream().map(acme::httpUri).toList();
        // A revocation answers once every node of acme holds it: give a loaded 2-core machine time to say so.
        List<WritClient> operators = acmeNodes.stream().map(u -> WritClient.builder(u).timeout(Duration.ofSeconds(30))
                .operatorCredential(acme.identity(DOMAIN).operator()).build()).toList();
        java.util.concurrent.atomic.AtomicBoolean done = new java.util.concurrent.atomic.AtomicBoolean();
        CompletableFuture<List<PhaseResult>> load = new CompletableFuture<>();
        BenchActions actions = new BenchActions(new AgentRotation(DOMAIN, tag, AgentRotation.DEFAULT_ACTIONS_PER_AGENT),
                "rev-" + tag, java.util.Optional.of(acme.identity(DOMAIN)));
        PhasePlanner planner = new PhasePlanner(actions, acmeNodes.size());
        LoadGenerator generator = new LoadGenerator(acmeNodes, LoadGenerator.Settings.defaults());
        Thread loader = new Thread(() -> {
            List<PhaseResult> phases = new ArrayList<>();
            try {
                while (o.load() > 0 && !done.get()) {
                    phases.add(generator.openLoop(planner.proposals(PhaseKind.ACTION, o.load(), LOAD_PHASE)).result());
                }
                load.complete(phases);
            } catch (RuntimeException e) {
                load.completeExceptionally(e);
            }
        }, "revocation-bench-load");
        loader.start();
        Thread.sleep(5_000); // the load is running, and the cluster warm, before the first revocation
        long started = System.nanoTime();
        List<Long> acmeMicros = new ArrayList<>();
        List<Long> partnerMicros = new ArrayList<>();
        List<Long> every = new ArrayList<>();
        for (int i = 0; i < o.revocations(); i++) {
            long t0 = System.nanoTime();
            RevocationResponse r = revoke(operators.get(i % operators.size()), RevocationRequest.newBuilder()
                    .setKind(RevocationEntry.Kind.WRIT).setSubject("bench-" + tag + "-" + i)
                    .setReason("revocation bench").setIssuer(FabricIdentity.OPERATOR).build());
            long tA = System.nanoTime();
            if (r.getNodesAcknowledged() != r.getNodesTotal()) {
                LOG.warn("revocation {}: only {}/{} acme nodes confirmed within the propagation timeout", i,
                        r.getNodesAcknowledged(), r.getNodesTotal());
            }
            long epoch = r.getEntry().getEpoch();
            while (ReconciliationClient.continuity(partner, DOMAIN).map(c -> c.getRevocationEpoch()).orElse(0L) < epoch) {
                if (System.nanoTime() - t0 > Duration.ofSeconds(10).toNanos()) {
                    throw new IllegalStateException("globex did not hold acme's revocation epoch " + epoch + " within 10 s");
                }
                Thread.sleep(2); // a poll every ~3 ms: the figures' resolution, without starving the nodes of CPU
            }
            long tB = System.nanoTime();
            acmeMicros.add((tA - t0) / 1_000);
            partnerMicros.add((tB - t0) / 1_000);
            every.add((Math.max(tA, tB) - t0) / 1_000);
            Thread.sleep(200);
        }
        double seconds = (System.nanoTime() - started) / 1e9;
        done.set(true);
        List<PhaseResult> phases = load.get();
        generator.close();
        return new Measured(acmeMicros, partnerMicros, every, phases, seconds);
    }

    /**
     * A revocation, repeated while the node answers 503 (a revocation is idempotent: a repeat answers
     * the entry already appended). The time measured includes the repeats.
     */
    private static RevocationResponse revoke(WritClient operator, RevocationRequest request) throws Exception {
        for (int attempt = 1; ; attempt++) {
            try {
                return operator.revoke(request);
            } catch (dev.writ.protocol.client.WritRefusedException e) {
                if (e.status() != 503 || attempt == 5) {
                    throw e;
                }
                retries++;
                LOG.warn("revocation of {} answered {} ({}); repeating it", request.getSubject(), e.code(), e.detail());
            }
        }
    }

    private static int retries;

    /** Envelopes and bytes the domain published, per kind, from its outbox. */
    private record Overhead(long beacons, long beaconBytes, long revocations, long revocationBytes, double spanSeconds) {
    }

    private static Overhead overhead(NodeConfig.Journal journal, double seconds) throws Exception {
        try (Connection c = DriverManager.getConnection(journal.url(), journal.user(), journal.password());
             Statement s = c.createStatement();
             ResultSet r = s.executeQuery("SELECT kind, COUNT(*), SUM(LENGTH(envelope)) FROM writ_exchange_outbox"
                     + " WHERE domain = '" + DOMAIN + "' GROUP BY kind")) {
            long beacons = 0, beaconBytes = 0, revocations = 0, revocationBytes = 0;
            while (r.next()) {
                if (r.getInt(1) == 1) {
                    beacons = r.getLong(2);
                    beaconBytes = r.getLong(3);
                } else if (r.getInt(1) == 2) {
                    revocations = r.getLong(2);
                    revocationBytes = r.getLong(3);
                }
            }
            return new Overhead(beacons, beaconBytes, revocations, revocationBytes, seconds);
        }
    }

    /** Freezes globex for {@code silence}, thaws it, and answers the milliseconds until every node accepts again. */
    private static long repair(LocalFabric globex, List<URI> all, Duration silence) throws Exception {
        globex.freeze(PARTNER + "-1");
        Thread.sleep(silence.toMillis());
        long thawed = System.nanoTime();
        globex.thaw(PARTNER + "-1");
        ReconciliationClient.awaitAccepted(all, Duration.ofSeconds(60));
        return (System.nanoTime() - thawed) / 1_000_000;
    }

    private static String markdown(Instant date, Options o, Measured m, Overhead overhead, long repairMillis,
                                   String database) {
        BenchReport.Machine machine = BenchReport.Machine.current();
        StringBuilder s = new StringBuilder();
        s.append("## Revocation propagation across domains (").append(date).append(")\n\n");
        s.append("Machine: ").append(machine.cores()).append(" cores, ").append(machine.memoryMb()).append(" MB, ")
                .append(machine.jdk()).append(", ").append(machine.os()).append(". acme: 3 node JVMs, globex: 1, ")
                .append(database).append(", dev chain (anvil). ").append(o.revocations())
                .append(" revocations via acme's nodes in turn, 200 ms apart, under ").append(o.load())
                .append(" propose+redeem actions/s against acme; globex polled every ~3 ms (the resolution of its row).\n\n");
        s.append("| held by | p50 ms | p90 ms | p99 ms | max ms |\n| --- | --- | --- | --- | --- |\n");
        row(s, "every node of acme (the revocation's answer)", m.acmeMicros());
        row(s, "globex-1 (a signed envelope, verified)", m.partnerMicros());
        row(s, "every node of both domains", m.everyMicros());
        if (retries > 0) {
            s.append("\n").append(retries).append(" revocation request(s) were answered 503 and repeated; their times include the repeat.\n");
        }
        if (!m.load().isEmpty()) {
            s.append("\nLoad meanwhile, in ").append(m.load().size()).append(" phases of ").append(LOAD_PHASE.toSeconds())
                    .append(" s (achieved actions/s; admission and redemption p99 ms; errors):");
            for (PhaseResult p : m.load()) {
                s.append(' ').append(Math.round(p.achievedRate())).append("/s ").append(LatencySummary.ms(p.admission().p99()))
                        .append('/').append(LatencySummary.ms(p.redemption().p99())).append(" ms ").append(p.errorCount()).append(";");
            }
            s.append('\n');
        }
        s.append("\nExchange overhead (acme's outbox over the whole run): ").append(overhead.beacons()).append(" beacons, ")
                .append(overhead.beacons() == 0 ? 0 : overhead.beaconBytes() / overhead.beacons()).append(" bytes each; ")
                .append(overhead.revocations()).append(" revocation envelopes, ")
                .append(overhead.revocations() == 0 ? 0 : overhead.revocationBytes() / overhead.revocations())
                .append(" bytes each.\n");
        s.append("\nRepair: globex frozen (SIGSTOP) for ").append(o.silence().toSeconds()).append(" s, then thawed: every node "
                + "of both domains accepted both domains' continuity again ").append(repairMillis).append(" ms later.\n");
        return s.toString();
    }

    private static void row(StringBuilder s, String what, List<Long> micros) {
        List<Long> sorted = new ArrayList<>(micros);
        sorted.sort(Long::compare);
        s.append("| ").append(what).append(" | ").append(ms(pct(sorted, 50))).append(" | ").append(ms(pct(sorted, 90)))
                .append(" | ").append(ms(pct(sorted, 99))).append(" | ").append(ms(sorted.get(sorted.size() - 1))).append(" |\n");
    }

    private static long pct(List<Long> sorted, int p) {
        return sorted.get(Math.min(sorted.size() - 1, (int) Math.ceil(p / 100.0 * sorted.size()) - 1));
    }

    private static String ms(long micros) {
        return String.format("%.1f", micros / 1000.0);
    }
}

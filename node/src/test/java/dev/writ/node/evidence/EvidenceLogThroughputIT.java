package dev.writ.node.evidence;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.writ.protocol.crypto.Hashes;
import dev.writ.protocol.crypto.SigningKey;
import dev.writ.protocol.wire.EvidenceKind;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A measurement, not a test: appends/s and transactions of the evidence log on PostgreSQL
 * (synchronous commit as configured on the server), each caller waiting for durability before its
 * next append as an admission would. Run with {@code -Dwrit.bench=true}; figures go to
 * {@code target/evidence-log-throughput.txt}. With {@code -Dwrit.bench.claimed=true} every append is an
 * admission's: PROPOSAL, DECISION and ISSUANCE with its proposal id's claim in the same transaction
 * (so a group's claims are measured too); {@code -Dwrit.bench.lanes=1,2} picks the lane counts. The
 * CPU column is this JVM's (callers, lanes, JDBC) per append, not the database's. Nothing here asserts on time.
 */
@EnabledIfSystemProperty(named = "writ.bench", matches = "true")
class EvidenceLogThroughputIT {
    static final int APPENDS = Integer.getInteger("writ.bench.appends", 20_000);
    static final int CALLERS = Integer.getInteger("writ.bench.callers", 32);
    static final int MAX_BATCH = Integer.getInteger("writ.bench.max-batch", 256);
    static final boolean CLAIMED = Boolean.getBoolean("writ.bench.claimed");
    static final String LANES = System.getProperty("writ.bench.lanes", "1,2,4,8");

    @Test
    void measureGroupCommitOnPostgres() throws Exception {
        // no logback-test.xml here: keep per-connection DEBUG lines out of the measured path
        ((ch.qos.logback.classic.Logger) org.slf4j.LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME))
                .setLevel(ch.qos.logback.classic.Level.INFO);
        StringBuilder report = new StringBuilder();
        report.append(String.format(Locale.ROOT, "# evidence log on PostgreSQL: %d appends (%s), %d callers,"
                + " max batch %d, %d cores%n", APPENDS, CLAIMED ? "3 records and a proposal claim each" : "2 records each",
                CALLERS, MAX_BATCH, Runtime.getRuntime().availableProcessors()));
        report.append("lanes  appends/s  records/s  batches  appends/batch  seconds  jvm-cpu-us/append\n");
        for (String lanes : LANES.split(",")) {
            report.append(run(Integer.parseInt(lanes.trim()))).append('\n');
        }
        Path out = Path.of("target", "evidence-log-throughput.txt");
        Files.writeString(out, report.toString(), StandardCharsets.UTF_8);
        System.out.print(report);
    }

    private String run(int lanes) throws Exception {
        String database = "writ_it_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        EvidenceStorePostgresIT.admin("CREATE DATABASE " + database);
        try {
            HikariConfig config = new HikariConfig();
            config.setJdbcUrl(EvidenceStorePostgresIT.SERVER + database + "?reWriteBatchedInserts=true");
            config.setUsername("postgres");
            config.setMaximumPoolSize(lanes + 2);
            try (HikariDataSource pool = new HikariDataSource(config)) {
                EvidenceStore store = new EvidenceStore(pool, Dialect.POSTGRES, Duration.ofSeconds(10), Duration.ofSeconds(1));
                store.createSchema();
                try (EvidenceLog log = new EvidenceLog(store, SigningKey.generate(), "acme", "n1", lanes, MAX_BATCH,
                        Clock.systemUTC(), ForkJoinPool.commonPool())) {
                    warmUp(log);
                    EvidenceLog.Stats before = log.stats();
                    AtomicInteger next = new AtomicInteger();
                    ExecutorService callers = Executors.newFixedThreadPool(CALLERS);
                    long cpuStart = processCpuNanos();
                    long start = System.nanoTime();
                    List<CompletableFuture<Void>> done = new ArrayList<>();
                    for (int c = 0; c < CALLERS; c++) {
                        done.add(CompletableFuture.runAsync(() -> {
                            for (int i = next.getAndIncrement(); i < APPENDS; i = next.getAndIncrement()) {
                                String story = "prop-" + i;
                                List<EvidenceLog.Entry> entries = new ArrayList<>(List.of(
                                        new EvidenceLog.Entry(EvidenceKind.DECISION, story, ("ALLOW " + story).getBytes(StandardCharsets.UTF_8)),
                                        new EvidenceLog.Entry(EvidenceKind.ISSUANCE, "jti-" + i, ("writ " + i).getBytes(StandardCharsets.UTF_8))));
                                if (CLAIMED) {
                                    byte[] proposal = ("proposal " + story).getBytes(StandardCharsets.UTF_8);
                                    entries.add(0, new EvidenceLog.Entry(EvidenceKind.PROPOSAL, story, proposal));
                                    assertThat(log.appendClaimed(story, new ProposalClaim("acme", "spiffe://acme/agent/a", story,
                                            Hashes.sha256(proposal), "jti-" + i, System.currentTimeMillis()), entries).join())
                                            .isInstanceOf(EvidenceLog.Won.class);
                                } else {
                                    log.append(story, entries).join();
                                }
                            }
                        }, callers));
                    }
                    CompletableFuture.allOf(done.toArray(CompletableFuture[]::new)).get(10, TimeUnit.MINUTES);
                    double seconds = (System.nanoTime() - start) / 1e9;
                    long cpu = processCpuNanos() - cpuStart;
                    callers.shutdown();
                    EvidenceLog.Stats after = log.stats();
                    long appends = after.appendsWritten() - before.appendsWritten();
                    long batches = after.batchesWritten() - before.batchesWritten();
                    assertThat(appends).isEqualTo(APPENDS);
                    int records = CLAIMED ? 3 : 2;
                    return String.format(Locale.ROOT, "%5d  %9.0f  %9.0f  %7d  %13.1f  %7.2f  %17.0f", lanes,
                            appends / seconds, records * appends / seconds, batches, (double) appends / batches, seconds,
                            cpu / 1e3 / appends);
                }
            }
        } finally {
            EvidenceStorePostgresIT.admin("DROP DATABASE IF EXISTS " + database + " WITH (FORCE)");
        }
    }

    private static long processCpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory
                .getOperatingSystemMXBean()).getProcessCpuTime();
    }

    private static void warmUp(EvidenceLog log) {
        List<CompletableFuture<?>> warm = new ArrayList<>();
        for (int i = 0; i < 2_000; i++) {
            warm.add(log.append("warm-" + i, List.of(new EvidenceLog.Entry(EvidenceKind.PROPOSAL, "w", new byte[8]))));
        }
        warm.forEach(CompletableFuture::join);
    }
}

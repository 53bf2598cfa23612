package dev.writ.node.siem;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.typesafe.config.ConfigFactory;
import dev.writ.node.evidence.Dialect;
import dev.writ.node.evidence.EvidenceStore;
import dev.writ.node.evidence.StoredRecord;
import dev.writ.node.health.HealthReport;
import dev.writ.node.health.HealthReport.Finding;
import dev.writ.node.health.HealthStatus;
import dev.writ.protocol.crypto.Hashes;
import dev.writ.protocol.crypto.SigningKey;
import dev.writ.protocol.evidence.ChainHead;
import dev.writ.protocol.evidence.EvidenceRecords;
import dev.writ.protocol.evidence.VerifiedRecord;
import dev.writ.protocol.wire.DecisionRecord;
import dev.writ.protocol.wire.EvidenceKind;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The exporter's rounds on H2: batches follow the cursor, a failing sink is retried after its
 * backoff from where it stopped without holding the other sink back, and health findings beyond
 * the queue drop the oldest.
 */
class SiemExporterTest {
    private static final SigningKey KEY = SigningKey.generate();
    private static final String LANE = "node-a-0";

    @TempDir
    Path dir;
    private JdbcDataSource pool;
    private EvidenceStore store;
    private SiemCursor cursor;
    private final AtomicLong now = new AtomicLong(1_000);
    private final AtomicReference<HealthStatus> health = new AtomicReference<>(HealthStatus.HEALTHY);

    /** A sink that takes batches, or refuses them while {@code down}. */
    private static final class FakeSink implements EventSink {
        final String name;
        final List<List<String>> batches = new ArrayList<>();
        boolean down;
        int refused;

        FakeSink(String name) {
            this.name = name;
        }

        @Override
        public String name() {
            return name;
        }

        @Override
        public void deliver(List<String> lines) throws IOException {
            if (down) {
                refused++;
                throw new IOException(name + " is down");
            }
            batches.add(List.copyOf(lines));
        }

        /** The record hashes of the evidence events taken, in order. */
        List<String> uids() throws IOException {
            List<String> uids = new ArrayList<>();
            for (String line : batches.stream().flatMap(List::stream).toList()) {
                JsonNode event = new ObjectMapper().readTree(line);
                if (event.get("class_uid").asInt() == OcsfEvents.API_ACTIVITY) {
                    uids.add(event.at("/metadata/uid").asText());
                }
            }
            return uids;
        }
    }

    @BeforeEach
    void open() throws Exception {
        pool = new JdbcDataSource();
        pool.setURL("jdbc:h2:file:" + dir.resolve("db").toAbsolutePath());
        store = new EvidenceStore(pool, Dialect.H2, Duration.ofSeconds(5), Duration.ofSeconds(1));
        store.createSchema();
        cursor = new SiemCursor(pool, "acme", 5);
        cursor.createSchema();
    }

    @Test
    void aFailingSinkResumesFromItsCursorAfterItsBackoffWhileTheOtherGoesOn() throws Exception {
        List<String> hashes = append(0, 7);
        FakeSink file = new FakeSink("file");
        FakeSink http = new FakeSink("http");
        http.down = true;
        SiemExporter exporter = exporter(settings(Map.of("batch-size", 3, "backoff-min", "1s", "backoff-max", "4s")),
                file, http);

        exporter.run();
        assertThat(file.uids()).as("the file takes every record, three per batch").isEqualTo(hashes);
        assertThat(file.batches).hasSize(3);
        assertThat(http.refused).isEqualTo(1);

        now.addAndGet(500);
        exporter.run();
        assertThat(http.refused).as("within its backoff the collector is not tried").isEqualTo(1);
        now.addAndGet(600);
        exporter.run();
        assertThat(http.refused).as("tried again after backoff-min").isEqualTo(2);
        now.addAndGet(1_500);
        exporter.run();
        assertThat(http.refused).as("the backoff doubled to 2 s").isEqualTo(2);

        http.down = false;
        now.addAndGet(600);
        List<String> more = append(7, 2);
        exporter.run();
        List<String> all = new ArrayList<>(hashes);
        all.addAll(more);
        assertThat(http.uids()).as("back, the collector gets every record from its cursor, once").isEqualTo(all);
        assertThat(file.uids()).as("the file did not get the first records again").isEqualTo(all);

        SiemExporter restarted = exporter(settings(Map.of("batch-size", 3)), file, http);
        restarted.run();
        assertThat(file.uids()).as("a new exporter on the same table resumes at the cursor").isEqualTo(all);
    }

    @Test
    void healthFindingsBeyondTheQueueDropTheOldest() throws Exception {
        FakeSink http = new FakeSink("http");
        http.down = true;
        SiemExporter exporter = exporter(settings(Map.of("health-queue", 2, "backoff-min", "1ms", "backoff-max", "1ms")),
                http);
        for (HealthStatus status : List.of(HealthStatus.DEGRADED, HealthStatus.FAILED, HealthStatus.DEGRADED,
                HealthStatus.HEALTHY)) {
            health.set(status);
            now.addAndGet(10);
            exporter.run();
        }
        http.down = false;
        now.addAndGet(10);
        exporter.run();
        assertThat(http.batches).singleElement().satisfies(batch -> assertThat(batch)
                .as("the two newest findings: back to DEGRADED, then resolved").satisfiesExactly(
                        l -> assertThat(l).contains("\"health\":\"DEGRADED\"", "\"previous\":\"FAILED\""),
                        l -> assertThat(l).contains("\"health\":\"HEALTHY\"", "\"activity_name\":\"Close\"")));
    }

    private SiemExporter exporter(SiemSettings settings, EventSink... sinks) {
        return new SiemExporter(settings, store, new SiemCursor(pool, "acme", 5), "acme", List.of(LANE),
                () -> HealthReport.of(List.of(new Finding("chain", health.get(), "chain " + health.get())), List.of(), 0),
                new HealthFindings("acme", "node-a"), now::get, List.of(sinks));
    }

    private static SiemSettings settings(Map<String, Object> siem) {
        return SiemSettings.from(ConfigFactory.parseMap(siem).atPath("siem")
                .withFallback(ConfigFactory.parseMap(Map.of("siem.enabled", true, "siem.http.url", "http://127.0.0.1:1/")))
                .withFallback(ConfigFactory.defaultReference().getConfig("writ")));
    }

    /** Appends {@code n} DECISION records at {@code from}.. and answers their hashes (hex). */
    private List<String> append(long from, int n) {
        List<StoredRecord> records = new ArrayList<>();
        byte[] previous = from == 0 ? new byte[32] : store.head("acme", LANE).orElseThrow().lastHash();
        for (int i = 0; i < n; i++) {
            byte[] payload = DecisionRecord.newBuilder().setDomain("acme").setProposalId("p-" + (from + i))
                    .setAgentId("spiffe://acme/agent/a").setDecision(DecisionRecord.Decision.ALLOW).setNodeId("node-a")
                    .build().toByteArray();
            VerifiedRecord sealed = EvidenceRecords.seal(KEY, "node-a", new ChainHead("acme", LANE, from + i, previous),
                    EvidenceKind.DECISION, "p-" + (from + i), Hashes.sha256(payload), 1_000 + from + i);
            previous = sealed.hash();
            records.add(new StoredRecord(sealed, payload, "p-" + (from + i)));
        }
        store.appendBatch(records);
        return records.stream().map(r -> HexFormat.of().formatHex(r.record().hash())).toList();
    }
}

package dev.writ.node.siem;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import dev.writ.node.TestNode;
import dev.writ.node.evidence.StoredRecord;
import dev.writ.protocol.client.WritClient;
import dev.writ.protocol.client.WritClientException;
import dev.writ.protocol.client.WritRefusedException;
import dev.writ.protocol.wire.Action;
import dev.writ.protocol.wire.ActionContext;
import dev.writ.protocol.wire.ActionProposal;
import dev.writ.protocol.wire.DecisionRecord.Decision;
import dev.writ.protocol.wire.EvidenceKind;
import dev.writ.protocol.wire.ProposalResponse;
import dev.writ.protocol.wire.RedemptionRequest;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The SIEM export of a real node on the real PostgreSQL, to a rotating file and a local HTTP
 * collector (a JDK HttpServer): every exported record of a burst of proposals, redemptions and
 * refusals reaches both, counted against the evidence store itself; while the collector refuses,
 * the file goes on and the collector gets all of it once it is back (retries); after a restart of
 * the node nothing is lost (the cursor); the file rotates; every event conforms to OCSF 1.3.0.
 */
class SiemExportIT {
    private static final String SERVER = System.getProperty("writ.it.postgres", "jdbc:postgresql://127.0.0.1:5432/");
    private static final String DOMAIN = "acme";
    private static final int BATCH = 16;
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final OcsfSchema SCHEMA = OcsfSchema.load();

    @TempDir
    Path dir;

    private final ConcurrentLinkedQueue<String> collected = new ConcurrentLinkedQueue<>();
    private final AtomicBoolean collectorUp = new AtomicBoolean(true);
    private final AtomicInteger refusedPosts = new AtomicInteger();
    private final AtomicInteger agents = new AtomicInteger();

    @Test
    void everyRecordReachesFileAndCollectorAcrossACollectorOutageAndANodeRestart() throws Exception {
        String database = "writ_siem_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12).toLowerCase(Locale.ROOT);
        admin("CREATE DATABASE " + database);
        HttpServer collector = collector();
        Path file = dir.resolve("siem/events.jsonl");
        Map<String, Object> config = Map.ofEntries(Map.entry("writ.journal.url", SERVER + database),
                Map.entry("writ.journal.user", "postgres"), Map.entry("writ.siem", Map.of("enabled", true,
                        "poll-interval", "200ms", "batch-size", BATCH, "backoff-min", "100ms", "backoff-max", "1s",
                        "file", Map.of("path", file.toString(), "max-bytes", "16KiB", "keep", 1000),
                        "http", Map.of("url", "http://127.0.0.1:" + collector.getAddress().getPort() + "/ocsf"))));
        try {
            try (TestNode node = TestNode.start(dir.resolve("node"), config)) {
                WritClient client = healthy(node);
                burst(client, 30);
                awaitExported(node, file, "the first burst");
                Set<String> first = exported(node);

                collectorUp.set(false);
                burst(client, 20);
                Set<String> second = exported(node);
                second.removeAll(first);
                await("the file has the second burst while the collector refuses",
                        () -> uids(fileEvents(file)).containsAll(second));
                await("the exporter has tried the collector and been refused", () -> refusedPosts.get() > 0);
                assertThat(uids(collectedEvents())).as("nothing of the second burst was taken while the collector refused")
                        .doesNotContainAnyElementsOf(second);
                collectorUp.set(true);
                awaitExported(node, file, "the second burst, retried once the collector is back");
            }
            try (TestNode node = TestNode.start(dir.resolve("node"), config)) {
                WritClient client = healthy(node);
                burst(client, 20);
                awaitExported(node, file, "every burst, across the restart");
                List<JsonNode> written = fileEvents(file);
                List<JsonNode> evidenceEvents = written.stream().filter(e -> e.get("class_uid").asInt() == OcsfEvents.API_ACTIVITY).toList();
                // The cursor survived the restart: at most the batch in flight when the node stopped, one
                // per lane, is written again (at least once, never a whole lane from its start).
                assertThat(evidenceEvents.size() - uids(evidenceEvents).size()).as("events written twice")
                        .isLessThanOrEqualTo(BATCH * node.node.store().lanes(DOMAIN).size());
                assertThat(written).as("health changes as findings: the node started FAILED (starting), then HEALTHY")
                        .anySatisfy(e -> {
                            assertThat(e.get("class_uid").asInt()).isEqualTo(HealthFindings.DETECTION_FINDING);
                            assertThat(e.get("activity_name").asText()).isEqualTo("Close");
                        });
                for (JsonNode e : Stream.concat(written.stream(), collectedEvents().stream()).toList()) {
                    assertThat(SCHEMA.violations(e)).as(e.toString()).isEmpty();
                }
                try (Stream<Path> files = Files.list(file.getParent())) {
                    assertThat(files.count()).as("the file rotated at 16 KiB").isGreaterThan(2);
                }
            }
        } finally {
            collector.stop(0);
            admin("DROP DATABASE IF EXISTS " + database + " WITH (FORCE)");
        }
    }

    /** Waits until the file and the collector each hold an event of every exported record, and no other. */
    private void awaitExported(TestNode node, Path file, String what) throws Exception {
        Set<String> expected = exported(node);
        assertThat(expected).as("the burst left exported evidence").isNotEmpty();
        await(what + " in the file", () -> uids(evidence(fileEvents(file))).equals(expected));
        await(what + " at the collector", () -> uids(evidence(collectedEvents())).equals(expected));
        Map<String, Long> kinds = evidence(fileEvents(file)).stream()
                .collect(Collectors.groupingBy(e -> e.at("/unmapped/writ/kind").asText(), Collectors.counting()));
        assertThat(kinds).as("decisions, redemptions and refusals all exported")
                .containsKeys("DECISION", "REDEMPTION", "REFUSAL");
    }

    /** The hashes of every record of the node's lanes of an exported kind, read from the store itself. */
    private static Set<String> exported(TestNode node) {
        Set<String> hashes = new HashSet<>();
        for (String lane : node.node.store().lanes(DOMAIN)) {
            for (StoredRecord r : node.node.store().range(DOMAIN, lane, 0, Long.MAX_VALUE)) {
                if (OcsfEvents.of(r).isPresent()) {
                    hashes.add(HexFormat.of().formatHex(r.record().hash()));
                }
            }
        }
        return hashes;
    }

    /**
     * A burst from eight threads: ALLOWs redeemed (each a second time: REPLAYED), DENYs over the
     * per-transfer limit; ten proposals per agent (a new agent's budgets take a while to start on a
     * busy machine). A call that fails or times out is not what this test is about: what counts is
     * the evidence the node recorded, read from its store.
     */
    private void burst(WritClient client, int proposals) {
        ExecutorService senders = Executors.newFixedThreadPool(8);
        AtomicInteger redeemed = new AtomicInteger();
        try {
            List<CompletableFuture<Void>> sent = new ArrayList<>();
            for (int i = 0; i < proposals; i++) {
                boolean deny = i % 3 == 0;
                String agent = "payments-siem-" + agents.getAndIncrement() / 10;
                sent.add(CompletableFuture.runAsync(() -> {
                    try {
                        ProposalResponse answer = client.propose(transfer(agent, deny ? "5000" : "1"));
                        if (answer.getDecision() == Decision.ALLOW) {
                            RedemptionRequest redeem = RedemptionRequest.newBuilder().setWrit(answer.getWrit())
                                    .setMutation(action("1")).putObserved("account.balance", "100000").setPepId("pep-siem").build();
                            client.redeem(redeem);
                            redeemed.incrementAndGet();
                            client.redeem(redeem);
                        }
                    } catch (WritRefusedException | WritClientException refusedOrUnanswered) {
                        // REPLAYED and other refusals are REFUSAL records, exported too
                    }
                }, senders));
            }
            CompletableFuture.allOf(sent.toArray(CompletableFuture[]::new)).join();
        } finally {
            senders.shutdownNow();
        }
        assertThat(redeemed.get()).as("the burst redeemed writs").isPositive();
    }

    private HttpServer collector() throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/ocsf", exchange -> {
            try (InputStream body = exchange.getRequestBody()) {
                String text = new String(body.readAllBytes(), StandardCharsets.UTF_8);
                if (collectorUp.get()) {
                    text.lines().filter(l -> !l.isBlank()).forEach(collected::add);
                    exchange.sendResponseHeaders(204, -1);
                } else {
                    refusedPosts.incrementAndGet();
                    exchange.sendResponseHeaders(503, -1);
                }
            } finally {
                exchange.close();
            }
        });
        server.start();
        return server;
    }

    private List<JsonNode> collectedEvents() {
        return collected.stream().map(SiemExportIT::parse).toList();
    }

    /** Every event in the file and its rotated predecessors. */
    private static List<JsonNode> fileEvents(Path file) {
        List<JsonNode> events = new ArrayList<>();
        if (!Files.exists(file.getParent())) {
            return events;
        }
        try (Stream<Path> files = Files.list(file.getParent())) {
            for (Path p : files.toList()) {
                Files.readAllLines(p, StandardCharsets.UTF_8).stream().filter(l -> !l.isBlank())
                        .map(SiemExportIT::parse).forEach(events::add);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return events;
    }

    private static List<JsonNode> evidence(List<JsonNode> events) {
        return events.stream().filter(e -> e.get("class_uid").asInt() == OcsfEvents.API_ACTIVITY).toList();
    }

    private static Set<String> uids(List<JsonNode> events) {
        return events.stream().map(e -> e.at("/metadata/uid").asText()).collect(Collectors.toSet());
    }

    private static JsonNode parse(String line) {
        try {
            return JSON.readTree(line);
        } catch (IOException e) {
            throw new IllegalStateException("not JSON: " + line, e);
        }
    }

    private static WritClient healthy(TestNode node) throws Exception {
        WritClient client = WritClient.create(node.uri());
        await("the node is HEALTHY", () -> {
            try {
                return client.health().getStatus().equals("HEALTHY");
            } catch (Exception e) {
                return false;
            }
        });
        return client;
    }

    private static void await(String what, Supplier<Boolean> condition) throws Exception {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(60));
        while (true) {
            try {
                if (condition.get()) {
                    return;
                }
            } catch (RuntimeException | AssertionError retry) {
                // not there yet
            }
            assertThat(Instant.now()).as(what + " within 60 s").isBefore(deadline);
            Thread.sleep(100);
        }
    }

    private static ActionProposal transfer(String agent, String amount) {
        return ActionProposal.newBuilder()
                .setProposalId("p-" + UUID.randomUUID())
                .setAgentId("spiffe://acme/agent/" + agent)
                .setAction(action(amount))
                .setContext(ActionContext.newBuilder().setSessionId("s-1").setRiskScore(10).setDataClassification("internal"))
                .setProposedAtMillis(System.currentTimeMillis())
                .build();
    }

    private static Action action(String amount) {
        return Action.newBuilder().setTarget("payments-api").setOperation("transfer")
                .putParameters("amount", amount).putParameters("currency", "EUR").setClassification("internal").build();
    }

    private static void admin(String sql) throws SQLException {
        try (Connection connection = DriverManager.getConnection(SERVER + "postgres", "postgres", "");
             Statement statement = connection.createStatement()) {
            statement.execute(sql);
        }
    }
}

package dev.writ.node.api;

import com.google.protobuf.util.JsonFormat;
import dev.writ.node.TestNode;
import dev.writ.protocol.client.WritClient;
import dev.writ.protocol.wire.Health;
import dev.writ.protocol.wire.HealthReason;
import dev.writ.protocol.wire.RevocationEntry;
import dev.writ.protocol.wire.RevocationRequest;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import org.apache.pekko.actor.typed.DispatcherSelector;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A node whose reads dispatcher is jammed and flooded with unauthenticated reads: the reads are
 * refused OVERLOADED at once rather than queued, and the node's own upkeep (revocation poll, health)
 * does not wait behind them.
 */
class ReadFloodTest {
    private static final Duration STALENESS_BOUND = Duration.ofSeconds(2);

    @Test
    void aFloodOfReadsIsShedAtOnceWhileTheRevocationViewStaysFresh(@TempDir Path dir) throws Exception {
        try (TestNode node = TestNode.start(dir, Map.of(
                "writ.dispatchers.reads.thread-pool-executor.fixed-pool-size", 1,
                "writ.dispatchers.reads.max-queued", 0,
                "writ.http.max-reads-in-flight", 8,
                "writ.revocation.staleness-bound", STALENESS_BOUND.toMillis() + "ms"))) {
            HttpClient http = HttpClient.newHttpClient();
            awaitHealth(node, http, h -> h.getStatus().equals("HEALTHY"), "HEALTHY after start");

            // The reads dispatcher's one thread is taken until the test lets it go: a slow query's stand-in.
            CountDownLatch release = new CountDownLatch(1);
            Executor readsPool = node.node.system().dispatchers().lookup(DispatcherSelector.fromConfig("writ.dispatchers.reads"));
            readsPool.execute(() -> {
                try {
                    release.await(60, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            });
            List<CompletableFuture<HttpResponse<String>>> flood = new ArrayList<>();
            try {
                for (int i = 0; i < 60; i++) {
                    String path = i % 2 == 0 ? "/v1/keys" : "/v1/bundles/w-" + i;
                    flood.add(http.sendAsync(HttpRequest.newBuilder(node.uri().resolve(path)).GET().build(),
                            HttpResponse.BodyHandlers.ofString()));
                }
                // One read holds the dispatcher's only place (behind the jam); every other one is answered
                // while the jam still holds: refused at once, not queued.
                awaitCondition(() -> flood.stream().filter(CompletableFuture::isDone).count() >= flood.size() - 1,
                        "all reads but one answered while the dispatcher is jammed");
                List<HttpResponse<String>> answered = flood.stream().filter(CompletableFuture::isDone)
                        .map(CompletableFuture::join).toList();
                assertThat(answered).hasSizeGreaterThanOrEqualTo(flood.size() - 1).allSatisfy(r -> {
                    assertThat(r.statusCode()).isEqualTo(503);
                    assertThat(r.body()).contains("\"code\":\"OVERLOADED\"");
                    assertThat(r.headers().firstValue("Retry-After")).hasValue("1");
                });

                // Meanwhile the node's own work goes on: a revocation is appended, every view reads it
                // from the ledger, and health shows that epoch confirmed; it never turns FAILED.
                var revoked = WritClient.create(node.uri()).revoke(RevocationRequest.newBuilder()
                        .setKind(RevocationEntry.Kind.AGENT).setSubject("spiffe://acme/agent/flooded")
                        .setReason("test").setIssuer("ops").build());
                assertThat(revoked.getNodesAcknowledged()).as("the view read the new epoch").isEqualTo(1);
                long epoch = revoked.getEntry().getEpoch();
                awaitHealth(node, http, h -> revocations(h).getDetail().startsWith("revocation epoch " + epoch + " "),
                        "health reports epoch " + epoch);
                // Watch the node for three staleness bounds with the reads still jammed.
                Instant until = Instant.now().plus(STALENESS_BOUND.multipliedBy(3));
                while (Instant.now().isBefore(until)) {
                    Health h = health(http, node);
                    assertThat(h.getStatus()).as("health while reads are jammed").isNotEqualTo("FAILED");
                    assertThat(revocations(h).getStatus()).as(revocations(h).getDetail()).isEqualTo("HEALTHY");
                    Thread.sleep(100);
                }
            } finally {
                release.countDown();
            }
            CompletableFuture.allOf(flood.toArray(CompletableFuture[]::new)).get(30, TimeUnit.SECONDS);
            HttpResponse<String> keys = http.send(HttpRequest.newBuilder(node.uri().resolve("/v1/keys")).GET().build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(keys.statusCode()).as("reads are served again once the jam is gone").isEqualTo(200);
        }
    }

    private static HealthReason revocations(Health h) {
        return h.getReasonsList().stream().filter(r -> r.getCheck().equals("revocations")).findFirst()
                .orElse(HealthReason.getDefaultInstance());
    }

    private static Health health(HttpClient http, TestNode node) throws Exception {
        HttpResponse<String> answer = http.send(HttpRequest.newBuilder(node.uri().resolve("/v1/health")).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        Health.Builder h = Health.newBuilder();
        JsonFormat.parser().ignoringUnknownFields().merge(answer.body(), h);
        return h.build();
    }

    private static void awaitHealth(TestNode node, HttpClient http, java.util.function.Predicate<Health> condition,
                                    String what) throws Exception {
        Instant deadline = Instant.now().plusSeconds(30);
        while (!condition.test(health(http, node))) {
            assertThat(Instant.now()).as(what).isBefore(deadline);
            Thread.sleep(50);
        }
    }

    private static void awaitCondition(java.util.function.BooleanSupplier condition, String what) throws Exception {
        Instant deadline = Instant.now().plusSeconds(30);
        while (!condition.getAsBoolean()) {
            assertThat(Instant.now()).as(what).isBefore(deadline);
            Thread.sleep(20);
        }
    }
}

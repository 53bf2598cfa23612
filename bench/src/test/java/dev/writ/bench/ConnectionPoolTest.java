package dev.writ.bench;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class ConnectionPoolTest {
    private final CountDownLatch release = new CountDownLatch(1);
    private final AtomicInteger inServer = new AtomicInteger();
    private final AtomicInteger mostInServer = new AtomicInteger();
    private final Set<Integer> clientPorts = ConcurrentHashMap.newKeySet();
    private HttpServer server;

    @AfterEach
    void stop() {
        release.countDown();
        if (server != null) {
            server.stop(0);
        }
    }

    @Test
    void atMostPerNodeRequestsAreInFlightAndTheirConnectionsAreKeptAlive() throws Exception {
        URI node = start();
        LongAdder sent = new LongAdder();
        try (ConnectionPool pool = new ConnectionPool(List.of(node), 2, Duration.ofSeconds(30), 2)) {
            List<CompletableFuture<HttpResponse<String>>> answers = new ArrayList<>();
            for (int i = 0; i < 6; i++) {
                answers.add(pool.post(0, "/v1/proposals", "{}".getBytes(StandardCharsets.UTF_8), at -> sent.increment()));
            }
            assertThat(sent.sum()).as("the other four wait for a connection, unsent").isEqualTo(2);
            release.countDown();
            for (CompletableFuture<HttpResponse<String>> a : answers) {
                assertThat(a.get(30, TimeUnit.SECONDS).statusCode()).isEqualTo(200);
            }
            assertThat(sent.sum()).isEqualTo(6);
            assertThat(mostInServer.get()).isLessThanOrEqualTo(2);
            assertThat(clientPorts).as("six requests over the pool's two keep-alive connections").hasSizeLessThanOrEqualTo(2);
        }
    }

    private URI start() throws Exception {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.setExecutor(Executors.newFixedThreadPool(8));
        server.createContext("/", exchange -> {
            mostInServer.accumulateAndGet(inServer.incrementAndGet(), Math::max);
            clientPorts.add(exchange.getRemoteAddress().getPort());
            try {
                exchange.getRequestBody().readAllBytes();
                release.await(30, TimeUnit.SECONDS);
                byte[] body = "{}".getBytes(StandardCharsets.UTF_8);
                exchange.sendResponseHeaders(200, body.length);
                exchange.getResponseBody().write(body);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } finally {
                inServer.decrementAndGet();
                exchange.close();
            }
        });
        server.start();
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }
}

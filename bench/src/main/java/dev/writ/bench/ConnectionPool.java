package dev.writ.bench;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.LongConsumer;

/**
 * The load generator's HTTP/1.1 keep-alive connections: at most {@code perNode} requests in flight
 * to each node, so the JDK client reuses that many persistent connections instead of opening one
 * per request. A request that finds every connection of its node busy waits here, in order, and
 * leaves when one frees up; {@code onSend} gets the {@link System#nanoTime()} it left at, which is
 * how the generator measures its own send lag.
 */
final class ConnectionPool implements AutoCloseable {
    private final List<URI> nodes;
    private final List<Lane> lanes;
    private final Duration requestTimeout;
    private final ExecutorService executor;
    private final HttpClient http;

    /** One node's connections: free permits, and the requests waiting for one. */
    private static final class Lane {
        int free;
        final Queue<Runnable> waiting = new ArrayDeque<>();

        Lane(int free) {
            this.free = free;
        }
    }

    ConnectionPool(List<URI> nodes, int perNode, Duration requestTimeout, int clientThreads) {
        if (nodes.isEmpty()) {
            throw new IllegalArgumentException("no node to send load to");
        }
        if (perNode < 1) {
            throw new IllegalArgumentException("at least one connection per node, got " + perNode);
        }
        this.nodes = List.copyOf(nodes);
        this.lanes = nodes.stream().map(n -> new Lane(perNode)).toList();
        this.requestTimeout = requestTimeout;
        this.executor = Executors.newFixedThreadPool(clientThreads, r -> {
            Thread t = new Thread(r, "bench-client");
            t.setDaemon(true);
            return t;
        });
        this.http = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(5))
                .executor(executor)
                .build();
    }

    int size() {
        return nodes.size();
    }

    URI node(int i) {
        return nodes.get(i);
    }

    ExecutorService executor() {
        return executor;
    }

    /** POSTs {@code json} to {@code path} of node {@code node} once one of its connections is free. */
    CompletableFuture<HttpResponse<String>> post(int node, String path, byte[] json, LongConsumer onSend) {
        HttpRequest request = HttpRequest.newBuilder(nodes.get(node).resolve(path))
                .timeout(requestTimeout)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(json))
                .build();
        CompletableFuture<HttpResponse<String>> answer = new CompletableFuture<>();
        Lane lane = lanes.get(node);
        Runnable send = () -> {
            onSend.accept(System.nanoTime());
            http.sendAsync(request, HttpResponse.BodyHandlers.ofString())
                    .whenComplete((r, e) -> {
                        release(lane);
                        if (e != null) {
                            answer.completeExceptionally(e);
                        } else {
                            answer.complete(r);
                        }
                    });
        };
        boolean now;
        synchronized (lane) {
            now = lane.free > 0;
            if (now) {
                lane.free--;
            } else {
                lane.waiting.add(send);
            }
        }
        if (now) {
            send.run();
        }
        return answer;
    }

    private static void release(Lane lane) {
        Runnable next;
        synchronized (lane) {
            next = lane.waiting.poll();
            if (next == null) {
                lane.free++;
            }
        }
        if (next != null) {
            next.run();
        }
    }

    @Override
    public void close() {
        executor.shutdownNow();
    }
}

package dev.writ.protocol.client;

import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Message;
import com.google.protobuf.util.JsonFormat;
import com.nimbusds.jose.util.JSONObjectUtils;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * A stand-in for a node's HTTP API on an ephemeral loopback port: it records every request and
 * answers from per-route responders. Only for the client's own unit tests.
 */
final class FakeNode implements AutoCloseable {
    /** {@code operator}: the Writ-Operator header, null when the request has none. */
    record Request(String method, String rawPath, String contentType, String accept, String operator, String body) {
        /** The body parsed strictly (unknown fields refused), as the node does. */
        <B extends Message.Builder> B parse(B builder) throws InvalidProtocolBufferException {
            JsonFormat.parser().merge(body, builder);
            return builder;
        }
    }

    record Answer(int status, String contentType, byte[] body) {
        static Answer json(Message message) {
            try {
                return text(200, "application/json", JsonFormat.printer().print(message));
            } catch (InvalidProtocolBufferException e) {
                throw new IllegalStateException(e);
            }
        }

        static Answer text(int status, String contentType, String body) {
            return new Answer(status, contentType, body.getBytes(StandardCharsets.UTF_8));
        }

        static Answer problem(int status, String code, String detail) {
            Map<String, Object> problem = new java.util.LinkedHashMap<>();
            problem.put("type", "https://writ.dev/problems/" + code);
            problem.put("title", "refused");
            problem.put("status", status);
            problem.put("detail", detail);
            problem.put("code", code);
            problem.put("instance", "/v1/x");
            return text(status, "application/problem+json", JSONObjectUtils.toJSONString(problem));
        }
    }

    @FunctionalInterface
    interface Responder {
        Answer answer(Request request) throws Exception;
    }

    private final HttpServer server;
    private final ExecutorService executor = Executors.newCachedThreadPool();
    private final List<Request> requests = new CopyOnWriteArrayList<>();
    private final Map<String, Responder> routes = new ConcurrentHashMap<>();
    private final CountDownLatch release = new CountDownLatch(1);

    FakeNode() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", this::handle);
        server.setExecutor(executor);
        server.start();
    }

    URI uri() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    /** Answers {@code method rawPath} (e.g. "POST /v1/proposals") with {@code responder}. */
    FakeNode on(String method, String rawPath, Responder responder) {
        routes.put(method + " " + rawPath, responder);
        return this;
    }

    /** Accepts the request and never answers (until the node is closed). */
    FakeNode hang(String method, String rawPath) {
        return on(method, rawPath, request -> {
            release.await();
            return Answer.text(200, "application/json", "{}");
        });
    }

    List<Request> requests() {
        return List.copyOf(requests);
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            Request request = new Request(exchange.getRequestMethod(), exchange.getRequestURI().getRawPath(),
                    exchange.getRequestHeaders().getFirst("Content-Type"),
                    exchange.getRequestHeaders().getFirst("Accept"),
                    exchange.getRequestHeaders().getFirst(OperatorCredential.HEADER), body);
            requests.add(request);
            Responder responder = routes.get(request.method() + " " + request.rawPath());
            Answer answer;
            try {
                answer = responder == null
                        ? Answer.problem(404, "NOT_FOUND", "no route " + request.rawPath())
                        : responder.answer(request);
            } catch (Exception e) {
                answer = Answer.problem(400, "MALFORMED", String.valueOf(e.getMessage()));
            }
            exchange.getResponseHeaders().set("Content-Type", answer.contentType());
            exchange.sendResponseHeaders(answer.status(), answer.body().length == 0 ? -1 : answer.body().length);
            if (answer.body().length > 0) {
                try (OutputStream out = exchange.getResponseBody()) {
                    out.write(answer.body());
                }
            }
        }
    }

    @Override
    public void close() {
        release.countDown();
        server.stop(0);
        executor.shutdownNow();
    }
}

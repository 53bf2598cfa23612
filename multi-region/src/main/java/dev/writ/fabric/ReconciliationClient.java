package dev.writ.fabric;

import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.util.JsonFormat;
import dev.writ.protocol.wire.DomainContinuity;
import dev.writ.protocol.wire.Reconciliation;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.stream.Collectors;

/** Reads a node's {@code GET /v1/reconciliation}: its continuity per domain, heads and digests. */
public final class ReconciliationClient {
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private ReconciliationClient() {
    }

    /** The node's state; with a non-empty {@code cut}, its digest at that cut too. */
    public static Reconciliation read(URI node, Map<String, Long> cut) throws IOException, InterruptedException {
        String at = cut.isEmpty() ? "" : "?at=" + new TreeMap<>(cut).entrySet().stream()
                .map(e -> e.getKey() + ":" + e.getValue()).collect(Collectors.joining(","));
        HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(node.resolve("/v1/reconciliation" + at))
                .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() != 200) {
            throw new IOException(node + " answered " + r.statusCode() + " to /v1/reconciliation: " + r.body());
        }
        Reconciliation.Builder b = Reconciliation.newBuilder();
        try {
            JsonFormat.parser().ignoringUnknownFields().merge(r.body(), b);
        } catch (InvalidProtocolBufferException e) {
            throw new IOException(node + " answered unreadable JSON to /v1/reconciliation", e);
        }
        return b.build();
    }

    /** What the node holds of {@code domain}, if it lists it. */
    public static Optional<DomainContinuity> continuity(URI node, String domain) throws IOException, InterruptedException {
        return read(node, Map.of()).getDomainsList().stream().filter(d -> d.getDomain().equals(domain)).findFirst();
    }

    /** The highest cut every node reaches: per domain, the lowest whole-chain head among the nodes. */
    public static Map<String, Long> commonCut(Iterable<URI> nodes) throws IOException, InterruptedException {
        Map<String, Long> cut = new TreeMap<>();
        boolean first = true;
        for (URI node : nodes) {
            Map<String, Long> heads = read(node, Map.of()).getHeadsMap();
            if (first) {
                cut.putAll(heads);
                first = false;
            } else {
                cut.keySet().retainAll(heads.keySet());
                heads.forEach((d, h) -> cut.computeIfPresent(d, (k, v) -> Math.min(v, h)));
            }
        }
        return cut;
    }

    /** Each node's digest at {@code cut}, by node URI; empty string where a node does not reach the cut. */
    public static Map<URI, String> digestsAt(Iterable<URI> nodes, Map<String, Long> cut) throws IOException, InterruptedException {
        Map<URI, String> out = new java.util.LinkedHashMap<>();
        for (URI node : nodes) {
            out.put(node, read(node, cut).getDigestAt());
        }
        return out;
    }

    /** Waits until every node accepts every domain's continuity (verdict ACCEPT); the last picture if it never does. */
    public static void awaitAccepted(List<URI> nodes, Duration timeout) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        String last = "";
        while (System.nanoTime() < deadline) {
            boolean all = true;
            StringBuilder seen = new StringBuilder();
            for (URI node : nodes) {
                List<DomainContinuity> domains = read(node, Map.of()).getDomainsList();
                all &= !domains.isEmpty();
                for (DomainContinuity c : domains) {
                    seen.append(node.getPort()).append('>').append(c.getDomain()).append('=').append(c.getVerdict()).append(' ');
                    all &= c.getVerdict().equals("ACCEPT");
                }
            }
            if (all) {
                return;
            }
            last = seen.toString();
            Thread.sleep(100);
        }
        throw new FabricException("the domains did not prove each other's continuity within " + timeout + ": " + last);
    }
}

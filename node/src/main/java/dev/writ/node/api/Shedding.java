package dev.writ.node.api;

import dev.writ.node.metrics.NodeMetrics;
import dev.writ.node.refusal.Refusal;
import dev.writ.node.refusal.RefusalCode;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.pekko.http.javadsl.model.headers.RetryAfter;
import org.apache.pekko.stream.Materializer;

/**
 * The directive that bounds the work a node takes on: at most {@code writ.http.max-in-flight}
 * commands at once; beyond that a request is refused OVERLOADED (with Retry-After) before its body
 * is read or anything is decided, so there is nothing to record, and recording would add load
 * where there is too much already.
 */
public final class Shedding {
    private final int maxInFlight;
    private final String nodeId;
    private final NodeMetrics metrics;
    private final Materializer materializer;
    private final AtomicInteger inFlight = new AtomicInteger();

    public Shedding(int maxInFlight, String nodeId, NodeMetrics metrics, Materializer materializer) {
        this.maxInFlight = maxInFlight;
        this.nodeId = nodeId;
        this.metrics = metrics;
        this.materializer = materializer;
    }

    public Handler limit(Handler inner) {
        return (request, parameters) -> {
            if (inFlight.incrementAndGet() > maxInFlight) {
                inFlight.decrementAndGet();
                request.discardEntityBytes(materializer);
                metrics.refused(RefusalCode.OVERLOADED.name());
                return CompletableFuture.completedFuture(Problems.unrecorded(new Refusal(RefusalCode.OVERLOADED, "",
                                maxInFlight + " requests in flight on node " + nodeId), request.getUri().path())
                        .addHeader(RetryAfter.create(1L)));
            }
            try {
                return inner.handle(request, parameters).whenComplete((response, failure) -> inFlight.decrementAndGet());
            } catch (RuntimeException e) {
                inFlight.decrementAndGet();
                throw e;
            }
        };
    }
}

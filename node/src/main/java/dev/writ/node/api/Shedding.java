package dev.writ.node.api;

import dev.writ.node.metrics.NodeMetrics;
import dev.writ.node.refusal.Refusal;
import dev.writ.node.refusal.RefusalCode;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.apache.pekko.http.javadsl.model.HttpResponse;
import org.apache.pekko.stream.Materializer;

/**
 * The directive that bounds the work a node takes on: at most {@code maxInFlight} requests of one
 * kind at once (commands: {@code writ.http.max-in-flight}; reads: {@code max-reads-in-flight});
 * beyond that a request is refused OVERLOADED (with Retry-After) before its body is read or
 * anything is decided, so there is nothing to record, and recording would add load where there is
 * too much already.
 */
public final class Shedding {
    private final String kind;
    private final int maxInFlight;
    private final String nodeId;
    private final NodeMetrics metrics;
    private final Materializer materializer;
    private final AtomicInteger inFlight = new AtomicInteger();

    /** {@code kind} names what is counted ("commands", "reads") in the refusal's detail. */
    public Shedding(String kind, int maxInFlight, String nodeId, NodeMetrics metrics, Materializer materializer) {
        this.kind = kind;
        this.maxInFlight = maxInFlight;
        this.nodeId = nodeId;
        this.metrics = metrics;
        this.materializer = materializer;
    }

    /** {@code inner}, shed with problem+json OVERLOADED beyond the budget. */
    public Handler limit(Handler inner) {
        return limit(inner, null);
    }

    /**
     * {@code inner}, shed beyond the budget with {@code overloaded}'s answer: for a protocol that
     * has its own way of saying "try later" (OCSP). Null: problem+json OVERLOADED.
     */
    public Handler limit(Handler inner, Supplier<HttpResponse> overloaded) {
        return (request, parameters) -> {
            if (inFlight.incrementAndGet() > maxInFlight) {
                inFlight.decrementAndGet();
                request.discardEntityBytes(materializer);
                metrics.refused(RefusalCode.OVERLOADED.name());
                return CompletableFuture.completedFuture(overloaded != null ? overloaded.get()
                        : Problems.unrecorded(new Refusal(RefusalCode.OVERLOADED, "", maxInFlight + " " + kind
                                + " in flight on node " + nodeId), request.getUri().path()));
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

package dev.writ.node.api;

import dev.writ.node.config.NodeSettings;
import dev.writ.node.metrics.NodeMetrics;
import dev.writ.node.refusal.Refusal;
import dev.writ.node.refusal.RefusalCode;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;
import org.apache.pekko.http.javadsl.model.HttpResponse;
import org.apache.pekko.stream.Materializer;

/**
 * The directive that bounds the work a node takes on for one class of routes (commands: under
 * {@code writ.http.max-in-flight}; reads: {@code max-reads-in-flight}): an {@link AdaptiveLimit}
 * decides at once, from the service time it measures, whether a request is taken on; beyond it the
 * request is refused OVERLOADED (with Retry-After) before anything is decided (its body is only
 * discarded),
 * so there is nothing to record, and recording would add load where there is too much already.
 * Every answered request, refusal or not, gives its latency back to the limit.
 */
public final class Shedding {
    private final String kind;
    private final String nodeId;
    private final AdaptiveLimit limit;
    private final NodeMetrics metrics;
    private final Materializer materializer;

    /**
     * {@code kind} names the class of routes ("commands", "reads") in the refusal's detail and the
     * gauges; {@code ceiling} is the most of them in flight whatever is measured.
     */
    public Shedding(String kind, int ceiling, NodeSettings.Overload overload, String nodeId, NodeMetrics metrics,
                    Materializer materializer) {
        this.kind = kind;
        this.nodeId = nodeId;
        this.limit = new AdaptiveLimit(overload, ceiling);
        this.metrics = metrics;
        this.materializer = materializer;
        metrics.watchConcurrency(kind, limit::limit, limit::inFlight);
    }

    /** {@code inner}, shed with problem+json OVERLOADED beyond the limit. */
    public Handler limit(Handler inner) {
        return limit(inner, null);
    }

    /**
     * {@code inner}, shed beyond the limit with {@code overloaded}'s answer: for a protocol that
     * has its own way of saying "try later" (OCSP). Null: problem+json OVERLOADED.
     */
    public Handler limit(Handler inner, Supplier<HttpResponse> overloaded) {
        return (request, parameters) -> {
            AdaptiveLimit.Admission admission = limit.tryAcquire(System.nanoTime());
            if (admission instanceof AdaptiveLimit.Refused refused) {
                metrics.shed(kind);
                return RequestBody.discardThen(request, materializer, () -> CompletableFuture.completedFuture(
                        overloaded != null ? overloaded.get() : Problems.unrecorded(new Refusal(RefusalCode.OVERLOADED, "",
                                "node " + nodeId + " sheds " + kind + ": " + refused.reason()), request.getUri().path())));
            }
            AdaptiveLimit.Admitted permit = (AdaptiveLimit.Admitted) admission;
            try {
                return inner.handle(request, parameters).whenComplete((response, failure) -> {
                    long now = System.nanoTime();
                    limit.release(permit, now);
                    metrics.answered(kind, response != null ? response.status().intValue() : 500, now - permit.startNanos());
                });
            } catch (RuntimeException e) {
                limit.release(permit, System.nanoTime());
                throw e;
            }
        };
    }
}

package dev.writ.node.api;

import dev.writ.node.health.HealthState;
import dev.writ.node.metrics.NodeMetrics;
import dev.writ.node.refusal.Refusal;
import java.util.concurrent.CompletableFuture;
import org.apache.pekko.http.javadsl.model.HttpResponse;
import org.apache.pekko.stream.Materializer;

/**
 * The directive that holds a started node's commands back until it has been ready once
 * ({@link HealthState#ready}, D69): before that, a command is refused NODE_STARTING (503
 * with Retry-After) from memory, before its body is read or anything is decided, so there is
 * nothing to record — and recording would wait on an evidence lane that is not warm yet. Health
 * and metrics are not behind it: they are how a load balancer or an operator learns the node is ready.
 */
public final class Readiness {
    private final HealthState health;
    private final NodeMetrics metrics;
    private final Materializer materializer;

    public Readiness(HealthState health, NodeMetrics metrics, Materializer materializer) {
        this.health = health;
        this.metrics = metrics;
        this.materializer = materializer;
    }

    /** {@code inner}, once the node has been ready; NODE_STARTING before. */
    public Handler require(Handler inner) {
        return (request, parameters) -> {
            try {
                health.requireReady("");
            } catch (Refusal starting) {
                request.discardEntityBytes(materializer);
                metrics.refused(starting.code().name());
                return CompletableFuture.completedFuture(Problems.unrecorded(starting, request.getUri().path()));
            }
            return inner.handle(request, parameters);
        };
    }
}

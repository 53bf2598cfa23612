package dev.writ.node.api;

import dev.writ.node.metrics.NodeMetrics;
import dev.writ.node.refusal.Refusal;
import dev.writ.node.refusal.RefusalCode;
import dev.writ.node.refusal.RefusalEvidence;
import dev.writ.node.refusal.RefusalText;
import dev.writ.protocol.wire.Problem;
import java.util.UUID;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeoutException;
import org.apache.pekko.http.javadsl.model.ContentType;
import org.apache.pekko.http.javadsl.model.ContentTypes;
import org.apache.pekko.http.javadsl.model.HttpCharsets;
import org.apache.pekko.http.javadsl.model.HttpEntities;
import org.apache.pekko.http.javadsl.model.HttpResponse;
import org.apache.pekko.http.javadsl.model.MediaTypes;
import org.apache.pekko.http.javadsl.model.headers.RetryAfter;
import org.apache.pekko.pattern.AskTimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The API's answers to refusals: application/problem+json (RFC 9457) with the stable refusal
 * code. {@link #recorded} first records the refusal as REFUSAL evidence (invariant 9) and counts
 * it by code; {@link #unrecorded} is for answers where nothing was decided (an unknown path, a
 * GET, a shed request) and recording would only add load.
 */
public final class Problems {
    private static final Logger LOG = LoggerFactory.getLogger(Problems.class);
    private static final ContentType PROBLEM = ContentTypes.create(
            MediaTypes.applicationWithFixedCharset("problem+json", HttpCharsets.UTF_8));

    private final RefusalEvidence evidence;
    private final NodeMetrics metrics;

    public Problems(RefusalEvidence evidence, NodeMetrics metrics) {
        this.evidence = evidence;
        this.metrics = metrics;
    }

    /** Records the refusal as evidence, then answers it (saying so when the record could not be written). */
    public CompletionStage<HttpResponse> recorded(Refusal refusal, byte[] request, String path) {
        metrics.refused(refusal.code().name());
        return evidence.record(refusal, request).thenApply(written -> answer(refusal, path, written));
    }

    public static HttpResponse unrecorded(Refusal refusal, String path) {
        return answer(refusal, path, true);
    }

    /**
     * The refusal a failed stage carries; a timeout is TIMEOUT, a full bounded dispatcher
     * OVERLOADED, anything unforeseen INTERNAL.
     */
    public static Refusal refusalOf(Throwable failure) {
        Throwable root = failure;
        while ((root instanceof CompletionException || root instanceof ExecutionException) && root.getCause() != null) {
            root = root.getCause();
        }
        if (root instanceof Refusal r) {
            return r;
        }
        if (root instanceof RejectedExecutionException) {
            return new Refusal(RefusalCode.OVERLOADED, "", root.getMessage());
        }
        if (root instanceof AskTimeoutException || root instanceof TimeoutException) {
            return new Refusal(RefusalCode.TIMEOUT, "", "the cluster did not answer in time: " + root.getMessage());
        }
        return internal(root);
    }

    /**
     * An unforeseen failure: the log has the exception under an incident id, the caller only the
     * id — exception text names hosts, queries and RPC details no client may read.
     */
    public static Refusal internal(Throwable failure) {
        String incident = UUID.randomUUID().toString();
        LOG.error("Unexpected failure in a request (incident {})", incident, failure);
        return new Refusal(RefusalCode.INTERNAL, "", "the node failed unexpectedly (incident " + incident
                + "); its log has the details");
    }

    private static HttpResponse answer(Refusal refusal, String requestPath, boolean recorded) {
        // invariant 9: the path is the client's; the answer and the log show it printable whatever
        // the HTTP layer let through, as the refusal already shows its subject and detail
        String path = RefusalText.printable(requestPath);
        if (refusal.code() == RefusalCode.INTERNAL) {
            LOG.warn("{} {} failed: {}", path, refusal.subject(), refusal);
        } else {
            LOG.debug("{} {} refused: {}", path, refusal.subject(), refusal);
        }
        Problem problem = Problem.newBuilder()
                .setType("https://writ.dev/problems/" + refusal.code().name().toLowerCase().replace('_', '-'))
                .setTitle(refusal.code().title())
                .setStatus(refusal.code().httpStatus())
                .setDetail(recorded ? refusal.detail() : refusal.detail() + " (the refusal itself could not be recorded)")
                .setCode(refusal.code().name())
                .setInstance(path)
                .build();
        HttpResponse response = HttpResponse.create()
                .withStatus(refusal.code().httpStatus())
                .withEntity(HttpEntities.create(PROBLEM, ApiJson.print(problem)));
        // shed, nothing durable now, a budget not ready (D63) or the node still starting: the same request
        // may well be served in a moment
        return refusal.code() == RefusalCode.OVERLOADED || refusal.code() == RefusalCode.EVIDENCE_UNAVAILABLE
                || refusal.code() == RefusalCode.BUDGET_UNAVAILABLE || refusal.code() == RefusalCode.NODE_STARTING
                ? response.addHeader(RetryAfter.create(1L)) : response;
    }
}

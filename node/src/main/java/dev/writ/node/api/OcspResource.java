package dev.writ.node.api;

import dev.writ.node.identity.OcspResponder;
import dev.writ.node.refusal.Failures;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.RejectedExecutionException;
import org.apache.pekko.http.javadsl.model.ContentType;
import org.apache.pekko.http.javadsl.model.ContentTypes;
import org.apache.pekko.http.javadsl.model.HttpResponse;
import org.apache.pekko.http.javadsl.model.MediaTypes;
import org.apache.pekko.http.javadsl.model.StatusCodes;
import org.apache.pekko.http.javadsl.model.headers.RetryAfter;
import org.apache.pekko.stream.Materializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The OCSP responder's two transports (RFC 6960 A.1): POST with the DER request as body, and GET
 * with the base64 of the DER request as the last path segment. Every failure is answered in OCSP's
 * own terms (malformedRequest; tryLater with 503 when shed), never as problem+json: relying parties
 * speak OCSP only.
 */
final class OcspResource {
    private static final Logger LOG = LoggerFactory.getLogger(OcspResource.class);
    private static final ContentType OCSP_RESPONSE = ContentTypes.create(MediaTypes.applicationBinary("ocsp-response", false));

    private final OcspResponder ocsp;
    private final Materializer materializer;
    private final long maxBodyBytes;
    private final Duration readTimeout;

    OcspResource(OcspResponder ocsp, Materializer materializer, long maxBodyBytes, Duration readTimeout) {
        this.ocsp = ocsp;
        this.materializer = materializer;
        this.maxBodyBytes = maxBodyBytes;
        this.readTimeout = readTimeout;
    }

    Handler post() {
        return (request, parameters) -> RequestBody.read(request, maxBodyBytes, readTimeout, materializer)
                .thenCompose(ocsp::respond)
                .thenApply(OcspResource::answer)
                .exceptionally(f -> {
                    if (Failures.root(f) instanceof RejectedExecutionException) {
                        return overloaded();
                    }
                    LOG.warn("An OCSP request could not be answered: {}", Failures.root(f).toString());
                    return answer(OcspResponder.malformed());
                });
    }

    Handler get() {
        return (request, parameters) -> {
            request.discardEntityBytes(materializer);
            byte[] der;
            try {
                // '+' is a base64 character here, never an encoded space, whether or not the path arrives decoded.
                der = Base64.getDecoder().decode(URLDecoder.decode(parameters.get(0).replace("+", "%2B"),
                        StandardCharsets.US_ASCII));
            } catch (IllegalArgumentException e) {
                return CompletableFuture.completedFuture(answer(OcspResponder.malformed()));
            }
            return ocsp.respond(der).thenApply(OcspResource::answer)
                    .exceptionally(f -> {
                        if (Failures.root(f) instanceof RejectedExecutionException) {
                            return overloaded();
                        }
                        throw new CompletionException(f);
                    });
        };
    }

    /**
     * Shed (the reads budget or the reads dispatcher is full): 503 with Retry-After for the HTTP
     * layer, and tryLater (RFC 6960 2.3) for the relying party, which speaks OCSP only.
     */
    static HttpResponse overloaded() {
        return answer(OcspResponder.tryLater()).withStatus(StatusCodes.SERVICE_UNAVAILABLE)
                .addHeader(RetryAfter.create(1L));
    }

    private static HttpResponse answer(byte[] der) {
        return HttpResponse.create().withEntity(OCSP_RESPONSE, der);
    }
}

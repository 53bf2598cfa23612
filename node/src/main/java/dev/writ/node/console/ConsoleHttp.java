package dev.writ.node.console;

import com.fasterxml.jackson.databind.JsonNode;
import dev.writ.node.refusal.Refusal;
import dev.writ.node.refusal.RefusalCode;
import dev.writ.node.refusal.RefusalText;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.RejectedExecutionException;
import org.apache.pekko.http.javadsl.model.ContentType;
import org.apache.pekko.http.javadsl.model.ContentTypes;
import org.apache.pekko.http.javadsl.model.HttpEntities;
import org.apache.pekko.http.javadsl.model.HttpHeader;
import org.apache.pekko.http.javadsl.model.HttpResponse;
import org.apache.pekko.http.javadsl.model.headers.RawHeader;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The console's answers, written once: JSON, problem+json refusals (the same stable codes as the API),
 * and the headers every answer carries: nothing cached, nothing sniffed, no referrer, never framed.
 */
final class ConsoleHttp {
    private static final Logger LOG = LoggerFactory.getLogger(ConsoleHttp.class);
    static final ContentType PROBLEM = ContentTypes.parse("application/problem+json");
    /** The page runs only its own script and style, talks only to its own origin, and is framed by no one. */
    static final String CONTENT_SECURITY_POLICY = "default-src 'none'; script-src 'self'; style-src 'self';"
            + " img-src 'self' data:; connect-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";
    private static final List<HttpHeader> ALWAYS = List.of(
            RawHeader.create("Cache-Control", "no-store"),
            RawHeader.create("X-Content-Type-Options", "nosniff"),
            RawHeader.create("Referrer-Policy", "no-referrer"),
            RawHeader.create("X-Frame-Options", "DENY"));

    private ConsoleHttp() {
    }

    static HttpResponse json(JsonNode body) {
        return ok(ContentTypes.APPLICATION_JSON, body.toString().getBytes(StandardCharsets.UTF_8));
    }

    static HttpResponse ok(ContentType type, byte[] body) {
        return HttpResponse.create().withEntity(HttpEntities.create(type, body)).addHeaders(ALWAYS);
    }

    static HttpResponse problem(Throwable failure, String path) {
        Refusal refusal = refusalOf(failure);
        String code = refusal.code().name();
        byte[] body = ConsoleJson.object()
                .put("type", "https://writ.dev/problems/" + code.toLowerCase().replace('_', '-'))
                .put("title", refusal.code().title())
                .put("status", refusal.code().httpStatus())
                .put("detail", refusal.detail())
                .put("code", code)
                .put("instance", RefusalText.printable(path))
                .toString().getBytes(StandardCharsets.UTF_8);
        LOG.debug("console {} refused: {}", RefusalText.printable(path), refusal);
        return HttpResponse.create().withStatus(refusal.code().httpStatus())
                .withEntity(HttpEntities.create(PROBLEM, body)).addHeaders(ALWAYS);
    }

    /** The refusal a failure carries; a full reads dispatcher is OVERLOADED, anything unforeseen INTERNAL under an incident id. */
    static Refusal refusalOf(Throwable failure) {
        Throwable root = failure;
        while ((root instanceof CompletionException || root instanceof ExecutionException) && root.getCause() != null) {
            root = root.getCause();
        }
        if (root instanceof Refusal r) {
            return r;
        }
        if (root instanceof RejectedExecutionException) {
            return new Refusal(RefusalCode.OVERLOADED, "", "the node's reads are at their bound; retry in a moment");
        }
        String incident = UUID.randomUUID().toString();
        LOG.error("The console failed to answer (incident {})", incident, root);
        return new Refusal(RefusalCode.INTERNAL, "", "the console failed unexpectedly (incident " + incident
                + "); the node's log has the details");
    }
}

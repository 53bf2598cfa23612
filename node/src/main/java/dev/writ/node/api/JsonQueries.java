package dev.writ.node.api;

import com.google.protobuf.MessageOrBuilder;
import dev.writ.node.identity.OperatorAuthentication;
import dev.writ.node.refusal.Refusal;
import dev.writ.protocol.client.OperatorCredential;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.BiFunction;
import org.apache.pekko.http.javadsl.model.ContentTypes;
import org.apache.pekko.http.javadsl.model.HttpHeader;
import org.apache.pekko.http.javadsl.model.HttpRequest;
import org.apache.pekko.http.javadsl.model.HttpResponse;
import org.apache.pekko.stream.Materializer;

/**
 * The directive around every read resource: a GET has no body to read (whatever was sent is
 * discarded), the ids in its path must be well-formed ({@link PathIds}), an operator's read needs the
 * operator credential, the answer is JSON, and a refusal is answered as problem+json without a
 * record, since nothing was asked to change.
 */
public final class JsonQueries {
    private final Materializer materializer;
    private final OperatorAuthentication operators;
    private final Clock clock;

    public JsonQueries(Materializer materializer, OperatorAuthentication operators, Clock clock) {
        this.materializer = materializer;
        this.operators = operators;
        this.clock = clock;
    }

    public Handler of(BiFunction<HttpRequest, List<String>, CompletionStage<? extends MessageOrBuilder>> query) {
        return answering(query, request -> { });
    }

    /**
     * A read only an operator may make (writ.identity.operator-credentials): the Writ-Operator header,
     * signed over GET, the path and an empty body, is verified before anything is read.
     */
    public Handler operator(BiFunction<HttpRequest, List<String>, CompletionStage<? extends MessageOrBuilder>> query) {
        return answering(query, request -> operators.require(request.getHeader(OperatorCredential.HEADER)
                .map(HttpHeader::value), "GET", request.getUri().path(), new byte[0], clock.instant()));
    }

    @FunctionalInterface
    private interface Authentication {
        void authenticate(HttpRequest request) throws Refusal;
    }

    private Handler answering(BiFunction<HttpRequest, List<String>, CompletionStage<? extends MessageOrBuilder>> query,
                              Authentication authentication) {
        return (request, parameters) -> {
            request.discardEntityBytes(materializer);
            CompletionStage<? extends MessageOrBuilder> answered;
            try {
                PathIds.requireWellFormed(parameters);
                authentication.authenticate(request);
                answered = query.apply(request, parameters);
            } catch (Refusal | RejectedExecutionException refused) {
                answered = CompletableFuture.failedFuture(refused);
            }
            return answered
                    .thenApply(m -> HttpResponse.create().withEntity(ContentTypes.APPLICATION_JSON, ApiJson.print(m)))
                    .exceptionally(f -> Problems.unrecorded(Problems.refusalOf(f), request.getUri().path()));
        };
    }
}

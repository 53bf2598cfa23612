package dev.writ.node.api;

import com.google.protobuf.MessageOrBuilder;
import dev.writ.node.refusal.Refusal;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.BiFunction;
import org.apache.pekko.http.javadsl.model.ContentTypes;
import org.apache.pekko.http.javadsl.model.HttpRequest;
import org.apache.pekko.http.javadsl.model.HttpResponse;
import org.apache.pekko.stream.Materializer;

/**
 * The directive around every read resource: a GET has no body to read (whatever was sent is
 * discarded), the ids in its path must be well-formed ({@link PathIds}), the answer is JSON, and a
 * refusal is answered as problem+json without a record, since nothing was asked to change.
 */
public final class JsonQueries {
    private final Materializer materializer;

    public JsonQueries(Materializer materializer) {
        this.materializer = materializer;
    }

    public Handler of(BiFunction<HttpRequest, List<String>, CompletionStage<? extends MessageOrBuilder>> query) {
        return (request, parameters) -> {
            request.discardEntityBytes(materializer);
            CompletionStage<? extends MessageOrBuilder> answered;
            try {
                PathIds.requireWellFormed(parameters);
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

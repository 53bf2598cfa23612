package dev.writ.node.api;

import dev.writ.node.dispatch.Continuations;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Supplier;
import org.apache.pekko.http.javadsl.model.HttpEntity;
import org.apache.pekko.http.javadsl.model.HttpRequest;
import org.apache.pekko.stream.Materializer;

/**
 * A request's whole body, at most {@code maxBytes}, read once. A body that arrived whole with its
 * headers (a strict entity: nearly every command, a few KiB) is taken as it is, on the calling
 * thread: Pekko's {@code toStrict} would materialise a stream for it and hand the bytes to another
 * thread (2-3 % of a node's CPU per request, measured in the bench's profile). A streamed body is
 * collected within {@code readTimeout}, and settled on the stream's dispatcher (D51).
 */
final class RequestBody {
    private RequestBody() {
    }

    /** The body, or a stage failed with {@link TooLarge} (or the stream's own failure) when it cannot be read. */
    static CompletionStage<byte[]> read(HttpRequest request, long maxBytes, Duration readTimeout, Materializer materializer) {
        if (request.entity() instanceof HttpEntity.Strict strict) {
            long length = strict.getData().size();
            return length > maxBytes
                    ? CompletableFuture.failedFuture(new TooLarge("the body has " + length + " bytes"))
                    : CompletableFuture.completedFuture(strict.getData().toArray());
        }
        return Continuations.on(materializer.executionContext(),
                        request.entity().toStrict(readTimeout.toMillis(), maxBytes, materializer))
                .thenApply(whole -> whole.getData().toArray());
    }

    /**
     * {@code answer}, once the request's body is discarded in full. Answered while a streamed body
     * is still arriving, Pekko closes the connection after the response, and bytes of the body that
     * reach a closed socket make the kernel reset it: the client can lose the answer it was sent (a
     * flood of POSTs refused OVERLOADED read as connection resets). A strict body is discarded at
     * once, on the calling thread.
     */
    static <T> CompletionStage<T> discardThen(HttpRequest request, Materializer materializer, Supplier<CompletionStage<T>> answer) {
        if (request.entity() instanceof HttpEntity.Strict) {
            return answer.get();
        }
        // settled on the stream's dispatcher first: chained to Pekko's stage directly, the answer ran on
        // a thread started for it (D51), one per request refused, when refusals must cost least
        return Continuations.on(materializer.executionContext(), request.discardEntityBytes(materializer).completionStage())
                .thenCompose(done -> answer.get());
    }

    /** A strict body over the bound: refused like a streamed one the bound cut off. */
    static final class TooLarge extends RuntimeException {
        TooLarge(String detail) {
            super(detail, null, false, false);
        }
    }
}

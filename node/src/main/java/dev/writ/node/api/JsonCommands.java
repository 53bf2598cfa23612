package dev.writ.node.api;

import com.google.protobuf.Message;
import dev.writ.node.identity.OperatorAuthentication;
import dev.writ.node.refusal.Failures;
import dev.writ.node.refusal.Refusal;
import dev.writ.node.refusal.RefusalCode;
import dev.writ.protocol.client.OperatorCredential;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Function;
import java.util.function.Supplier;
import org.apache.pekko.http.javadsl.model.ContentTypes;
import org.apache.pekko.http.javadsl.model.HttpHeader;
import org.apache.pekko.http.javadsl.model.HttpRequest;
import org.apache.pekko.http.javadsl.model.HttpResponse;
import org.apache.pekko.http.javadsl.model.MediaTypes;
import org.apache.pekko.stream.Materializer;

/**
 * The directives around every command resource, written once: the ids in the path must be
 * well-formed ({@link PathIds}); the body must be JSON and at most {@code writ.http.max-body-bytes};
 * an admin resource's operator credential is verified over the exact body before anything is
 * parsed, and the operator must be the request's issuer; the body is parsed strictly; every
 * refusal on the way, and the command's own, is recorded as evidence before it is answered.
 */
public final class JsonCommands {
    private final Problems problems;
    private final OperatorAuthentication operators;
    private final Clock clock;
    private final Materializer materializer;
    private final long maxBodyBytes;
    private final Duration readTimeout;

    public JsonCommands(Problems problems, OperatorAuthentication operators, Clock clock, Materializer materializer,
                        long maxBodyBytes, Duration readTimeout) {
        this.problems = problems;
        this.operators = operators;
        this.clock = clock;
        this.materializer = materializer;
        this.maxBodyBytes = maxBodyBytes;
        this.readTimeout = readTimeout;
    }

    /** A command any authenticated party may send (the command checks its own credentials: signatures, certificates). */
    public <M extends Message> Handler open(Supplier<Message.Builder> builder, String what, Command<M> command) {
        return (request, parameters) -> read(request, parameters, builder, what, (r, body) -> Optional.empty(), command);
    }

    /**
     * An admin command: it needs an operator credential (writ.identity.operator-credentials) and the
     * message must name the signing operator as its issuer, so no operator acts in another's name.
     */
    public <M extends Message> Handler operator(Supplier<Message.Builder> builder, String what,
                                                Function<M, String> issuer, Function<M, String> subject,
                                                Command<M> command) {
        Command<M> issuedBySigner = (message, call) -> {
            if (call.operator().isPresent() && !issuer.apply(message).equals(call.operator().get())) {
                throw new Refusal(RefusalCode.OPERATOR_INVALID, subject.apply(message), "the request names issuer '"
                        + issuer.apply(message) + "' but is signed by operator " + call.operator().get());
            }
            return command.handle(message, call);
        };
        return (request, parameters) -> read(request, parameters, builder, what, (r, body) -> operators.require(
                r.getHeader(OperatorCredential.HEADER).map(HttpHeader::value), "POST", r.getUri().path(), body,
                clock.instant()), issuedBySigner);
    }

    @FunctionalInterface
    private interface Authentication {
        Optional<String> authenticate(HttpRequest request, byte[] body) throws Refusal;
    }

    private <M extends Message> CompletionStage<HttpResponse> read(HttpRequest request, List<String> parameters,
                                                                   Supplier<Message.Builder> builder, String what,
                                                                   Authentication authentication, Command<M> command) {
        String path = request.getUri().path();
        try {
            PathIds.requireWellFormed(parameters);
        } catch (Refusal malformed) {
            return RequestBody.discardThen(request, materializer, () -> problems.recorded(malformed, new byte[0], path));
        }
        if (!request.entity().getContentType().mediaType().equals(MediaTypes.APPLICATION_JSON)) {
            return RequestBody.discardThen(request, materializer, () -> problems.recorded(new Refusal(
                    RefusalCode.UNSUPPORTED_MEDIA_TYPE, "", "send the body as application/json, not "
                    + request.entity().getContentType()), new byte[0], path));
        }
        return RequestBody.read(request, maxBodyBytes, readTimeout, materializer)
                .handle((body, failure) -> failure != null
                        ? problems.recorded(new Refusal(RefusalCode.OVERSIZED, "", "a request body is at most "
                                + maxBodyBytes + " bytes (" + Failures.root(failure).getMessage() + ")"), new byte[0], path)
                        : answer(request, parameters, body, builder, what, authentication, command))
                .thenCompose(Function.identity());
    }

    private <M extends Message> CompletionStage<HttpResponse> answer(HttpRequest request, List<String> parameters,
                                                                     byte[] body, Supplier<Message.Builder> builder,
                                                                     String what, Authentication authentication,
                                                                     Command<M> command) {
        String path = request.getUri().path();
        CompletionStage<? extends com.google.protobuf.MessageOrBuilder> answered;
        try {
            Optional<String> operator = authentication.authenticate(request, body);
            M message = ApiJson.parse(body, builder.get(), what);
            answered = command.handle(message, new Call(request, parameters, body, operator));
        } catch (Refusal r) {
            answered = CompletableFuture.failedFuture(r);
        }
        return answered
                .thenApply(json -> HttpResponse.create().withEntity(ContentTypes.APPLICATION_JSON, ApiJson.print(json)))
                .exceptionallyCompose(f -> problems.recorded(Problems.refusalOf(f), body, path));
    }
}

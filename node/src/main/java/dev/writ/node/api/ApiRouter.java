package dev.writ.node.api;

import dev.writ.node.refusal.Refusal;
import dev.writ.node.refusal.RefusalCode;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.pekko.http.javadsl.model.HttpMethod;
import org.apache.pekko.http.javadsl.model.HttpMethods;
import org.apache.pekko.http.javadsl.model.HttpRequest;
import org.apache.pekko.http.javadsl.model.HttpResponse;
import org.apache.pekko.stream.Materializer;

/**
 * The HTTP edge: each request goes to the handler of the first route whose path and method
 * match; a known path asked with another method is METHOD_NOT_ALLOWED, an unknown one NOT_FOUND.
 * Routes are data ({@link NodeApi} lists the node's), handlers know nothing of routing.
 */
public final class ApiRouter implements Function<HttpRequest, CompletionStage<HttpResponse>> {
    /** A method and a whole-path pattern; the pattern's groups are the handler's path parameters. */
    public record Route(HttpMethod method, Pattern path, Handler handler) {
        public static Route get(String path, Handler handler) {
            return new Route(HttpMethods.GET, Pattern.compile(path), handler);
        }

        public static Route post(String path, Handler handler) {
            return new Route(HttpMethods.POST, Pattern.compile(path), handler);
        }
    }

    private final List<Route> routes;
    private final Materializer materializer;

    public ApiRouter(List<Route> routes, Materializer materializer) {
        this.routes = List.copyOf(routes);
        this.materializer = materializer;
    }

    @Override
    public CompletionStage<HttpResponse> apply(HttpRequest request) {
        String path = request.getUri().path();
        boolean knownPath = false;
        for (Route route : routes) {
            Matcher m = route.path().matcher(path);
            if (!m.matches()) {
                continue;
            }
            knownPath = true;
            if (route.method().equals(request.method())) {
                return handle(route.handler(), request, m);
            }
        }
        Refusal refusal = knownPath
                ? new Refusal(RefusalCode.METHOD_NOT_ALLOWED, "", request.method().value() + " " + path + " is not served")
                : new Refusal(RefusalCode.NOT_FOUND, "", request.method().value() + " " + path
                        + " is not part of the API; see /v1/openapi.yaml");
        return RequestBody.discardThen(request, materializer,
                () -> CompletableFuture.completedFuture(Problems.unrecorded(refusal, path)));
    }

    private static CompletionStage<HttpResponse> handle(Handler handler, HttpRequest request, Matcher m) {
        List<String> parameters = new ArrayList<>(m.groupCount());
        for (int g = 1; g <= m.groupCount(); g++) {
            parameters.add(m.group(g));
        }
        try {
            return handler.handle(request, List.copyOf(parameters));
        } catch (RuntimeException e) {
            // a bounded dispatcher that refuses the handler's work at once is OVERLOADED, anything else INTERNAL
            return CompletableFuture.completedFuture(Problems.unrecorded(Problems.refusalOf(e), request.getUri().path()));
        }
    }
}

package dev.writ.node.api;

import java.util.List;
import java.util.concurrent.CompletionStage;
import org.apache.pekko.http.javadsl.model.HttpRequest;
import org.apache.pekko.http.javadsl.model.HttpResponse;

/** What answers one route of the API: the request, and the path segments its route captured. */
@FunctionalInterface
public interface Handler {
    CompletionStage<HttpResponse> handle(HttpRequest request, List<String> pathParameters);
}

package dev.writ.node.api;

import java.util.List;
import java.util.Optional;
import org.apache.pekko.http.javadsl.model.HttpRequest;

/**
 * A POST whose body has been read within the limits: the request, the path segments its route
 * captured, the exact body bytes, and the operator its credential proved (empty when the route
 * takes none, or none was sent where credentials are optional).
 */
public record Call(HttpRequest request, List<String> pathParameters, byte[] body, Optional<String> operator) {
}

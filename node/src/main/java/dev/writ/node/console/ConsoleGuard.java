package dev.writ.node.console;

import dev.writ.node.refusal.Refusal;
import dev.writ.node.refusal.RefusalCode;
import java.time.Clock;
import java.util.Optional;
import java.util.Set;
import org.apache.pekko.http.javadsl.model.HttpHeader;
import org.apache.pekko.http.javadsl.model.HttpRequest;
import org.apache.pekko.http.javadsl.model.headers.RawHeader;

/**
 * Who may ask the console what (D72). Every request must name the console itself as its
 * Host (a page of another site rebound to this address by DNS is refused). Reads need a session
 * cookie and must not come from another site (Sec-Fetch-Site). A request that changes anything is a
 * POST from the console's own page: its Origin must be the console's, and its body JSON, which no
 * other site's form can send without the console agreeing to it first. The cookie is HttpOnly (no
 * script reads it) and SameSite=Strict (no other site's request carries it).
 */
final class ConsoleGuard {
    static final String COOKIE = "writ_console";

    private final Set<String> hosts;
    private final ConsoleSessions sessions;
    private final Clock clock;

    /** @param hosts the Host header values that name this console, e.g. 127.0.0.1:8090 and localhost:8090 */
    ConsoleGuard(Set<String> hosts, ConsoleSessions sessions, Clock clock) {
        this.hosts = Set.copyOf(hosts);
        this.sessions = sessions;
        this.clock = clock;
    }

    /** Any request, the page itself included: addressed to the console by name. */
    void addressedHere(HttpRequest request) throws Refusal {
        String host = header(request, "Host").orElse("");
        if (!hosts.contains(host)) {
            throw new Refusal(RefusalCode.CROSS_ORIGIN, "", "the console answers requests addressed to " + hosts
                    + ", not to '" + host + "'");
        }
    }

    /** A read of the console's API: the operator whose session the cookie names. */
    String reader(HttpRequest request) throws Refusal {
        addressedHere(request);
        String site = header(request, "Sec-Fetch-Site").orElse("same-origin");
        if (!site.equals("same-origin") && !site.equals("none")) {
            throw new Refusal(RefusalCode.CROSS_ORIGIN, "", "a console read from another site (" + site + ") is refused");
        }
        return sessions.require(cookie(request), clock.millis());
    }

    /** A POST that changes something (login, logout): from the console's own page. */
    void sameOrigin(HttpRequest request) throws Refusal {
        addressedHere(request);
        String origin = header(request, "Origin").orElse("");
        if (!hosts.contains(origin.startsWith("http://") ? origin.substring("http://".length()) : "")) {
            throw new Refusal(RefusalCode.CROSS_ORIGIN, "", "a console POST must come from the console's own page"
                    + " (Origin " + (origin.isEmpty() ? "missing" : origin) + ")");
        }
    }

    Optional<String> cookie(HttpRequest request) {
        for (HttpHeader h : request.getHeaders()) {
            if (!h.lowercaseName().equals("cookie")) {
                continue;
            }
            for (String pair : h.value().split(";")) {
                String p = pair.strip();
                if (p.startsWith(COOKIE + "=")) {
                    return Optional.of(p.substring(COOKIE.length() + 1));
                }
            }
        }
        return Optional.empty();
    }

    /** The session cookie: sent back only to this console, never readable by a script, nor by another site's request. */
    static HttpHeader sessionCookie(ConsoleSessions.Opened session, long nowMillis) {
        long maxAge = Math.max(0, (session.expiresAtMillis() - nowMillis) / 1000);
        return RawHeader.create("Set-Cookie", COOKIE + "=" + session.id() + "; Path=/; Max-Age=" + maxAge
                + "; HttpOnly; SameSite=Strict");
    }

    static HttpHeader clearedCookie() {
        return RawHeader.create("Set-Cookie", COOKIE + "=; Path=/; Max-Age=0; HttpOnly; SameSite=Strict");
    }

    private static Optional<String> header(HttpRequest request, String name) {
        return request.getHeader(name).map(HttpHeader::value);
    }
}

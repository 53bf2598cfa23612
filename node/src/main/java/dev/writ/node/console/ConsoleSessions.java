package dev.writ.node.console;

import dev.writ.node.refusal.Refusal;
import dev.writ.node.refusal.RefusalCode;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The console's sessions: opened by exchanging a login code, each an operator and an absolute
 * expiry (no sliding renewal: a session ends {@code session-ttl} after its login). At most
 * {@code max-sessions} at once; beyond that a login is refused, never an older session evicted.
 * In memory only: a restarted node holds none. Time comes in as an argument.
 */
public final class ConsoleSessions {
    /** A session as opened: the id goes to the browser once, as a cookie, and only its digest is kept. */
    public record Opened(String id, String operator, long expiresAtMillis) {
    }

    private record Held(String operator, long expiresAtMillis) {
    }

    private final Duration ttl;
    private final int capacity;
    private final SecureRandom random;
    /** By the SHA-256 of the session id. */
    private final Map<String, Held> held = new HashMap<>();

    public ConsoleSessions(Duration ttl, int capacity, SecureRandom random) {
        this.ttl = ttl;
        this.capacity = capacity;
        this.random = random;
    }

    public Duration ttl() {
        return ttl;
    }

    public synchronized Opened open(String operator, long nowMillis) throws Refusal {
        held.values().removeIf(h -> nowMillis >= h.expiresAtMillis());
        if (held.size() >= capacity) {
            throw new Refusal(RefusalCode.CONSOLE_BUSY, operator, "the console holds " + capacity
                    + " sessions (writ.console.max-sessions); retry once one has expired");
        }
        String id = Secrets.fresh(random);
        long expires = nowMillis + ttl.toMillis();
        held.put(Secrets.digest(id), new Held(operator, expires));
        return new Opened(id, operator, expires);
    }

    /** The session's operator, or CONSOLE_SESSION_REQUIRED for no cookie, an unknown or an expired session. */
    public synchronized String require(Optional<String> id, long nowMillis) throws Refusal {
        if (id.isEmpty() || !Secrets.wellFormed(id.get())) {
            throw new Refusal(RefusalCode.CONSOLE_SESSION_REQUIRED, "", "no console session was presented");
        }
        String key = Secrets.digest(id.get());
        Held h = held.get(key);
        if (h == null) {
            throw new Refusal(RefusalCode.CONSOLE_SESSION_REQUIRED, "", "the console session is unknown to this node");
        }
        if (nowMillis >= h.expiresAtMillis()) {
            held.remove(key);
            throw new Refusal(RefusalCode.CONSOLE_SESSION_REQUIRED, h.operator(), "the console session of operator "
                    + h.operator() + " has expired");
        }
        return h.operator();
    }

    /** Ends the session (logout); an unknown id changes nothing. */
    public synchronized void close(Optional<String> id) {
        id.filter(Secrets::wellFormed).ifPresent(s -> held.remove(Secrets.digest(s)));
    }
}

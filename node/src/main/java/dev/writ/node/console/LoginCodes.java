package dev.writ.node.console;

import dev.writ.node.refusal.Refusal;
import dev.writ.node.refusal.RefusalCode;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

/**
 * Single-use, short-lived console login codes, each bound to the operator whose signed request
 * asked for it (D72). A code is exchanged once: a redeemed code stays held, marked
 * used, until its TTL, so a second exchange is told LOGIN_CODE_USED rather than UNKNOWN. Held in
 * memory only: a restarted node knows no code, and the operator asks for a new one. Time comes in
 * as an argument.
 */
public final class LoginCodes {
    /** A code as issued: the secret goes to the operator once and is not kept. */
    public record Issued(String code, String operator, long expiresAtMillis) {
    }

    private record Held(String operator, long expiresAtMillis, boolean used) {
    }

    private final Duration ttl;
    private final int capacity;
    private final SecureRandom random;
    /** By the SHA-256 of the code. */
    private final Map<String, Held> held = new HashMap<>();

    public LoginCodes(Duration ttl, int capacity, SecureRandom random) {
        this.ttl = ttl;
        this.capacity = capacity;
        this.random = random;
    }

    public synchronized Issued issue(String operator, long nowMillis) throws Refusal {
        forgetExpired(nowMillis);
        if (held.size() >= capacity) {
            throw new Refusal(RefusalCode.CONSOLE_BUSY, operator, "the console holds " + capacity
                    + " login codes (writ.console.max-login-codes); retry once one has expired");
        }
        String code = Secrets.fresh(random);
        long expires = nowMillis + ttl.toMillis();
        held.put(Secrets.digest(code), new Held(operator, expires, false));
        return new Issued(code, operator, expires);
    }

    /** The operator the code was issued to, once; every later call with it is LOGIN_CODE_USED. */
    public synchronized String redeem(String code, long nowMillis) throws Refusal {
        if (!Secrets.wellFormed(code)) {
            throw new Refusal(RefusalCode.LOGIN_CODE_UNKNOWN, "", "a login code is 43 base64url characters");
        }
        String key = Secrets.digest(code);
        Held h = held.get(key);
        if (h == null) {
            throw new Refusal(RefusalCode.LOGIN_CODE_UNKNOWN, "", "this node issued no such login code, or forgot it"
                    + " after " + ttl);
        }
        if (h.used()) {
            throw new Refusal(RefusalCode.LOGIN_CODE_USED, h.operator(), "the login code of operator " + h.operator()
                    + " was exchanged already");
        }
        if (nowMillis >= h.expiresAtMillis()) {
            held.remove(key);
            throw new Refusal(RefusalCode.LOGIN_CODE_EXPIRED, h.operator(), "the login code of operator " + h.operator()
                    + " expired " + (nowMillis - h.expiresAtMillis()) + " ms ago");
        }
        held.put(key, new Held(h.operator(), h.expiresAtMillis(), true));
        return h.operator();
    }

    private void forgetExpired(long nowMillis) {
        held.values().removeIf(h -> nowMillis >= h.expiresAtMillis());
    }
}

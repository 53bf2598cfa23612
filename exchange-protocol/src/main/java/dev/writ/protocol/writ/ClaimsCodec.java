package dev.writ.protocol.writ;

import dev.writ.protocol.Fault;
import dev.writ.protocol.ProtocolException;
import dev.writ.protocol.crypto.KeyId;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Writ claims to and from their JSON object form. Strict: unknown or mistyped claims are refused.
 * Every claim is required but {@code cnf}, which a sender-constrained writ carries as
 * {@code {"jkt": <RFC 7638 thumbprint>}} and nothing else (D61).
 */
final class ClaimsCodec {
    private static final Set<String> TOP = Set.of(
            "iss", "sub", "act", "pol", "mod", "iat", "nbf", "exp", "jti", "ctx", "dom", "cnt", "rev");
    private static final Set<String> ACT = Set.of("op", "tgt", "prm", "cls");
    private static final Set<String> POL = Set.of("adr", "ver", "blk", "rh");
    private static final Set<String> CTX = Set.of("sid", "pln", "par", "rsk", "cls");
    private static final Set<String> CNF = Set.of("jkt");
    private static final String OPTIONAL = "cnf";
    /**
     * The last second a writ's time claims (iat, nbf, exp) may name: 9999-12-31T23:59:59Z; the
     * first is the epoch. Any other value is refused as a claim, not an unchecked DateTimeException
     * (writ-verify applies the same bounds, so both verifiers agree on such a writ).
     */
    static final long MAX_TIME_SECONDS = 253_402_300_799L;

    private ClaimsCodec() {
    }

    static Map<String, Object> toJson(WritClaims c) {
        Map<String, Object> act = new LinkedHashMap<>();
        act.put("op", c.action().operation());
        act.put("tgt", c.action().target());
        act.put("prm", new TreeMap<>(c.action().parameters()));
        act.put("cls", c.action().classification());
        Map<String, Object> pol = new LinkedHashMap<>();
        pol.put("adr", c.policy().contractAddress());
        pol.put("ver", c.policy().version());
        pol.put("blk", c.policy().blockNumber());
        pol.put("rh", c.policy().rulesHash());
        Map<String, Object> ctx = new LinkedHashMap<>();
        ctx.put("sid", c.context().sessionId());
        ctx.put("pln", c.context().planId());
        ctx.put("par", c.context().parentWritHash());
        ctx.put("rsk", (long) c.context().riskScore());
        ctx.put("cls", c.context().dataClassification());
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("iss", c.issuer());
        json.put("sub", c.subject());
        json.put("act", act);
        json.put("pol", pol);
        json.put("mod", c.modelHash());
        json.put("iat", c.issuedAt().getEpochSecond());
        json.put("nbf", c.notBefore().getEpochSecond());
        json.put("exp", c.expiresAt().getEpochSecond());
        json.put("jti", c.jti());
        json.put("ctx", ctx);
        json.put("dom", c.domain());
        json.put("cnt", c.contractHash());
        json.put("rev", c.revocationEpoch());
        if (c.senderConstrained()) {
            json.put("cnf", Map.of("jkt", c.confirmationKey()));
        }
        return json;
    }

    static WritClaims fromJson(Map<String, Object> json) throws ProtocolException {
        only(json, TOP, OPTIONAL, "claims");
        Map<String, Object> act = object(json, "act");
        only(act, ACT, "act");
        Map<String, Object> pol = object(json, "pol");
        only(pol, POL, "pol");
        Map<String, Object> ctx = object(json, "ctx");
        only(ctx, CTX, "ctx");
        Map<String, Object> prm = object(act, "prm");
        Map<String, String> parameters = new TreeMap<>();
        for (Map.Entry<String, Object> e : prm.entrySet()) {
            if (!(e.getValue() instanceof String value)) {
                throw invalid("act.prm." + e.getKey() + " must be a string");
            }
            parameters.put(e.getKey(), value);
        }
        long risk = number(ctx, "rsk");
        if (risk < 0 || risk > 100) {
            throw invalid("ctx.rsk must be 0..100");
        }
        return new WritClaims(
                text(json, "iss"),
                text(json, "sub"),
                new WritClaims.Action(text(act, "op"), text(act, "tgt"), parameters, text(act, "cls")),
                new WritClaims.Policy(text(pol, "adr"), number(pol, "ver"), number(pol, "blk"), text(pol, "rh")),
                text(json, "mod"),
                time(json, "iat"),
                time(json, "nbf"),
                time(json, "exp"),
                text(json, "jti"),
                new WritClaims.Context(text(ctx, "sid"), text(ctx, "pln"), text(ctx, "par"), (int) risk,
                        text(ctx, "cls")),
                text(json, "dom"),
                text(json, "cnt"),
                number(json, "rev"),
                confirmationKey(json));
    }

    /** cnf.jkt: the thumbprint as a key id spells it (43 base64url characters), or "" without cnf. */
    private static String confirmationKey(Map<String, Object> json) throws ProtocolException {
        if (!json.containsKey(OPTIONAL)) {
            return "";
        }
        Map<String, Object> cnf = object(json, OPTIONAL);
        only(cnf, CNF, OPTIONAL);
        String jkt = text(cnf, "jkt");
        try {
            KeyId id = KeyId.parse(jkt);
            if (!id.toString().equals(jkt)) {
                throw invalid("cnf.jkt is not canonical base64url");
            }
        } catch (ProtocolException e) {
            throw invalid("cnf.jkt must be an RFC 7638 thumbprint: " + e.detail());
        }
        return jkt;
    }

    private static void only(Map<String, Object> json, Set<String> allowed, String where) throws ProtocolException {
        only(json, allowed, null, where);
    }

    private static void only(Map<String, Object> json, Set<String> allowed, String optional, String where)
            throws ProtocolException {
        for (String key : json.keySet()) {
            if (!allowed.contains(key) && !key.equals(optional)) {
                throw invalid("unknown claim " + where + "." + key);
            }
        }
        for (String key : allowed) {
            if (!json.containsKey(key)) {
                throw invalid("missing claim " + where + "." + key);
            }
        }
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> object(Map<String, Object> json, String name) throws ProtocolException {
        if (json.get(name) instanceof Map<?, ?> map) {
            return (Map<String, Object>) map;
        }
        throw invalid(name + " must be an object");
    }

    private static String text(Map<String, Object> json, String name) throws ProtocolException {
        if (json.get(name) instanceof String s) {
            return s;
        }
        throw invalid(name + " must be a string");
    }

    private static long number(Map<String, Object> json, String name) throws ProtocolException {
        Object value = json.get(name);
        if (value instanceof Long l) {
            return l;
        }
        if (value instanceof Integer i) {
            return i;
        }
        throw invalid(name + " must be an integer");
    }

    private static Instant time(Map<String, Object> json, String name) throws ProtocolException {
        long seconds = number(json, name);
        if (seconds < 0 || seconds > MAX_TIME_SECONDS) {
            throw invalid(name + " must be a time from 1970 to the end of 9999 in seconds, got " + seconds);
        }
        return Instant.ofEpochSecond(seconds);
    }

    private static ProtocolException invalid(String message) {
        return new ProtocolException(Fault.CLAIMS_INVALID, message);
    }
}

package dev.writ.protocol.writ;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSObject;
import com.nimbusds.jose.util.Base64URL;
import com.nimbusds.jose.util.JSONObjectUtils;
import dev.writ.protocol.Fault;
import dev.writ.protocol.ProtocolException;
import dev.writ.protocol.crypto.KeyId;
import dev.writ.protocol.crypto.KeyRing;
import java.text.ParseException;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Set;

/**
 * Checks a compact writ, in an order that never trusts what it has not yet verified: size, header
 * (only EdDSA, only our type, no embedded or remote keys, no critical extensions), key, signature,
 * claims, then the validity window.
 */
public final class WritVerifier {
    /** Writs are small; anything larger is refused before it is parsed. */
    public static final int MAX_COMPACT_LENGTH = 16 * 1024;
    private static final Set<String> HEADER_FIELDS = Set.of("alg", "typ", "kid");

    private final KeyRing keys;
    private final Duration clockSkew;

    public WritVerifier(KeyRing keys, Duration clockSkew) {
        this.keys = keys;
        this.clockSkew = clockSkew;
    }

    /** Authentic, well-formed and inside its window at {@code now} (± clock skew). */
    public Writ verify(String compact, Instant now) throws ProtocolException {
        Writ writ = authenticate(compact);
        WritClaims c = writ.claims();
        if (now.isBefore(c.notBefore().minus(clockSkew))) {
            throw new ProtocolException(Fault.WRIT_NOT_YET_VALID,
                    "writ " + c.jti() + " is valid from " + c.notBefore() + ", now is " + now);
        }
        if (!now.isBefore(c.expiresAt().plus(clockSkew))) {
            throw new ProtocolException(Fault.WRIT_EXPIRED,
                    "writ " + c.jti() + " expired at " + c.expiresAt() + ", now is " + now);
        }
        return writ;
    }

    /** Authentic and well-formed, whatever the time: for audits of writs long expired. */
    public Writ authenticate(String compact) throws ProtocolException {
        if (compact == null || compact.isEmpty()) {
            throw new ProtocolException(Fault.MALFORMED, "no writ given");
        }
        if (compact.length() > MAX_COMPACT_LENGTH) {
            throw new ProtocolException(Fault.OVERSIZED,
                    "a writ is at most " + MAX_COMPACT_LENGTH + " characters, got " + compact.length());
        }
        String[] parts = compact.split("\\.", -1);
        if (parts.length != 3) {
            throw new ProtocolException(Fault.MALFORMED, "a compact JWS has 3 parts, got " + parts.length);
        }
        for (String part : parts) {
            requireCanonicalBase64Url(part);
        }
        KeyId kid = checkHeader(parts[0]);
        KeyRing.Entry entry = keys.find(kid)
                .orElseThrow(() -> new ProtocolException(Fault.UNKNOWN_KEY, "writ signed by unknown key " + kid));
        JWSObject jws;
        try {
            jws = JWSObject.parse(compact);
        } catch (ParseException | RuntimeException e) {
            throw new ProtocolException(Fault.MALFORMED, "not a JWS: " + e.getMessage(), e);
        }
        try {
            if (!jws.verify(BouncyCastleJws.verifier(entry.key()))) {
                throw new ProtocolException(Fault.BAD_SIGNATURE, "writ signature does not hold under key " + kid);
            }
        } catch (JOSEException | IllegalStateException e) {
            throw new ProtocolException(Fault.BAD_SIGNATURE, "writ signature cannot be checked: " + e.getMessage(), e);
        }
        Map<String, Object> json = jws.getPayload().toJSONObject();
        if (json == null) {
            throw new ProtocolException(Fault.CLAIMS_INVALID, "the writ's payload is not a JSON object");
        }
        WritClaims claims = ClaimsCodec.fromJson(json);
        if (!entry.domain().equals(claims.domain())) {
            throw new ProtocolException(Fault.KEY_MISMATCH,
                    "writ claims domain " + claims.domain() + " but key " + kid + " belongs to " + entry.domain());
        }
        if (!claims.notBefore().isBefore(claims.expiresAt()) || claims.issuedAt().isAfter(claims.notBefore())) {
            throw new ProtocolException(Fault.CLAIMS_INVALID, "writ window is inconsistent (iat <= nbf < exp)");
        }
        return new Writ(compact, claims, kid);
    }

    /**
     * The claims of a compact writ, read without checking its signature or key: only for an agent
     * naming the writ it was given in its possession proof ({@link PossessionProofs}), never to
     * decide anything about the writ. Bounded and strict as {@link #authenticate}.
     */
    static WritClaims readClaims(String compact) throws ProtocolException {
        if (compact == null || compact.isEmpty() || compact.length() > MAX_COMPACT_LENGTH) {
            throw new ProtocolException(Fault.MALFORMED, "not a writ of at most " + MAX_COMPACT_LENGTH + " characters");
        }
        String[] parts = compact.split("\\.", -1);
        if (parts.length != 3) {
            throw new ProtocolException(Fault.MALFORMED, "a compact JWS has 3 parts, got " + parts.length);
        }
        requireCanonicalBase64Url(parts[1]);
        Map<String, Object> json;
        try {
            json = JSONObjectUtils.parse(new Base64URL(parts[1]).decodeToString());
        } catch (ParseException | RuntimeException e) {
            throw new ProtocolException(Fault.CLAIMS_INVALID, "the writ's payload is not a JSON object", e);
        }
        return ClaimsCodec.fromJson(json);
    }

    /**
     * Each part must be the one base64url spelling of its bytes. Otherwise the same signed writ
     * could travel under many spellings, each with another hash, muddling evidence that cites it.
     */
    private static void requireCanonicalBase64Url(String part) throws ProtocolException {
        for (int i = 0; i < part.length(); i++) {
            char c = part.charAt(i);
            boolean ok = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '_';
            if (!ok) {
                throw new ProtocolException(Fault.MALFORMED, "a writ part holds a character outside base64url");
            }
        }
        if (part.length() % 4 == 1 || !new Base64URL(part).toString().equals(Base64URL.encode(new Base64URL(part).decode()).toString())) {
            throw new ProtocolException(Fault.MALFORMED, "a writ part is not canonical base64url");
        }
    }

    private static KeyId checkHeader(String encodedHeader) throws ProtocolException {
        Map<String, Object> header;
        try {
            header = JSONObjectUtils.parse(new Base64URL(encodedHeader).decodeToString());
        } catch (ParseException | RuntimeException e) {
            throw new ProtocolException(Fault.MALFORMED, "the JOSE header is not a JSON object", e);
        }
        Object alg = header.get("alg");
        if (!"EdDSA".equals(alg)) {
            throw new ProtocolException(Fault.ALGORITHM_REJECTED, "only alg EdDSA is accepted, got " + alg);
        }
        for (String field : header.keySet()) {
            if (!HEADER_FIELDS.contains(field)) {
                // jwk, jku, x5u, x5c would let the token name its own key; crit would oblige us
                // to understand extensions. Refuse all of them.
                throw new ProtocolException(Fault.TYPE_REJECTED, "JOSE header field not accepted: " + field);
            }
        }
        if (!Writ.TYPE.equals(header.get("typ"))) {
            throw new ProtocolException(Fault.TYPE_REJECTED, "typ must be " + Writ.TYPE + ", got " + header.get("typ"));
        }
        if (!(header.get("kid") instanceof String kid)) {
            throw new ProtocolException(Fault.MALFORMED, "the JOSE header has no kid");
        }
        return KeyId.parse(kid);
    }
}

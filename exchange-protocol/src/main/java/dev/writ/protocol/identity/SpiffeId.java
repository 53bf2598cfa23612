package dev.writ.protocol.identity;

import dev.writ.protocol.Fault;
import dev.writ.protocol.ProtocolException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * An agent's SPIFFE id, {@code spiffe://<domain>/agent/<name>}: the only name an agent has in
 * Writ. The trust domain is the Writ domain (the organisation), so a certificate's SPIFFE id tells
 * which domain's CA may vouch for it.
 */
public record SpiffeId(String domain, String name) {
    private static final String DOMAIN = "[a-z0-9][a-z0-9.-]{0,62}";
    private static final Pattern AGENT = Pattern.compile("spiffe://(" + DOMAIN + ")/agent/([A-Za-z0-9][A-Za-z0-9_.-]{0,127})");
    private static final Pattern TRUST_DOMAIN = Pattern.compile("spiffe://(" + DOMAIN + ")");

    public SpiffeId {
        if (!AGENT.matcher("spiffe://" + domain + "/agent/" + name).matches()) {
            throw new IllegalArgumentException("not a Writ agent SPIFFE id: domain '" + domain + "', name '" + name + "'");
        }
    }

    /** Parses an agent id; anything else (other paths, query, port, upper-case domain) is malformed. */
    public static SpiffeId parse(String uri) throws ProtocolException {
        Matcher m = AGENT.matcher(uri == null ? "" : uri);
        if (!m.matches()) {
            throw new ProtocolException(Fault.CERT_MALFORMED, "not an agent SPIFFE id (spiffe://<domain>/agent/<name>): " + uri);
        }
        return new SpiffeId(m.group(1), m.group(2));
    }

    /** The trust domain id a CA certificate carries, {@code spiffe://<domain>}. */
    public static String trustDomainUri(String domain) {
        if (!TRUST_DOMAIN.matcher("spiffe://" + domain).matches()) {
            throw new IllegalArgumentException("not a Writ domain: '" + domain + "'");
        }
        return "spiffe://" + domain;
    }

    /** The domain named by a CA's trust domain id, or a CERT_MALFORMED fault. */
    public static String parseTrustDomain(String uri) throws ProtocolException {
        Matcher m = TRUST_DOMAIN.matcher(uri == null ? "" : uri);
        if (!m.matches()) {
            throw new ProtocolException(Fault.CERT_MALFORMED, "not a SPIFFE trust domain id (spiffe://<domain>): " + uri);
        }
        return m.group(1);
    }

    public String uri() {
        return "spiffe://" + domain + "/agent/" + name;
    }

    @Override
    public String toString() {
        return uri();
    }
}

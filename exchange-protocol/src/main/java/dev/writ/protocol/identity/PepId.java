package dev.writ.protocol.identity;

import dev.writ.protocol.Fault;
import dev.writ.protocol.ProtocolException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * An enforcement point's SPIFFE id, {@code spiffe://<domain>/pep/<name>}: the name a PEP has in
 * Writ, in its certificate and as the {@code pep_id} of its redemptions, receipts and outcomes. Its
 * domain is the domain whose CA certified it, and where it redeems.
 */
public record PepId(String domain, String name) {
    private static final Pattern PEP = Pattern.compile("spiffe://([a-z0-9][a-z0-9.-]{0,62})/pep/([A-Za-z0-9][A-Za-z0-9_.-]{0,127})");

    public PepId {
        if (!PEP.matcher("spiffe://" + domain + "/pep/" + name).matches()) {
            throw new IllegalArgumentException("not a Writ PEP SPIFFE id: domain '" + domain + "', name '" + name + "'");
        }
    }

    /** Parses a PEP id; anything else (an agent's id, other paths, query, port) is CERT_MALFORMED. */
    public static PepId parse(String uri) throws ProtocolException {
        Matcher m = PEP.matcher(uri == null ? "" : uri);
        if (!m.matches()) {
            throw new ProtocolException(Fault.CERT_MALFORMED, "not a PEP SPIFFE id (spiffe://<domain>/pep/<name>): " + uri);
        }
        return new PepId(m.group(1), m.group(2));
    }

    /**
     * The PEP id a certificate names, read without any check of the certificate: for a PEP that
     * names itself from its own credential; a verifier uses {@link AgentChainVerifier#verifyPep}.
     */
    public static PepId namedIn(byte[] certificateDer) throws ProtocolException {
        return parse(IdentityExtensions.singleUri(AgentChainVerifier.parse(certificateDer,
                AgentCertificateProfile.DEFAULT_MAX_CERTIFICATE_BYTES).getExtensions()));
    }

    public String uri() {
        return "spiffe://" + domain + "/pep/" + name;
    }

    @Override
    public String toString() {
        return uri();
    }
}

package dev.writ.cli;

import dev.writ.protocol.ProtocolException;
import dev.writ.protocol.identity.SpiffeId;

/** A domain named on the command line must be a SPIFFE trust domain, as its CA's root names it. */
final class DomainName {
    private DomainName() {
    }

    static void check(String domain) throws CaOutput.Refused {
        try {
            SpiffeId.parseTrustDomain(SpiffeId.trustDomainUri(domain));
        } catch (ProtocolException | IllegalArgumentException e) {
            throw new CaOutput.Refused("MALFORMED", "not a trust domain: '" + domain + "'");
        }
    }
}

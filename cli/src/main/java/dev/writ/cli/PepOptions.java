package dev.writ.cli;

import dev.writ.protocol.ProtocolException;
import java.io.IOException;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Option;

/**
 * Who redeems: the enforcement point (PEP), by its credential ({@code --pep-cert} and
 * {@code --pep-key}: a certificate naming {@code spiffe://<domain>/pep/<id>} and its key) or, while
 * nodes do not yet authenticate PEPs, by a bare {@code --pep-id}. The receipt names this id and the
 * PEP checks that it does.
 */
final class PepOptions {
    private static final Pattern PEP = Pattern.compile("spiffe://([a-z0-9][a-z0-9.-]{0,62})/pep/([A-Za-z0-9][A-Za-z0-9_.-]{0,127})");

    @ArgGroup(exclusive = false)
    private Credential credential;

    @Option(names = "--pep-id", paramLabel = "<id>", description = "the PEP's id, when it has no credential (unauthenticated)")
    private String pepId;

    static final class Credential {
        @Option(names = "--pep-cert", required = true, paramLabel = "<file>",
                description = "the PEP's certificate chain (PEM), naming spiffe://<domain>/pep/<id>")
        String cert;

        @Option(names = "--pep-key", required = true, paramLabel = "<file>", description = "the PEP's key (PKCS#8 PEM)")
        String key;
    }

    /**
     * The PEP as the node and the receipt name it: from its certificate, or --pep-id.
     *
     * @param credential the PEP's key and chain, checked to belong together; what an authenticated
     *                   redemption is signed with once the protocol carries it ({@link RedeemCommand})
     */
    record Pep(String id, Optional<String> domain, Optional<CertifiedKey> credential) {
    }

    Pep pep() throws ClientOutput.Failure, IOException, ProtocolException {
        if ((credential == null) == (pepId == null)) {
            throw ClientOutput.usage("MISSING_PEP", "name the PEP: --pep-cert and --pep-key, or --pep-id");
        }
        if (credential == null) {
            return new Pep(pepId, Optional.empty(), Optional.empty());
        }
        CertifiedKey pep = CertifiedKey.read(credential.key, credential.cert);
        Matcher m = PEP.matcher(pep.uri());
        if (!m.matches()) {
            throw ClientOutput.usage("CERT_MALFORMED", credential.cert + " names " + pep.uri()
                    + ", not a PEP (spiffe://<domain>/pep/<id>)");
        }
        return new Pep(m.group(2), Optional.of(m.group(1)), Optional.of(pep));
    }
}

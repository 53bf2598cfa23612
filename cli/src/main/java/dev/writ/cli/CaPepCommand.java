package dev.writ.cli;

import dev.writ.authority.ca.CaDirectory;
import dev.writ.authority.ca.CertificateAuthority;
import dev.writ.protocol.ProtocolException;
import dev.writ.protocol.crypto.KeyEncoding;
import dev.writ.protocol.crypto.SigningKey;
import dev.writ.protocol.identity.PepId;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import org.bouncycastle.cert.X509CertificateHolder;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * `writ ca pep`: an enforcement point's key and certificate, {@code spiffe://<domain>/pep/<id>}, from
 * the domain's intermediate (offline, like `writ ca issue`). A PEP signs its redemptions and
 * outcome reports with them (docs/trust-model.md, D58).
 */
@Command(name = "pep", mixinStandardHelpOptions = true,
        description = {"Make an enforcement point's (PEP's) key and certificate with the domain's intermediate CA.",
                "Writes the key owner-read-only (never overwritten) and the chain the PEP presents:",
                "use them with writ redeem --pep-cert <chain> --pep-key <key>, or PepCredential in the Java client."})
final class CaPepCommand extends CaStep {
    @Mixin
    private CaDirectoryOption ca;

    @Option(names = "--id", required = true, description = "the PEP's name in its domain: letters, digits, '_', '.' and '-'")
    private String id;

    @Option(names = "--key-out", required = true, paramLabel = "<file>", description = "where to write the new private key (PKCS#8 PEM)")
    private Path keyOut;

    @Option(names = "--out", required = true, paramLabel = "<file>", description = "where to write the chain (PEM)")
    private Path out;

    @Option(names = "--validity", defaultValue = "30d", converter = HoconDuration.class,
            description = "certificate lifetime (default ${DEFAULT-VALUE})")
    private Duration validity;

    @Override
    public void run(PrintWriter console) throws CaOutput.Refused, ProtocolException, IOException, InterruptedException {
        CaDirectory dir = ca.directory();
        CertificateAuthority authority = dir.load();
        PepId pep;
        try {
            pep = new PepId(authority.domain(), id);
        } catch (IllegalArgumentException e) {
            throw new CaOutput.Refused("MALFORMED", "--id: " + e.getMessage());
        }
        SigningKey key = SigningKey.generate();
        X509CertificateHolder leaf = authority.issuePep(pep, key.verifyingKey(), Instant.now(), validity);
        dir.record(leaf);
        CaOutput.writeOwnerOnly(keyOut, KeyEncoding.toPem(key));
        CaOutput.writeChain(out, authority.presentedChain(leaf));
        console.println("issued " + leaf.getSerialNumber().toString(16) + " to " + pep.uri() + " until "
                + leaf.getNotAfter().toInstant() + "; key in " + keyOut + ", chain in " + out);
    }
}

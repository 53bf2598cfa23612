package dev.writ.cli;

import dev.writ.authority.ca.TrustedRoots;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * `writ domain trust fingerprint`: the SHA-256 of a root certificate, which its owner reads to the
 * partners over a channel other than the one the PEM travelled on (phone, signed letter).
 */
@Command(name = "fingerprint", mixinStandardHelpOptions = true,
        description = {"Print the SHA-256 fingerprint of a root certificate (PEM), to compare out of band."})
final class DomainTrustFingerprintCommand extends CaStep {
    @Option(names = "--root", required = true, paramLabel = "<pem>",
            description = "the root certificate, e.g. <ca-dir>/root-ca.pem")
    private Path root;

    @Override
    public void run(PrintWriter console) throws CaOutput.Refused, IOException {
        try {
            console.println(TrustedRoots.fingerprint(TrustedRoots.readCertificate(root)));
        } catch (TrustedRoots.Refused e) {
            throw RootRefusals.of(e);
        }
    }
}

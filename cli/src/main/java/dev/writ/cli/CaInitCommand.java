package dev.writ.cli;

import dev.writ.authority.ca.CaDirectory;
import dev.writ.authority.ca.CertificateAuthority;
import dev.writ.protocol.ProtocolException;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** `writ ca init`: create a domain's root CA and the intermediate its nodes issue under. */
@Command(name = "init", mixinStandardHelpOptions = true,
        description = {"Create a domain's root CA and intermediate CA in a new directory.",
                "Move root-ca.key.pem offline afterwards: nothing in Writ reads it again."})
final class CaInitCommand extends CaStep {
    @Option(names = "--domain", required = true, description = "the domain (SPIFFE trust domain), e.g. acme")
    private String domain;

    @Option(names = "--out", required = true, paramLabel = "<dir>", description = "directory to create the CA in")
    private Path out;

    @Option(names = "--root-validity", defaultValue = "3650d", converter = HoconDuration.class,
            description = "root certificate lifetime (default ${DEFAULT-VALUE})")
    private Duration rootValidity;

    @Option(names = "--intermediate-validity", defaultValue = "730d", converter = HoconDuration.class,
            description = "intermediate certificate lifetime (default ${DEFAULT-VALUE})")
    private Duration intermediateValidity;

    @Override
    public void run(PrintWriter out) throws CaOutput.Refused, ProtocolException, IOException, InterruptedException {
        CertificateAuthority ca = CaDirectory.at(out()).init(domain, Instant.now(), rootValidity, intermediateValidity);
        out.println("created the CA of domain " + ca.domain() + " in " + out());
        out.println("  root:         " + ca.root().getSubject() + " until " + ca.root().getNotAfter().toInstant());
        out.println("  intermediate: " + ca.certificate().getSubject() + " until " + ca.certificate().getNotAfter().toInstant());
        out.println("move " + out().resolve(CaDirectory.ROOT_KEY) + " offline now; the node needs only the other files");
    }

    private Path out() {
        return out.toAbsolutePath();
    }
}

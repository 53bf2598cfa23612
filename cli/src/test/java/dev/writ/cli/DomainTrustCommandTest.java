package dev.writ.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * `writ domain trust` on a node's real trust store from `writ ca node-tls`: a partner root goes in
 * only with its own fingerprint, and as a root; the store lists both domains; the partner's root
 * comes out again, the node's own never.
 */
class DomainTrustCommandTest {
    @TempDir
    Path dir;

    private record Run(int exit, String out) {
    }

    private static Run run(String... args) {
        StringWriter out = new StringWriter();
        CommandLine cli = new CommandLine(new WritCommand());
        cli.setOut(new PrintWriter(out));
        cli.setErr(new PrintWriter(out));
        return new Run(cli.execute(args), out.toString());
    }

    @Test
    void aPartnerRootIsAddedOnlyByItsFingerprintAndRemovedAgain() throws Exception {
        assertThat(run("ca", "init", "--domain", "acme", "--out", dir.resolve("acme-ca").toString()).exit()).isZero();
        assertThat(run("ca", "init", "--domain", "globex", "--out", dir.resolve("globex-ca").toString()).exit()).isZero();
        assertThat(run("ca", "node-tls", "--ca", dir.resolve("acme-ca").toString(), "--node-id", "acme-1", "--out",
                dir.resolve("tls").toString()).exit()).isZero();
        String tls = dir.resolve("tls").resolve("acme-1-tls.conf").toString();
        String acmeRoot = dir.resolve("acme-ca").resolve("root-ca.pem").toString();
        String globexRoot = dir.resolve("globex-ca").resolve("root-ca.pem").toString();
        String acme = run("domain", "trust", "fingerprint", "--root", acmeRoot).out().strip();
        String globex = run("domain", "trust", "fingerprint", "--root", globexRoot).out().strip();
        assertThat(globex).matches("[0-9a-f]{64}").isNotEqualTo(acme);

        Run forged = run("domain", "trust", "add", "--tls-config", tls, "--root", globexRoot, "--fingerprint", acme);
        assertThat(forged.exit()).isEqualTo(CaCommand.REFUSED);
        assertThat(forged.out()).startsWith("REFUSED: FINGERPRINT_MISMATCH: ");
        String intermediate = dir.resolve("globex-ca").resolve("intermediate-ca.pem").toString();
        String intermediateFingerprint = run("domain", "trust", "fingerprint", "--root", intermediate).out().strip();
        Run notRoot = run("domain", "trust", "add", "--tls-config", tls, "--root", intermediate, "--fingerprint",
                intermediateFingerprint);
        assertThat(notRoot.out()).startsWith("REFUSED: NOT_A_ROOT: ");
        assertThat(run("domain", "trust", "list", "--tls-config", tls).out()).doesNotContain(globex);

        Run added = run("domain", "trust", "add", "--tls-config", tls, "--root", globexRoot, "--fingerprint",
                globex.toUpperCase().replaceAll("(..)(?!$)", "$1:"));
        assertThat(added.exit()).as(added.out()).isZero();
        assertThat(added.out()).startsWith("added the root of domain globex");
        assertThat(run("domain", "trust", "add", "--tls-config", tls, "--root", globexRoot, "--fingerprint", globex).out())
                .startsWith("already trusted:");
        assertThat(run("domain", "trust", "list", "--tls-config", tls).out().lines())
                .hasSize(2).first().asString().startsWith("acme " + acme);

        Run own = run("domain", "trust", "remove", "--tls-config", tls, "--fingerprint", acme);
        assertThat(own.out()).startsWith("REFUSED: OWN_ROOT: ");
        assertThat(run("domain", "trust", "remove", "--tls-config", tls, "--fingerprint", globex).exit()).isZero();
        assertThat(run("domain", "trust", "remove", "--tls-config", tls, "--fingerprint", globex).out())
                .startsWith("REFUSED: UNKNOWN_ROOT: ");
        assertThat(run("domain", "trust", "list", "--tls-config", tls).out().lines()).hasSize(1);
        assertThat(Files.list(dir.resolve("tls"))).noneMatch(p -> p.toString().endsWith(".next"));

        Run notTls = run("domain", "trust", "list", "--tls-config", acmeRoot);
        assertThat(notTls.out()).startsWith("REFUSED: MALFORMED: ");
    }
}

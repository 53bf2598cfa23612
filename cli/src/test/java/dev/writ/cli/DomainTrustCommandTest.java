package dev.writ.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * `writ domain trust` on a node's real trust store from `writ ca node-tls`: a partner root goes in
 * only with its own fingerprint, and as a root; the store lists both domains; the partner's root
 * comes out again, the node's own never.
 */
class DomainTrustCommandTest {
    @TempDir
    Path dir;

    @Test
    void aPartnerRootIsAddedOnlyByItsFingerprintAndRemovedAgain() throws Exception {
        assertThat(CliRun.of("ca", "init", "--domain", "acme", "--out", dir.resolve("acme-ca").toString()).exit()).isZero();
        assertThat(CliRun.of("ca", "init", "--domain", "globex", "--out", dir.resolve("globex-ca").toString()).exit()).isZero();
        assertThat(CliRun.of("ca", "node-tls", "--ca", dir.resolve("acme-ca").toString(), "--node-id", "acme-1", "--out",
                dir.resolve("tls").toString()).exit()).isZero();
        String tls = dir.resolve("tls").resolve("acme-1-tls.conf").toString();
        String acmeRoot = dir.resolve("acme-ca").resolve("root-ca.pem").toString();
        String globexRoot = dir.resolve("globex-ca").resolve("root-ca.pem").toString();
        String acme = CliRun.of("domain", "trust", "fingerprint", "--root", acmeRoot).out().strip();
        String globex = CliRun.of("domain", "trust", "fingerprint", "--root", globexRoot).out().strip();
        assertThat(globex).matches("[0-9a-f]{64}").isNotEqualTo(acme);

        CliRun forged = CliRun.of("domain", "trust", "add", "--tls-config", tls, "--root", globexRoot, "--fingerprint", acme);
        assertThat(forged.exit()).isEqualTo(CaCommand.REFUSED);
        assertThat(forged.out()).startsWith("REFUSED: FINGERPRINT_MISMATCH: ");
        String intermediate = dir.resolve("globex-ca").resolve("intermediate-ca.pem").toString();
        String intermediateFingerprint = CliRun.of("domain", "trust", "fingerprint", "--root", intermediate).out().strip();
        CliRun notRoot = CliRun.of("domain", "trust", "add", "--tls-config", tls, "--root", intermediate, "--fingerprint",
                intermediateFingerprint);
        assertThat(notRoot.out()).startsWith("REFUSED: NOT_A_ROOT: ");
        assertThat(CliRun.of("domain", "trust", "list", "--tls-config", tls).out()).doesNotContain(globex);

        CliRun added = CliRun.of("domain", "trust", "add", "--tls-config", tls, "--root", globexRoot, "--fingerprint",
                globex.toUpperCase().replaceAll("(..)(?!$)", "$1:"));
        assertThat(added.exit()).as(added.out()).isZero();
        assertThat(added.out()).startsWith("added the root of domain globex");
        assertThat(CliRun.of("domain", "trust", "add", "--tls-config", tls, "--root", globexRoot, "--fingerprint", globex).out())
                .startsWith("already trusted:");
        assertThat(CliRun.of("domain", "trust", "list", "--tls-config", tls).out().lines())
                .hasSize(2).first().asString().startsWith("acme " + acme);

        CliRun own = CliRun.of("domain", "trust", "remove", "--tls-config", tls, "--fingerprint", acme);
        assertThat(own.out()).startsWith("REFUSED: OWN_ROOT: ");
        assertThat(CliRun.of("domain", "trust", "remove", "--tls-config", tls, "--fingerprint", globex).exit()).isZero();
        assertThat(CliRun.of("domain", "trust", "remove", "--tls-config", tls, "--fingerprint", globex).out())
                .startsWith("REFUSED: UNKNOWN_ROOT: ");
        assertThat(CliRun.of("domain", "trust", "list", "--tls-config", tls).out().lines()).hasSize(1);
        try (var files = Files.list(dir.resolve("tls"))) {
            assertThat(files).as("no store left half written").noneMatch(p -> p.toString().endsWith(".next"));
        }

        CliRun notTls = CliRun.of("domain", "trust", "list", "--tls-config", acmeRoot);
        assertThat(notTls.out()).startsWith("REFUSED: MALFORMED: ");
    }
}

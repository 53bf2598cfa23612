package dev.writ.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.writ.protocol.crypto.KeyEncoding;
import dev.writ.protocol.crypto.SigningKey;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** `writ redeem`'s PEP: named by a certificate of spiffe://<domain>/pep/<id> with its own key, or by --pep-id. */
class PepOptionsTest {
    @TempDir
    Path dir;

    private Path ca;

    @BeforeEach
    void ca() {
        ca = dir.resolve("acme-ca");
        assertThat(new CommandLine(new WritCommand()).execute("ca", "init", "--domain", "acme", "--out", ca.toString())).isZero();
    }

    private static PepOptions.Pep pep(String... args) throws Exception {
        return CommandLine.populateCommand(new PepOptions(), args).pep();
    }

    @Test
    void aPepCertificateNamesThePepAndItsDomain() throws Exception {
        PepCredentials.issue(ca, "spiffe://acme/pep/gate-1", dir.resolve("pep.key"), dir.resolve("pep.pem"));
        PepOptions.Pep pep = pep("--pep-cert", dir.resolve("pep.pem").toString(), "--pep-key", dir.resolve("pep.key").toString());
        assertThat(pep.id()).isEqualTo("gate-1");
        assertThat(pep.domain()).contains("acme");
        assertThat(pep.credential()).isPresent();
        assertThat(pep("--pep-id", "gate-2").id()).isEqualTo("gate-2");
    }

    @Test
    void anAgentCertificateAnotherKeyOrNoPepAtAllIsRefusedBeforeAnythingIsSent() throws Exception {
        PepCredentials.issue(ca, "spiffe://acme/agent/bot", dir.resolve("bot.key"), dir.resolve("bot.pem"));
        assertThatThrownBy(() -> pep("--pep-cert", dir.resolve("bot.pem").toString(), "--pep-key", dir.resolve("bot.key").toString()))
                .isInstanceOf(ClientOutput.Failure.class).hasMessageContaining("not a PEP");

        PepCredentials.issue(ca, "spiffe://acme/pep/gate-1", dir.resolve("pep.key"), dir.resolve("pep.pem"));
        Files.writeString(dir.resolve("other.key"), KeyEncoding.toPem(SigningKey.generate()));
        assertThatThrownBy(() -> pep("--pep-cert", dir.resolve("pep.pem").toString(), "--pep-key", dir.resolve("other.key").toString()))
                .isInstanceOf(ClientOutput.Failure.class).hasMessageContaining("is not the key");

        assertThatThrownBy(() -> pep()).isInstanceOf(ClientOutput.Failure.class).hasMessageContaining("name the PEP");
        assertThatThrownBy(() -> pep("--pep-id", "gate-2", "--pep-cert", dir.resolve("pep.pem").toString(), "--pep-key",
                dir.resolve("pep.key").toString())).isInstanceOf(ClientOutput.Failure.class);
    }
}

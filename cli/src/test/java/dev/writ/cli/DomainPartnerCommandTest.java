package dev.writ.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.writ.node.exchange.PartnerRoster;
import dev.writ.node.exchange.PartnersFile;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** `writ domain partner add|remove|list` write a partners file the node reads as it wrote it. */
class DomainPartnerCommandTest {
    @TempDir
    Path dir;

    @Test
    void addListAndRemoveAPartnerWithTheTargetsItOwns() throws Exception {
        String file = dir.resolve("partners.conf").toString();
        assertThat(CliRun.of("domain", "partner", "add", "--partners-file", file, "--domain", "globex",
                "--owns", "globex-ledger", "--owns", "globex-payments").exit()).isZero();
        assertThat(CliRun.of("domain", "partner", "add", "--partners-file", file, "--domain", "initech").exit()).isZero();
        PartnerRoster.Roster read = PartnersFile.read(Path.of(file), "acme");
        assertThat(read.partners()).containsExactlyInAnyOrder("globex", "initech");
        assertThat(read.targetOwners()).containsEntry("globex-ledger", "globex").containsEntry("globex-payments", "globex");
        assertThat(CliRun.of("domain", "partner", "list", "--partners-file", file).out())
                .contains("globex owns globex-ledger, globex-payments", "initech");

        assertThat(CliRun.of("domain", "partner", "remove", "--partners-file", file, "--domain", "globex").exit()).isZero();
        read = PartnersFile.read(Path.of(file), "acme");
        assertThat(read.partners()).containsExactly("initech");
        assertThat(read.targetOwners()).isEmpty();
    }

    @Test
    void refusesWhatWouldMakeTheListWrongOrUnreadable() throws Exception {
        String file = dir.resolve("partners.conf").toString();
        CliRun bad = CliRun.of("domain", "partner", "add", "--partners-file", file, "--domain", "Globex Corp");
        assertThat(bad.exit()).isEqualTo(CaCommand.REFUSED);
        assertThat(bad.out()).startsWith("REFUSED: MALFORMED");
        CliRun.of("domain", "partner", "add", "--partners-file", file, "--domain", "globex", "--owns", "ledger");
        CliRun taken = CliRun.of("domain", "partner", "add", "--partners-file", file, "--domain", "initech", "--owns", "ledger");
        assertThat(taken.out()).startsWith("REFUSED: TARGET_OWNED");
        assertThat(CliRun.of("domain", "partner", "remove", "--partners-file", file, "--domain", "initech").out())
                .startsWith("REFUSED: NOT_A_PARTNER");
        Files.writeString(Path.of(file), "partners = [globex\n");
        assertThat(CliRun.of("domain", "partner", "list", "--partners-file", file).out()).startsWith("REFUSED: PARTNERS_FILE_INVALID");
    }
}

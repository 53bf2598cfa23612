package dev.writ.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** `writ fabric`: a bad topology file is a usage error that says where, before anything starts. */
class FabricCommandTest {
    @TempDir
    Path dir;

    @Test
    void aTopologyFileWithAnUnknownRegionIsRefusedWithItsLineAndNothingStarts() throws Exception {
        Path file = dir.resolve("t.conf");
        Files.writeString(file, """
                regions = [eu]
                domains = [ { name = acme, regions = [ { region = us, nodes = 1 } ], database { primary = us } } ]
                """);

        CliRun run = CliRun.of("fabric", "--topology", file.toString(), "--out", dir.resolve("out").toString());

        assertThat(run.exit()).isEqualTo(2);
        assertThat(run.out()).contains("t.conf: 2:", "region us, which is not in 'regions' [eu]");
        assertThat(dir.resolve("out")).doesNotExist();
    }

    @Test
    void theTopologyIsRequiredAndAMissingFileIsAUsageError() {
        assertThat(CliRun.of("fabric").exit()).isEqualTo(2);
        CliRun missing = CliRun.of("fabric", "--topology", dir.resolve("none.conf").toString());
        assertThat(missing.exit()).isEqualTo(2);
        assertThat(missing.out()).contains("does not exist");
    }
}

package dev.writ.node.console;

import static dev.writ.node.console.LoginCodesTest.assertRefused;
import static org.assertj.core.api.Assertions.assertThat;

import dev.writ.node.refusal.RefusalCode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DrillReportsTest {
    @TempDir
    Path dir;

    @Test
    void aRunsFilesAreListedAndReadAndNothingOutsideTheDirectoryIs() throws Exception {
        Path reports = Files.createDirectories(dir.resolve("reports"));
        Path run = Files.createDirectories(reports.resolve("kill-1"));
        Files.writeString(run.resolve("report.html"), "<h1>held</h1>");
        Files.writeString(run.resolve(".hidden"), "no");
        Files.writeString(dir.resolve("secret.txt"), "outside");
        Files.createSymbolicLink(run.resolve("escape.txt"), dir.resolve("secret.txt"));
        Files.createSymbolicLink(reports.resolve("linked-run"), dir);
        DrillReports drills = new DrillReports(Optional.of(reports), 1024);

        assertThat(drills.list().toString())
                .isEqualTo("{\"configured\":true,\"runs\":[{\"name\":\"kill-1\",\"files\":[\"report.html\"]}]}");
        assertThat(new String(drills.read("kill-1", "report.html").bytes())).isEqualTo("<h1>held</h1>");
        for (String[] escape : new String[][] {{"kill-1", "escape.txt"}, {"linked-run", "secret.txt"}, {"..", "secret.txt"},
                {"kill-1", ".hidden"}, {"kill-1", "../../secret.txt"}, {"kill-1", "missing.html"}}) {
            assertRefused(() -> drills.read(escape[0], escape[1]), RefusalCode.NOT_FOUND);
        }
    }

    @Test
    void aFileAboveTheBoundIsNotServed() throws Exception {
        Path run = Files.createDirectories(dir.resolve("big"));
        Files.write(run.resolve("history.jsonl"), new byte[2048]);
        assertRefused(() -> new DrillReports(Optional.of(dir), 1024).read("big", "history.jsonl"), RefusalCode.NOT_FOUND);
    }

    @Test
    void withoutADirectoryNothingIsListed() {
        assertThat(new DrillReports(Optional.empty(), 1024).list().toString()).isEqualTo("{\"configured\":false,\"runs\":[]}");
    }
}

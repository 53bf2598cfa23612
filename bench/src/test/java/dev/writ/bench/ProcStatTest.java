package dev.writ.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ProcStatTest {
    // a real line of /proc/<pid>/stat (a postgres backend), utime 1234 and stime 567 in fields 14 and 15
    private static final String POSTGRES = "2209 (postgres) S 1 2209 2209 0 -1 4194560 12345 0 10 0 1234 567 8 9 20 0 1 0 "
            + "1733 225472512 7211 18446744073709551615 1 1 0 0 0 0 0 4096 16898 0 0 0 17 1 0 0 0 0 0";

    @Test
    void cpuIsUtimePlusStimeCountedAfterTheName() {
        ProcStat s = ProcStat.parse(POSTGRES);

        assertThat(s.pid()).isEqualTo(2209);
        assertThat(s.comm()).isEqualTo("postgres");
        assertThat(s.ticks()).isEqualTo(1234 + 567);
    }

    @Test
    void aNameWithSpacesAndParenthesesDoesNotShiftTheFields() {
        ProcStat s = ProcStat.parse(POSTGRES.replace("(postgres)", "(Web (Content) x)"));

        assertThat(s.comm()).isEqualTo("Web (Content) x");
        assertThat(s.ticks()).isEqualTo(1801);
    }

    @Test
    void refusesWhatIsNotAStatLine() {
        assertThatThrownBy(() -> ProcStat.parse("hello")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> ProcStat.parse("12 (java) S 1 2")).hasMessageContaining("too few fields");
    }

    @Test
    void thisJvmReadsItsOwnStat() {
        assertThat(ProcStat.read(ProcessHandle.current().pid())).hasValueSatisfying(s -> assertThat(s.ticks()).isPositive());
        assertThat(ProcStat.read(Long.MAX_VALUE)).isEmpty();
    }

    @Test
    void ticksSinceCountNewProcessesWholeAndExitedOnesNot() {
        CpuSnapshot before = new CpuSnapshot(Map.of(1L, 100L, 2L, 50L));
        CpuSnapshot after = new CpuSnapshot(Map.of(1L, 130L, 3L, 7L)); // 2 exited, 3 started

        assertThat(after.since(before)).isEqualTo(30 + 7);
    }

    @Test
    void processesAreFoundByCommandName(@TempDir Path proc) throws Exception {
        stat(proc, 10, POSTGRES.replace("2209 (", "10 ("));
        stat(proc, 11, POSTGRES.replace("2209 (postgres)", "11 (java)"));
        stat(proc, 12, POSTGRES.replace("2209 (", "12 (").replace(" 1234 567 ", " 1 2 "));
        Files.createDirectories(proc.resolve("self"));

        assertThat(CpuSnapshot.ofCommand(proc, "postgres").ticksByPid()).containsOnly(Map.entry(10L, 1801L), Map.entry(12L, 3L));
        assertThat(CpuSnapshot.of(List.of(Long.MAX_VALUE)).ticksByPid()).isEmpty();
    }

    @Test
    void clockTicksBecomeMicroseconds() {
        assertThat(new CpuClock(100).micros(3)).isEqualTo(30_000.0);
        assertThatThrownBy(() -> new CpuClock(0)).hasMessageContaining("positive");
    }

    private static void stat(Path proc, long pid, String line) throws Exception {
        Path dir = Files.createDirectories(proc.resolve(Long.toString(pid)));
        Files.writeString(dir.resolve("stat"), line + "\n");
    }
}

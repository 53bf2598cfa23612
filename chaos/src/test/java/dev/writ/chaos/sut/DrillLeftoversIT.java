package dev.writ.chaos.sut;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A drill killed halfway leaves its processes, its PostgreSQL, namespaces and links; the next
 * drill removes exactly those, once their drill is gone, and leaves a drill that still runs, and
 * any name not of the drills' own form, alone. Real processes, a real PostgreSQL of its own, and
 * (as root with iproute2) a real namespace and bridge; a registry of the test's own.
 */
class DrillLeftoversIT {
    private final Path base = Path.of("target", "leftovers-" + UUID.randomUUID()).toAbsolutePath();
    private final Path registry = base.resolve("registry");
    private Process liveMark;

    @AfterEach
    void stopLive() {
        if (liveMark != null) {
            liveMark.destroyForcibly();
        }
    }

    @Test
    @Timeout(120)
    void theLeftoversOfADrillThatIsGoneAreRemovedAndARunningDrillIsLeftAlone() throws Exception {
        // a drill whose JVM was killed: its owner process is gone
        Process owner = new ProcessBuilder("sleep", "60").start();
        Path deadWork = base.resolve("dead/sut");
        DrillState dead = DrillState.begin(deadWork, owner.toHandle(), registry);
        PrivatePostgres.start("127.0.0.1", dead);
        Process node = mark(deadWork); // a node JVM: its command line names the drill's work directory
        Process tail = bystander(deadWork);
        String tag = String.format("%04x", new SecureRandom().nextInt(0x10000));
        boolean network = NetworkLab.available();
        if (network) {
            dead.record(DrillState.NETNS, "w" + tag + "n0");
            Commands.run(List.of("ip", "netns", "add", "w" + tag + "n0"));
            dead.record(DrillState.LINK, "wbr" + tag);
            Commands.run(List.of("ip", "link", "add", "wbr" + tag, "type", "bridge"));
        }
        dead.record(DrillState.LINK, "notadrill0"); // a tampered record: not a name a drill makes
        owner.destroyForcibly();
        owner.waitFor(10, TimeUnit.SECONDS);

        // a drill that still runs: this JVM
        Path liveWork = base.resolve("live/sut");
        DrillState.begin(liveWork, ProcessHandle.current(), registry);
        liveMark = mark(liveWork);

        DrillLeftovers.Report report = DrillLeftovers.removeAbandoned(registry);

        assertThat(node.waitFor(10, TimeUnit.SECONDS)).as("the dead drill's process is gone").isTrue();
        assertThat(tail.isAlive()).as("a process that is not a drill's program").isTrue();
        tail.destroyForcibly();
        assertThat(report.removed()).anyMatch(r -> r.startsWith("PostgreSQL in ") && r.contains("stopped"))
                .anyMatch(r -> r.startsWith("process " + node.pid() + " killed"))
                .anyMatch(r -> r.startsWith("PostgreSQL directory ") && r.contains("deleted"));
        try (var left = Files.list(registry)) {
            assertThat(left.toList()).as("only the running drill's record is left").hasSize(1);
        }
        assertThat(deadWork.resolve(DrillState.FILE)).doesNotExist();
        assertThat(report.running()).singleElement().asString().contains(liveWork.toString());
        assertThat(liveMark.isAlive()).as("the running drill's process").isTrue();
        assertThat(report.problems()).singleElement().asString().contains("notadrill0");
        if (network) {
            assertThat(Commands.attempt(List.of("ip", "netns", "list")).output()).doesNotContain("w" + tag + "n0");
            assertThat(Commands.attempt(List.of("ip", "link", "show", "wbr" + tag)).exitCode()).isNotZero();
            assertThat(report.removed()).anyMatch(r -> r.startsWith("network namespace w" + tag + "n0 deleted"))
                    .anyMatch(r -> r.startsWith("link wbr" + tag + " deleted"));
        }

        assertThat(DrillLeftovers.removeAbandoned(registry).removed()).as("a second pass finds nothing more").isEmpty();
    }

    /** A JVM whose command line names a file in {@code workDir}, as a drill's node JVMs do. */
    private static Process mark(Path workDir) throws Exception {
        Path source = workDir.resolve("Idle.java");
        Files.createDirectories(workDir);
        Files.writeString(source, "class Idle { public static void main(String[] a) throws Exception { Thread.sleep(600_000); } }");
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        return new ProcessBuilder(java.toString(), "-Xmx32m", source.toString()).start();
    }

    /** A process in the work directory that is not one of a drill's programs (an operator's tail of a log). */
    private static Process bystander(Path workDir) throws Exception {
        Path log = workDir.resolve("node.log");
        Files.writeString(log, "");
        return new ProcessBuilder("tail", "-f", log.toString()).start();
    }
}

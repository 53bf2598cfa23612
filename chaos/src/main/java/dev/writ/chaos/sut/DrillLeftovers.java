package dev.writ.chaos.sut;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

/**
 * Removes what drills that did not tear down left behind (a drill killed, a machine that lost
 * power): their node and chain processes, their PostgreSQL, network namespaces and links. Only
 * what a drill wrote down in its {@link DrillState} is touched, only once the drill that wrote it
 * is gone (its pid dead, or alive with another start time), and only names of the drills' own
 * forms: a drill running beside, or anything else on the machine, is never touched. Run before
 * every drill and by {@code writ drill --cleanup}.
 */
public final class DrillLeftovers {
    /** NetworkLab's names: namespaces w<tag>n<i>, veths wv<tag><i>, the bridge wbr<tag>. */
    private static final Pattern NETNS = Pattern.compile("w[0-9a-f]{4}n[0-9]{1,3}");
    private static final Pattern LINK = Pattern.compile("(wbr[0-9a-f]{4}|wv[0-9a-f]{4}[0-9]{1,3})");
    /** The programs a drill runs: node JVMs, anvil, PostgreSQL. A shell or a `tail` in its directory is not one. */
    private static final Set<String> PROGRAMS = Set.of("java", "anvil", "postgres");

    private DrillLeftovers() {
    }

    /** What one pass found: what it removed, and the drills it left alone because they still run. */
    public record Report(List<String> removed, List<String> running, List<String> problems) {
        /** One line per finding, for the drill's progress and `writ drill --cleanup`. */
        public List<String> lines() {
            List<String> lines = new ArrayList<>();
            removed.forEach(r -> lines.add("leftover removed: " + r));
            running.forEach(r -> lines.add("left alone: " + r));
            problems.forEach(p -> lines.add("leftover NOT removed: " + p));
            return lines;
        }
    }

    /** Removes the leftovers of every drill in the machine's registry that no longer runs. */
    public static Report removeAbandoned() {
        return removeAbandoned(DrillState.registry());
    }

    static Report removeAbandoned(Path registry) {
        List<String> removed = new ArrayList<>();
        List<String> running = new ArrayList<>();
        List<String> problems = new ArrayList<>();
        if (!Files.isDirectory(registry)) {
            return new Report(removed, running, problems);
        }
        try (DirectoryStream<Path> pointers = Files.newDirectoryStream(registry, "*.path")) {
            for (Path pointer : pointers) {
                DrillState.Recorded drill;
                try {
                    drill = DrillState.Recorded.read(pointer);
                } catch (IOException | RuntimeException e) {
                    problems.add("unreadable drill record " + pointer + " (left as it is): " + e.getMessage());
                    continue;
                }
                if (drill.ownerAlive()) {
                    running.add("drill of pid " + drill.ownerPid() + " in " + drill.workDir() + " still runs");
                    continue;
                }
                remove(drill, removed, problems);
            }
        } catch (IOException e) {
            problems.add("cannot list the drill registry " + registry + ": " + e.getMessage());
        }
        return new Report(removed, running, problems);
    }

    private static void remove(DrillState.Recorded drill, List<String> removed, List<String> problems) {
        String whose = " (drill of pid " + drill.ownerPid() + " in " + drill.workDir() + ")";
        Optional<Path> pgDir = drill.postgresDir().filter(DrillLeftovers::isDrillPostgresDir);
        drill.postgresDir().filter(d -> pgDir.isEmpty()).ifPresent(d ->
                problems.add("not a drill PostgreSQL directory, left alone: " + d + whose));
        if (pgDir.isPresent() && drill.postgresBin().isPresent() && Files.exists(pgDir.get().resolve("data/postmaster.pid"))) {
            Commands.Result r = Commands.attempt(PrivatePostgres.asServerUser(List.of(
                    drill.postgresBin().get().resolve("pg_ctl").toString(), "-D", pgDir.get().resolve("data").toString(),
                    "-m", "immediate", "-w", "stop")));
            if (r.exitCode() == 0) {
                removed.add("PostgreSQL in " + pgDir.get() + " stopped" + whose);
            }
        }
        // its node JVMs, anvil and PostgreSQL: the drill's programs whose command line names its directories
        List<String> marks = new ArrayList<>(List.of(drill.workDir() + "/"));
        pgDir.ifPresent(d -> marks.add(d + "/"));
        for (ProcessHandle p : ProcessHandle.allProcesses().toList()) {
            if (p.pid() == ProcessHandle.current().pid()) {
                continue;
            }
            Optional<String> line = p.info().commandLine();
            boolean program = p.info().command().map(c -> Path.of(c).getFileName().toString()).filter(PROGRAMS::contains)
                    .isPresent();
            if (program && line.isPresent() && marks.stream().anyMatch(m -> line.get().contains(m))) {
                p.destroyForcibly();
                try {
                    p.onExit().get(10, TimeUnit.SECONDS);
                    removed.add("process " + p.pid() + " killed: " + abbreviate(line.get()) + whose);
                } catch (Exception e) {
                    problems.add("process " + p.pid() + " did not exit after SIGKILL: " + abbreviate(line.get()) + whose);
                }
            }
        }
        for (String ns : drill.namespaces()) {
            deleteNamed(ns, NETNS, List.of("ip", "netns", "del", ns), "network namespace", whose, removed, problems);
        }
        for (String link : drill.links()) {
            deleteNamed(link, LINK, List.of("ip", "link", "del", link), "link", whose, removed, problems);
        }
        pgDir.filter(Files::exists).ifPresent(d -> {
            PrivatePostgres.deleteTree(d);
            removed.add("PostgreSQL directory " + d + " deleted" + whose);
        });
        try {
            Files.deleteIfExists(drill.file());
            Files.deleteIfExists(drill.pointer());
        } catch (IOException e) {
            problems.add("cannot delete the drill record " + drill.pointer() + ": " + e.getMessage());
        }
    }

    private static void deleteNamed(String name, Pattern form, List<String> command, String what, String whose,
                                    List<String> removed, List<String> problems) {
        if (!form.matcher(name).matches()) {
            problems.add("not a drill " + what + " name, left alone: " + name + whose);
            return;
        }
        // absent already (the drill got that far in its teardown, or never made it): nothing to say
        if (Commands.attempt(command).exitCode() == 0) {
            removed.add(what + " " + name + " deleted" + whose);
        }
    }

    /** A directory PrivatePostgres made: writ-drill-pg-* directly under the temporary directory. */
    private static boolean isDrillPostgresDir(Path dir) {
        Path tmp = Path.of(System.getProperty("java.io.tmpdir")).toAbsolutePath().normalize();
        Path d = dir.toAbsolutePath().normalize();
        return tmp.equals(d.getParent()) && d.getFileName().toString().startsWith(PrivatePostgres.DIR_PREFIX);
    }

    private static String abbreviate(String line) {
        return line.length() <= 160 ? line : line.substring(0, 157) + "...";
    }
}

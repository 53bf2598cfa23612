package dev.writ.chaos.sut;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Properties;

/**
 * What a running drill has made that would outlive its JVM were it killed: network namespaces,
 * links, its PostgreSQL's directory, and (implicitly) every process whose command line names its
 * work directory. Each thing is written down <em>before</em> it is made, in {@value #FILE} under
 * the drill's work directory, with the drill's own process (pid and start time); a pointer to that
 * file in the machine's drill registry ({@code <java.io.tmpdir>/writ-drills/}) lets the next drill,
 * or {@code writ drill --cleanup}, find it ({@link DrillLeftovers}). A drill that tears down
 * cleanly deletes both ({@link #close}).
 */
public final class DrillState implements AutoCloseable {
    static final String FILE = "drill-state.properties";
    static final String OWNER_PID = "owner.pid";
    static final String OWNER_START = "owner.start";
    static final String WORK_DIR = "work.dir";
    static final String NETNS = "netns";
    static final String LINK = "link";
    static final String POSTGRES_DIR = "postgres.dir";
    static final String POSTGRES_BIN = "postgres.bin";

    private final Path file;
    private final Path pointer;
    private final Properties properties;

    private DrillState(Path file, Path pointer, Properties properties) {
        this.file = file;
        this.pointer = pointer;
        this.properties = properties;
    }

    /** The machine's drill registry: one pointer file per drill that has not torn down. */
    public static Path registry() {
        return Path.of(System.getProperty("java.io.tmpdir"), "writ-drills");
    }

    /** Starts the record of the drill this JVM runs in {@code workDir}. */
    public static DrillState begin(Path workDir) {
        return begin(workDir, ProcessHandle.current(), registry());
    }

    /** As {@link #begin(Path)}, owned by {@code owner}: tests make drills whose owner is gone. */
    static DrillState begin(Path workDir, ProcessHandle owner, Path registry) {
        Path dir = workDir.toAbsolutePath().normalize();
        Properties p = new Properties();
        p.setProperty(OWNER_PID, Long.toString(owner.pid()));
        p.setProperty(OWNER_START, owner.info().startInstant().map(Instant::toString).orElse(""));
        p.setProperty(WORK_DIR, dir.toString());
        try {
            Files.createDirectories(dir);
            Files.createDirectories(registry);
            Path pointer = registry.resolve(owner.pid() + "-" + Long.toHexString(System.nanoTime()) + ".path");
            DrillState state = new DrillState(dir.resolve(FILE), pointer, p);
            state.save();
            Files.writeString(pointer, state.file.toString(), StandardCharsets.UTF_8);
            return state;
        } catch (IOException e) {
            throw new DrillSetupException("cannot record the drill's state under " + dir + ": " + e.getMessage(), e);
        }
    }

    /** Adds {@code value} to the list under {@code key} and writes the file, before the thing is made. */
    public synchronized void record(String key, String value) {
        String now = properties.getProperty(key, "");
        properties.setProperty(key, now.isEmpty() ? value : now + "," + value);
        save();
    }

    /** The drill tore down cleanly: nothing of it is left to find. */
    @Override
    public synchronized void close() {
        try {
            Files.deleteIfExists(pointer);
            Files.deleteIfExists(file);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete the drill's state " + file, e);
        }
    }

    private void save() {
        Path next = file.resolveSibling(FILE + ".next");
        try (Writer w = Files.newBufferedWriter(next, StandardCharsets.UTF_8)) {
            properties.store(w, "what this drill made; see chaos/README.md, \"Leftovers\"");
        } catch (IOException e) {
            throw new DrillSetupException("cannot write the drill's state " + file + ": " + e.getMessage(), e);
        }
        try {
            Files.move(next, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new DrillSetupException("cannot write the drill's state " + file + ": " + e.getMessage(), e);
        }
    }

    /** A recorded state as the registry's pointer names it, read back by {@link DrillLeftovers}. */
    record Recorded(Path pointer, Path file, long ownerPid, String ownerStart, Path workDir, List<String> namespaces,
                    List<String> links, Optional<Path> postgresDir, Optional<Path> postgresBin) {

        static Recorded read(Path pointer) throws IOException {
            Path file = Path.of(Files.readString(pointer, StandardCharsets.UTF_8).strip());
            if (!file.isAbsolute() || !file.getFileName().toString().equals(FILE)) {
                throw new IOException("pointer " + pointer + " does not name a " + FILE + ": " + file);
            }
            Properties p = new Properties();
            try (Reader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
                p.load(r);
            }
            long pid;
            try {
                pid = Long.parseLong(p.getProperty(OWNER_PID, ""));
            } catch (NumberFormatException e) {
                throw new IOException(file + " names no owner pid", e);
            }
            Path workDir = Path.of(p.getProperty(WORK_DIR, ""));
            if (!workDir.isAbsolute() || !file.getParent().equals(workDir)) {
                throw new IOException(file + " is not in the work directory it names (" + workDir + ")");
            }
            return new Recorded(pointer, file, pid, p.getProperty(OWNER_START, ""), workDir, list(p, NETNS), list(p, LINK),
                    list(p, POSTGRES_DIR).stream().findFirst().map(Path::of),
                    list(p, POSTGRES_BIN).stream().findFirst().map(Path::of));
        }

        private static List<String> list(Properties p, String key) {
            String v = p.getProperty(key, "");
            return v.isEmpty() ? List.of() : new ArrayList<>(Arrays.asList(v.split(",")));
        }

        /** Whether the drill that wrote this still runs: its pid alive and started when it was. */
        boolean ownerAlive() {
            return ProcessHandle.of(ownerPid).filter(ProcessHandle::isAlive)
                    .map(h -> h.info().startInstant().map(Instant::toString).orElse("").equals(ownerStart))
                    .orElse(false);
        }
    }
}

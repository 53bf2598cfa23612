package dev.writ.node.console;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.writ.node.refusal.Refusal;
import dev.writ.node.refusal.RefusalCode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The drill reports on disk (`writ drill --out`, under {@code writ.console.drill-reports}), read-only:
 * each run's directory and its files. A file is named by run and file name, each a plain name
 * (no separators, no leading dot), and must resolve, symbolic links followed, to a regular file
 * directly inside its run inside the configured directory; anything else is NOT_FOUND, never read.
 */
final class DrillReports {
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9_][A-Za-z0-9._-]{0,127}");

    /** A file to serve: its bytes and its name (the content type follows from it). */
    record File(String name, byte[] bytes) {
    }

    private final Optional<Path> root;
    private final long maxBytes;

    DrillReports(Optional<Path> root, long maxBytes) {
        this.root = root;
        this.maxBytes = maxBytes;
    }

    ObjectNode list() {
        ObjectNode o = ConsoleJson.object().put("configured", root.isPresent());
        ArrayNode runs = o.putArray("runs");
        if (root.isEmpty() || !Files.isDirectory(root.get())) {
            return o;
        }
        for (Path run : children(root.get())) {
            if (!Files.isDirectory(run, LinkOption.NOFOLLOW_LINKS) || !NAME.matcher(run.getFileName().toString()).matches()) {
                continue;
            }
            ObjectNode r = runs.addObject().put("name", run.getFileName().toString());
            ArrayNode files = r.putArray("files");
            for (Path f : children(run)) {
                if (Files.isRegularFile(f, LinkOption.NOFOLLOW_LINKS) && NAME.matcher(f.getFileName().toString()).matches()) {
                    files.add(f.getFileName().toString());
                }
            }
        }
        return o;
    }

    File read(String run, String name) throws Refusal {
        if (root.isEmpty() || !NAME.matcher(run).matches() || !NAME.matcher(name).matches()) {
            throw notFound(run, name);
        }
        try {
            Path base = root.get().toRealPath();
            Path file = base.resolve(run).resolve(name).toRealPath();
            if (!file.getParent().getParent().equals(base) || !Files.isRegularFile(file) || Files.size(file) > maxBytes) {
                throw notFound(run, name);
            }
            return new File(name, Files.readAllBytes(file));
        } catch (IOException e) {
            throw notFound(run, name);
        }
    }

    private static Refusal notFound(String run, String name) {
        return new Refusal(RefusalCode.NOT_FOUND, "", "no drill report file " + run + "/" + name);
    }

    private static List<Path> children(Path dir) {
        try (Stream<Path> s = Files.list(dir)) {
            return s.sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + dir, e);
        }
    }
}

package dev.writ.chaos.history;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * A drill's history on disk: one {@link Event} per line as JSON, flushed as it is written, so a
 * drill that dies midway leaves what it saw, and {@code writ drill --check} can check it again.
 * Appending is thread-safe and assigns each event its index and time.
 */
public final class HistoryFile implements AutoCloseable {
    static final ObjectMapper JSON = new ObjectMapper().configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);

    private final BufferedWriter out;
    private final long startNanos;
    private final List<Event> events = new ArrayList<>();
    private final Consumer<Event> listener;

    private HistoryFile(BufferedWriter out, long startNanos, Consumer<Event> listener) {
        this.out = out;
        this.startNanos = startNanos;
        this.listener = listener;
    }

    /** Starts a new history at {@code file}; the drill's clock starts now. */
    public static HistoryFile create(Path file, Consumer<Event> listener) {
        try {
            return new HistoryFile(Files.newBufferedWriter(file, StandardCharsets.UTF_8, StandardOpenOption.CREATE,
                    StandardOpenOption.TRUNCATE_EXISTING), System.nanoTime(), listener);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the history " + file, e);
        }
    }

    /** Microseconds since the drill started. */
    public long now() {
        return (System.nanoTime() - startNanos) / 1_000;
    }

    /** Appends an event (its index and time are assigned here) and returns it. */
    public Event append(String process, EventType type, String f, String node, String key, String jti, String value) {
        return append(process, type, f, node, key, jti, value, null);
    }

    /** Appends an event that names a policy version ({@link Event#policy}), and returns it. */
    public Event append(String process, EventType type, String f, String node, String key, String jti, String value,
                        Long policy) {
        return append(process, type, f, node, key, jti, value, policy, null, null, null);
    }

    /** Appends a client's invocation that depends on domain {@code dependsOn} ({@link Event#dependsOn}; may be null). */
    public Event invoke(String process, String f, String node, String key, String dependsOn) {
        return append(process, EventType.INVOKE, f, node, key, null, null, null, dependsOn, null, null);
    }

    /** Appends the nemesis's completion of {@code f} ({@code start} or {@code heal}): which fault, what came of it. */
    public Event nemesis(String f, String node, String description, FaultKind fault, FaultOutcome outcome) {
        return append(Event.NEMESIS, EventType.INFO, f, node, null, null, description, null, null, fault, outcome);
    }

    private synchronized Event append(String process, EventType type, String f, String node, String key, String jti,
                                      String value, Long policy, String dependsOn, FaultKind fault,
                                      FaultOutcome outcome) {
        Event e = new Event(events.size(), now(), process, type, f, node, key, jti, value, policy, dependsOn, fault,
                outcome);
        events.add(e);
        try {
            out.write(JSON.writeValueAsString(e));
            out.write('\n');
            out.flush();
        } catch (IOException ex) {
            throw new UncheckedIOException("cannot append to the history", ex);
        }
        listener.accept(e);
        return e;
    }

    public synchronized List<Event> events() {
        return List.copyOf(events);
    }

    @Override
    public synchronized void close() {
        try {
            out.close();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot close the history", e);
        }
    }

    /**
     * Reads a history written by {@link #create}; a torn last line (the writer died mid-line) is skipped.
     * A history recorded before nemesis events named their fault kind and outcome is refused: its
     * faults could only be told apart by their descriptions, which checkers no longer read.
     */
    public static List<Event> read(Path file) {
        List<String> lines;
        try {
            lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the history " + file, e);
        }
        List<Event> out = new ArrayList<>(lines.size());
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i).strip();
            if (line.isEmpty()) {
                continue;
            }
            try {
                out.add(JSON.readValue(line, Event.class));
            } catch (IOException e) {
                if (i == lines.size() - 1) {
                    break;
                }
                throw new IllegalArgumentException(file + " line " + (i + 1) + " is not a history event: " + e.getMessage(), e);
            }
        }
        return out;
    }
}

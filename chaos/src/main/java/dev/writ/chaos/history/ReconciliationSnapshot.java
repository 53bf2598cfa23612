package dev.writ.chaos.history;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * Every node's reconciliation digest at one cut after healing ({@code GET /v1/reconciliation?at=}),
 * written beside the history ({@code reconciliation.json}) so the digest check runs again on it.
 *
 * @param cut     per domain, the envelope number up to which every node's chain is whole
 * @param digests per node, its hex digest at the cut ("" when it did not reach it)
 */
public record ReconciliationSnapshot(Map<String, Long> cut, Map<String, String> digests) {
    public ReconciliationSnapshot {
        cut = Map.copyOf(new TreeMap<>(Objects.requireNonNull(cut, "cut")));
        digests = Map.copyOf(new TreeMap<>(Objects.requireNonNull(digests, "digests")));
    }

    public void write(Path file) {
        try {
            HistoryFile.JSON.writerWithDefaultPrettyPrinter().writeValue(file.toFile(), this);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the reconciliation snapshot " + file, e);
        }
    }

    public static ReconciliationSnapshot read(Path file) {
        try {
            return HistoryFile.JSON.readValue(Files.readAllBytes(file), ReconciliationSnapshot.class);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the reconciliation snapshot " + file, e);
        }
    }
}

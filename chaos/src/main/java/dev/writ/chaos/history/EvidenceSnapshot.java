package dev.writ.chaos.history;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;

/**
 * The domain's evidence as the drill read it from the database after healing: every record of
 * {@code writ_evidence} and the domain's node keys of {@code writ_domain_keys}. Written beside the
 * history ({@code evidence.json}) so the evidence checkers run again on exactly what was seen.
 *
 * @param keys the domain's Ed25519 public keys, raw 32 bytes as base64
 */
public record EvidenceSnapshot(String domain, List<String> keys, List<Row> records) {

    /**
     * One stored record: where it sits and what it is about (as the database indexes it), and the
     * signed record bytes (base64 of {@code writ.v1.EvidenceRecord}) the chain checker verifies.
     */
    public record Row(String lane, long seq, String kind, String subject, String node, String record) {
        public Row {
            Objects.requireNonNull(lane, "lane");
            Objects.requireNonNull(kind, "kind");
            Objects.requireNonNull(subject, "subject");
        }
    }

    public EvidenceSnapshot {
        Objects.requireNonNull(domain, "domain");
        keys = List.copyOf(keys);
        records = List.copyOf(records);
    }

    public void write(Path file) {
        try {
            HistoryFile.JSON.writerWithDefaultPrettyPrinter().writeValue(file.toFile(), this);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the evidence snapshot " + file, e);
        }
    }

    public static EvidenceSnapshot read(Path file) {
        try {
            return HistoryFile.JSON.readValue(Files.readAllBytes(file), EvidenceSnapshot.class);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the evidence snapshot " + file, e);
        }
    }
}

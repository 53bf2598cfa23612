package dev.writ.chaos.history;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HistoryFileTest {
    @TempDir
    Path dir;

    @Test
    void aWrittenHistoryReadsBackAsTheSameEventsAndPairsInvocationsWithCompletions() throws Exception {
        Path file = dir.resolve("history.jsonl");
        List<Event> seen = new ArrayList<>();
        try (HistoryFile h = HistoryFile.create(file, seen::add)) {
            h.append("c0", EventType.INVOKE, "propose", "acme-1", "p-1", null, null);
            h.append("c1", EventType.INVOKE, "redeem", "acme-2", "jti-0", null, null);
            h.append("c0", EventType.OK, "propose", "acme-1", "p-1", "jti-1", "ALLOW", 2L);
        }
        // a drill killed mid-write leaves a torn last line
        Files.writeString(file, Files.readString(file) + "{\"index\":3,\"mic", java.nio.file.StandardOpenOption.TRUNCATE_EXISTING);

        List<Event> read = HistoryFile.read(file);

        assertThat(read).isEqualTo(seen);
        List<Operation> ops = Operation.pair(read);
        assertThat(ops).hasSize(2);
        assertThat(ops.get(0).ok()).isTrue();
        assertThat(ops.get(0).completion().orElseThrow().jti()).isEqualTo("jti-1");
        assertThat(ops.get(0).completion().orElseThrow().policy()).as("the version the writ was minted under").isEqualTo(2L);
        assertThat(ops.get(0).invoke().policy()).isNull();
        assertThat(ops.get(1).outcome()).as("never completed").isEqualTo(EventType.INFO);
    }

    @Test
    void whatAnOperationDependsOnAndWhatCameOfAFaultReadBackTyped() {
        Path file = dir.resolve("history.jsonl");
        List<Event> seen = new ArrayList<>();
        try (HistoryFile h = HistoryFile.create(file, seen::add)) {
            h.append(Event.NEMESIS, EventType.INVOKE, "start", null, null, null, null);
            h.nemesis("start", "globex-1", "domain partition: globex cut off from acme", FaultKind.DOMAIN_PARTITION,
                    FaultOutcome.INJECTED);
            h.invoke("c0", "propose", "acme-1", "p-1", "globex");
            h.append(Event.NEMESIS, EventType.INVOKE, "heal", null, null, null, null);
            h.nemesis("heal", "globex-1", "healing did not complete: globex-1 not HEALTHY", FaultKind.DOMAIN_PARTITION,
                    FaultOutcome.HEAL_FAILED);
        }

        List<Event> read = HistoryFile.read(file);

        assertThat(read).isEqualTo(seen);
        assertThat(read.get(1).fault()).isEqualTo(FaultKind.DOMAIN_PARTITION);
        assertThat(read.get(1).outcome()).isEqualTo(FaultOutcome.INJECTED);
        assertThat(read.get(2).dependsOn()).isEqualTo("globex");
        assertThat(read.get(2).value()).isNull();
        assertThat(read.get(4).outcome()).isEqualTo(FaultOutcome.HEAL_FAILED);
    }

    @Test
    void aNemesisCompletionThatNamesNoOutcomeIsNotAHistoryEvent() throws Exception {
        Path file = dir.resolve("history.jsonl");
        Files.writeString(file, """
                {"index":0,"micros":1,"process":"nemesis","type":"INFO","f":"start","value":"domain partition: globex"}
                {"index":1,"micros":2,"process":"c0","type":"INVOKE","f":"propose"}
                """);

        assertThatThrownBy(() -> HistoryFile.read(file)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("line 1").hasMessageContaining("fault kind");
    }

    @Test
    void anEvidenceSnapshotRoundTrips() {
        Path file = dir.resolve("evidence.json");
        EvidenceSnapshot s = new EvidenceSnapshot("acme", List.of("a2V5"),
                List.of(new EvidenceSnapshot.Row("acme-1-0", 0, "DECISION", "p-1", "acme-1", "cmVj")));
        s.write(file);
        assertThat(EvidenceSnapshot.read(file)).isEqualTo(s);
    }
}

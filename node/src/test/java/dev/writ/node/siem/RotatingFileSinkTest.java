package dev.writ.node.siem;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/** The file rotates by size between batches, keeps N rotated files, and never splits a batch. */
class RotatingFileSinkTest {
    @TempDir
    Path dir;

    @Test
    void rotatesBySizeKeepingTheNewestFilesWholeBatchesEach() throws Exception {
        Path file = dir.resolve("siem/events.jsonl");
        RotatingFileSink sink = new RotatingFileSink(new SiemSettings.FileSink(file, 1024, 2));
        String line = "{\"x\":\"" + "a".repeat(290) + "\"}";
        List<List<String>> batches = new ArrayList<>();
        for (int b = 0; b < 8; b++) {
            int batch = b;
            batches.add(IntStream.range(0, 3).mapToObj(i -> line.replace("\"x\"", "\"b" + batch + "i" + i + "\"")).toList());
            sink.deliver(batches.get(b));
        }
        // each batch is ~900 bytes: the file passes 1 KiB after two batches, then rotates before the third
        assertThat(Files.exists(file.resolveSibling("events.jsonl.1"))).isTrue();
        assertThat(Files.exists(file.resolveSibling("events.jsonl.2"))).isTrue();
        assertThat(Files.exists(file.resolveSibling("events.jsonl.3"))).as("keep = 2 rotated files").isFalse();
        List<String> kept = new ArrayList<>();
        for (String name : List.of("events.jsonl.2", "events.jsonl.1", "events.jsonl")) {
            List<String> lines = Files.readAllLines(file.resolveSibling(name), StandardCharsets.UTF_8);
            assertThat(lines.size() % 3).as(name + " holds whole batches").isZero();
            kept.addAll(lines);
        }
        List<String> newest = batches.subList(8 - kept.size() / 3, 8).stream().flatMap(List::stream).toList();
        assertThat(kept).as("the newest batches, in order, none lost between the kept files").isEqualTo(newest);
    }
}

package dev.writ.node.policy;

import dev.writ.policy.PolicySnapshot;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class FilePolicySourceTest {
    private static final long INTERVAL_MS = 1_000;

    @TempDir
    Path dir;

    private final AtomicLong nanos = new AtomicLong(0);
    private int writes;

    private static String policy(long version, String maximum) {
        return """
                domain = acme
                version = %d
                rules = [ {
                  name = r
                  agent = "spiffe://acme/agent/a"
                  targets { t = [op] }
                  parameters { amount { required = true, maximum = %s } }
                  window-seconds = 60
                } ]
                """.formatted(version, maximum);
    }

    /** Writes the file with a modification time that surely differs from the last one. */
    private Path write(Path file, String text) throws IOException {
        Files.writeString(file, text);
        Files.setLastModifiedTime(file, FileTime.from(Instant.parse("2024-01-01T00:00:00Z").plusSeconds(++writes)));
        return file;
    }

    /** The interval passes, and the node's scheduler polls the source. */
    private void pastInterval(FilePolicySource source) {
        nanos.addAndGet(INTERVAL_MS * 1_000_000L);
        source.poll();
    }

    private FilePolicySource source(Path file) throws PolicyUnavailableException {
        return new FilePolicySource(file, INTERVAL_MS, nanos::get);
    }

    @Test
    void theEpochOfAFilePolicyNamesTheFileVersionAndRulesHash() throws Exception {
        FilePolicySource source = source(write(dir.resolve("acme.conf"), policy(4, "10")));
        PolicySnapshot snapshot = source.current();
        assertThat(snapshot.epoch().getContractAddress()).isEqualTo("file:acme.conf");
        assertThat(snapshot.epoch().getVersion()).isEqualTo(4);
        assertThat(snapshot.epoch().getBlockNumber()).isZero();
        assertThat(snapshot.epoch().getRulesHash().toByteArray()).isEqualTo(snapshot.set().rulesHash());
        assertThat(source.lastError()).isEmpty();
    }

    @Test
    void aBrokenFileAtStartThrows() throws Exception {
        Path file = write(dir.resolve("acme.conf"), policy(1, "10").replace("maximum", "maximun"));
        assertThatThrownBy(() -> source(file)).isInstanceOf(PolicyUnavailableException.class)
                .hasMessageContaining("acme.conf").hasMessageContaining("maximun");
    }

    @Test
    void aMissingFileAtStartThrows() {
        assertThatThrownBy(() -> source(dir.resolve("absent.conf"))).isInstanceOf(PolicyUnavailableException.class)
                .hasMessageContaining("cannot be read");
    }

    @Test
    void aNewerVersionIsLoadedOnceTheCheckIntervalHasPassed() throws Exception {
        Path file = write(dir.resolve("acme.conf"), policy(1, "10"));
        FilePolicySource source = source(file);
        write(file, policy(2, "20"));

        source.poll();
        assertThat(source.current().set().version()).as("not looked at before the interval").isEqualTo(1);
        pastInterval(source);
        assertThat(source.current().set().version()).isEqualTo(2);
        assertThat(source.current().epoch().getVersion()).isEqualTo(2);
        assertThat(source.lastError()).isEmpty();
    }

    @Test
    void aBrokenNewFileKeepsTheLastGoodPolicyAndReportsWhyUntilFixed() throws Exception {
        Path file = write(dir.resolve("acme.conf"), policy(1, "10"));
        FilePolicySource source = source(file);
        PolicySnapshot good = source.current();

        write(file, "domain = acme\nversion = 2\nrules = [ { name = r");
        pastInterval(source);
        assertThat(source.current()).isEqualTo(good);
        assertThat(source.lastError()).hasValueSatisfying(error -> assertThat(error).contains("acme.conf").contains("keeping v1"));

        write(file, policy(2, "20"));
        pastInterval(source);
        assertThat(source.current().set().version()).isEqualTo(2);
        assertThat(source.lastError()).isEmpty();
    }

    @Test
    void aDeletedFileKeepsTheLastGoodPolicy() throws Exception {
        Path file = write(dir.resolve("acme.conf"), policy(1, "10"));
        FilePolicySource source = source(file);
        Files.delete(file);
        pastInterval(source);
        assertThat(source.current().set().version()).isEqualTo(1);
        assertThat(source.lastError()).hasValueSatisfying(error -> assertThat(error).contains("cannot be read"));
    }

    @Test
    void anOlderVersionOrChangedRulesUnderTheSameVersionAreRefused() throws Exception {
        Path file = write(dir.resolve("acme.conf"), policy(3, "10"));
        FilePolicySource source = source(file);

        write(file, policy(2, "10"));
        pastInterval(source);
        assertThat(source.current().set().version()).isEqualTo(3);
        assertThat(source.lastError()).hasValueSatisfying(error -> assertThat(error).contains("older than v3"));

        write(file, policy(3, "99"));
        pastInterval(source);
        assertThat(source.current().set().rules().get(0).parameters().get("amount").maximum().orElseThrow())
                .isEqualByComparingTo("10");
        assertThat(source.lastError()).hasValueSatisfying(error -> assertThat(error).contains("without a new version"));

        write(file, policy(3, "10.0")); // the same rules again: accepted as a touch, error cleared
        pastInterval(source);
        assertThat(source.lastError()).isEmpty();
    }

    @Test
    void anUnchangedFileIsNotParsedAgain() throws Exception {
        Path file = write(dir.resolve("acme.conf"), policy(1, "10"));
        FilePolicySource source = source(file);
        PolicySnapshot first = source.current();
        pastInterval(source);
        assertThat(source.current()).isSameAs(first);
    }
}

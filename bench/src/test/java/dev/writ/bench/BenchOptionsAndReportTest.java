package dev.writ.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.gson.JsonParser;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BenchOptionsAndReportTest {

    @Test
    void defaultsAreThreeNodesOnPostgresAtThreeRates() {
        BenchOptions o = BenchOptions.defaults();
        assertThat(o.nodes()).isEqualTo(3);
        assertThat(o.db()).isEqualTo("postgres");
        assertThat(o.rates()).containsExactly(250.0, 500.0, 1000.0);
        assertThat(o.duration()).isEqualTo(Duration.ofSeconds(30));
        assertThat(o.warmup()).isEqualTo(Duration.ofSeconds(10));
        assertThat(o.saturation()).isTrue();
        assertThat(o.signedProposals()).as("agents sign every proposal and the nodes require it, as in production").isTrue();
        assertThat(o.mutualTls()).as("nodes talk over Artery mutual TLS, as in production").isTrue();
        assertThat(BenchOptions.parse(new String[] {"--targets", "http://127.0.0.1:7401"}).signedProposals())
                .as("the bench holds no certificates for nodes it did not launch").isFalse();
    }

    @Test
    void parsesEveryOptionInBothForms() {
        BenchOptions o = BenchOptions.parse(new String[] {"--nodes", "1", "--db=h2", "--rates", "100, 200",
                "--duration", "500ms", "--warmup=2m", "--saturation", "off", "--out", "/tmp/b",
                "--jvm-flags", "-Xmx1g  -XX:+UseParallelGC", "--saturation-max", "8", "--signed-proposals", "off",
                "--mutual-tls=off"});
        assertThat(o.nodes()).isEqualTo(1);
        assertThat(o.db()).isEqualTo("h2");
        assertThat(o.rates()).containsExactly(100.0, 200.0);
        assertThat(o.duration()).isEqualTo(Duration.ofMillis(500));
        assertThat(o.warmup()).isEqualTo(Duration.ofMinutes(2));
        assertThat(o.saturation()).isFalse();
        assertThat(o.out()).isEqualTo(Path.of("/tmp/b"));
        assertThat(o.jvmFlags()).containsExactly("-Xmx1g", "-XX:+UseParallelGC");
        assertThat(o.saturationLevels()).containsExactly(1, 2, 4, 8);
        assertThat(o.signedProposals()).isFalse();
        assertThat(o.mutualTls()).isFalse();
    }

    @Test
    void refusesUnknownOptionsAndBadValuesWithTheUsage() {
        assertThatThrownBy(() -> BenchOptions.parse(new String[] {"--nodez", "3"})).hasMessageContaining("usage");
        assertThatThrownBy(() -> BenchOptions.parse(new String[] {"--db", "mysql"})).hasMessageContaining("postgres or h2");
        assertThatThrownBy(() -> BenchOptions.parse(new String[] {"--duration", "soon"})).hasMessageContaining("duration");
    }

    @Test
    void reportWritesParsableJsonAndAMarkdownRowPerRate(@TempDir Path out) throws Exception {
        LatencySummary lat = new LatencySummary(1000, 1200, 1800, 2500, 4000, 9000, 1300.5);
        PhaseResult p = new PhaseResult(500, 30, 15_000, 15_000, 14_990, 499.7, lat, lat,
                Map.of("propose 429 RATE_LIMITED", 10L));
        SaturationResult.Step step = new SaturationResult.Step(8, 60_000, 60_000, 6000, lat, Map.of());
        BenchReport r = new BenchReport(Instant.parse("2026-01-02T03:04:05Z"),
                new BenchReport.Machine(2, 23_000, "OpenJDK 17", "Linux"), "PostgreSQL 15", 3,
                List.of("-Xmx512m"), "open loop", 10, List.of(p),
                Optional.of(new SaturationResult("http://127.0.0.1:1", 10, List.of(step), Optional.of(step))));

        Path json = r.write(out);

        assertThat(json.getFileName().toString()).isEqualTo("bench-20260102-030405.json");
        var doc = JsonParser.parseString(Files.readString(json)).getAsJsonObject();
        assertThat(doc.getAsJsonArray("phases").get(0).getAsJsonObject().getAsJsonObject("admissionMicros")
                .get("p99").getAsLong()).isEqualTo(2500);
        assertThat(doc.getAsJsonObject("saturation").get("maxSustainedAdmissionsPerSecond").getAsDouble())
                .isEqualTo(6000);
        assertThat(doc.getAsJsonObject("machine").get("cores").getAsInt()).isEqualTo(2);
        String md = Files.readString(out.resolve("bench-20260102-030405.md"));
        assertThat(md).contains("| 500 | 30 | 499.7 | 1.20 | 2.50 | 4.00 | 9.00 |")
                .contains("10 (propose 429 RATE_LIMITED: 10)")
                .contains("Max sustained: 6000 admissions/s at concurrency 8, p99 2.50 ms");
    }

    @Test
    void bestSaturationStepIgnoresStepsWithOnePercentErrorsOrMore() {
        LatencySummary lat = LatencySummary.EMPTY;
        var ok = new SaturationResult.Step(4, 1000, 1000, 3000, lat, Map.of());
        var faster = new SaturationResult.Step(8, 1000, 980, 3500, lat, Map.of("propose timeout", 20L));
        assertThat(SaturationResult.best(List.of(ok, faster))).contains(ok);
    }

    @Test
    void benchPolicyIsTheDemoPolicyWithoutRateAndSpendBudgetsAndDemoMeansTheBuiltIn(@TempDir Path dir) throws Exception {
        Path file = BenchMain.policyFile("bench", dir).orElseThrow();
        String text = Files.readString(file);

        assertThat(text).contains("agent-class = \"spiffe://acme/agent/payments-*\"").contains("above = 500")
                .doesNotContain("rate  {").doesNotContain("spend {");
        assertThat(BenchMain.policyFile("demo", dir)).isEmpty();
        assertThat(BenchMain.policyFile("/etc/p.conf", dir)).contains(Path.of("/etc/p.conf"));
    }
}

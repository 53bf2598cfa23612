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
        assertThat(o.phases()).containsExactly(PhaseKind.ACTION, PhaseKind.ADMISSION, PhaseKind.REDEMPTION);
        assertThat(o.connections()).isEqualTo(128);
        assertThat(BenchOptions.parse(new String[] {"--targets", "http://127.0.0.1:7401"}).signedProposals())
                .as("the bench holds no certificates for nodes it did not launch").isFalse();
    }

    @Test
    void parsesEveryOptionInBothForms() {
        BenchOptions o = BenchOptions.parse(new String[] {"--nodes", "1", "--db=h2", "--rates", "100, 200",
                "--duration", "500ms", "--warmup=2m", "--saturation", "off", "--out", "/tmp/b",
                "--jvm-flags", "-Xmx1g  -XX:+UseParallelGC", "--saturation-max", "8", "--signed-proposals", "off",
                "--mutual-tls=off", "--phases", "redemption,admission", "--connections", "16",
                "--generator-flags", "-Xmx2g -XX:+UseSerialGC", "--floor-inserts", "500"});
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
        assertThat(o.phases()).containsExactly(PhaseKind.REDEMPTION, PhaseKind.ADMISSION);
        assertThat(o.connections()).isEqualTo(16);
        assertThat(o.generatorFlags()).containsExactly("-Xmx2g", "-XX:+UseSerialGC");
        assertThat(o.floorInserts()).isEqualTo(500);
    }

    @Test
    void refusesUnknownOptionsAndBadValuesWithTheUsage() {
        assertThatThrownBy(() -> BenchOptions.parse(new String[] {"--nodez", "3"})).hasMessageContaining("usage");
        assertThatThrownBy(() -> BenchOptions.parse(new String[] {"--db", "mysql"})).hasMessageContaining("postgres or h2");
        assertThatThrownBy(() -> BenchOptions.parse(new String[] {"--duration", "soon"})).hasMessageContaining("duration");
        assertThatThrownBy(() -> BenchOptions.parse(new String[] {"--phases", "admission,redeem"}))
                .hasMessageContaining("action, admission and redemption");
        assertThatThrownBy(() -> BenchOptions.parse(new String[] {"--phases", "admission,admission"}))
                .hasMessageContaining("at most once");
        assertThatThrownBy(() -> BenchOptions.parse(new String[] {"--connections", "0"})).hasMessageContaining("--connections");
        assertThatThrownBy(() -> BenchOptions.parse(new String[] {"--nodes", "three"})).hasMessageContaining("whole number");
        assertThatThrownBy(() -> BenchOptions.parse(new String[] {"--rates", "fast"})).hasMessageContaining("--rates");
        assertThatThrownBy(() -> BenchOptions.parse(new String[] {"--targets", "http://h:1", "--signed-proposals", "on"}))
                .hasMessageContaining("--signed-proposals off");
    }

    @Test
    void reportWritesParsableJsonAndMarkdownWithTheFloorCostsAndAPasteBlock(@TempDir Path out) throws Exception {
        LatencySummary lat = new LatencySummary(1000, 1200, 1800, 2500, 4000, 9000, 1300.5);
        LatencySummary lag = new LatencySummary(1000, 100, 200, 300, 400, 700, 120);
        PhaseResult p = new PhaseResult(PhaseKind.ACTION, 500, 30, 15_000, 15_000, 14_990, 499.7, lat, lat, lag,
                Map.of("propose 429 RATE_LIMITED", 10L), Map.of(), Map.of());
        PhaseResult red = new PhaseResult(PhaseKind.REDEMPTION, 500, 30, 15_000, 15_000, 15_000, 500, LatencySummary.EMPTY,
                lat, lag, Map.of(), Map.of(), Map.of());
        Map<String, Double> cpu = new java.util.LinkedHashMap<>();
        cpu.put("acme-1", 900.0);
        cpu.put("acme-2", 800.0);
        cpu.put(CostMeter.NODES_JIT, 250.0);
        cpu.put(CostMeter.DATABASE, 300.0);
        cpu.put(CostMeter.GENERATOR, 120.0);
        PhaseCost cost = new PhaseCost(cpu, Map.of("acme-1", 0.5), Map.of("acme-1", 12.5));
        Floor floor = new Floor(new LatencySummary(2000, 250, 300, 500, 900, 2000, 260), 2000, "PostgreSQL",
                new CryptoFloor.Cost(List.of(new CryptoFloor.Item("sign proposal (agent)", 1, 50, false),
                        new CryptoFloor.Item("seal", 4, 40, true))));
        SaturationResult.Step step = new SaturationResult.Step(8, 60_000, 60_000, 6000, lat, Map.of());
        BenchReport r = new BenchReport(Instant.parse("2026-01-02T03:04:05Z"), "abc1234",
                new BenchReport.Machine(2, "AMD EPYC", 23_000, "OpenJDK 17", "Linux"), "PostgreSQL 15", 3,
                List.of("-Xmx512m"), "open loop", 10, floor, cpu,
                List.of(new MeasuredPhase(p, cost, 0, 0), new MeasuredPhase(red, cost, 5_000, 3)),
                Optional.of(new SaturationResult("http://127.0.0.1:1", 10, List.of(step), Optional.of(step))));

        Path json = r.write(out);

        assertThat(json.getFileName().toString()).isEqualTo("bench-20260102-030405.json");
        var doc = JsonParser.parseString(Files.readString(json)).getAsJsonObject();
        var phase = doc.getAsJsonArray("phases").get(0).getAsJsonObject();
        assertThat(phase.get("kind").getAsString()).isEqualTo("action");
        assertThat(phase.getAsJsonObject("admissionMicros").get("p99").getAsLong()).isEqualTo(2500);
        assertThat(phase.getAsJsonObject("sendLagMicros").get("max").getAsLong()).isEqualTo(700);
        assertThat(phase.getAsJsonObject("admissionFloorMultiple").get("p99").getAsDouble()).isEqualTo(5.0);
        assertThat(phase.getAsJsonObject("cpuMicrosPerAction").get("database").getAsDouble()).isEqualTo(300);
        assertThat(phase.getAsJsonObject("threadsStartedPerAction").get("acme-1").getAsDouble()).isEqualTo(0.5);
        assertThat(doc.getAsJsonArray("phases").get(1).getAsJsonObject().get("redemptionsAtIssuer").getAsLong()).isEqualTo(5000);
        assertThat(doc.getAsJsonObject("floor").get("cryptoActionMicros").getAsDouble()).isEqualTo(210);
        assertThat(doc.getAsJsonObject("floor").getAsJsonObject("insertMicros").get("p50").getAsLong()).isEqualTo(250);
        assertThat(doc.getAsJsonObject("saturation").get("maxSustainedAdmissionsPerSecond").getAsDouble())
                .isEqualTo(6000);
        assertThat(doc.get("commit").getAsString()).isEqualTo("abc1234");
        assertThat(doc.getAsJsonObject("idleCpuMicrosPerSecond").get("generator").getAsDouble()).isEqualTo(120);
        assertThat(doc.getAsJsonObject("machine").get("cpuModel").getAsString()).isEqualTo("AMD EPYC");
        String md = Files.readString(out.resolve("bench-20260102-030405.md"));
        assertThat(md).contains("| propose + redeem | 500 | 30 | 499.7 | 1.20 | 2.50 | 4.00 | 9.00 |")
                .contains("| 4.8× / 5.0× |")
                .contains("| 0.10 / 0.30 / 0.70 |")
                .contains("10 (propose 429 RATE_LIMITED: 10)")
                .contains("| phase | rate/s | actions | acme-1 | acme-2 | nodes: of it JIT | database | generator |")
                .contains("| propose + redeem | 500 | 14990 | 900 | 800 | 250 | 300 | 120 | 0.50 | 12.50 |")
                .contains("5000 of 15000 at the writ's issuer, 3 mint failures")
                .contains("p50 0.25 ms, p99 0.50 ms; crypto of one action 210 µs CPU")
                .contains("| 8 | 6000 | 1.20 | 2.50 | 4.00 | 9.00 | 4.8× / 5.0× | 0 |")
                .contains("Max sustained: 6000 admissions/s at concurrency 8, p99 2.50 ms")
                .contains("## For BENCHMARKS.md")
                .contains("Idle CPU, no load (µs/s): acme-1 900, acme-2 800, nodes: of it JIT 250, database 300, generator 120.")
                .contains("commit `abc1234`, 2 cores (nproc), AMD EPYC")
                // redemption-only: its multiple is the redemption's; nodes' CPU summed, the JIT's part apart
                .contains("| redemption only | 500 | 500 | – | – | 1.20 | 2.50 | 4.8× | 5.0× | 0.30 | 1700 | 250 | 300 | 120 | 0 |");
    }

    @Test
    void aTopologyReplacesNodesAndDatabaseAndExcludesTargets() {
        assertThat(BenchOptions.parse(new String[] {"--topology", "t.conf"}).topology()).contains(Path.of("t.conf"));
        assertThat(BenchOptions.defaults().topology()).isEmpty();
        assertThatThrownBy(() -> BenchOptions.parse(new String[] {"--topology", "t.conf", "--targets", "http://h:1",
                "--signed-proposals", "off"})).hasMessageContaining("give one");
    }

    @Test
    void placementsPutAClientInEachRegionOfTheDomainCallingEveryNode() {
        var topology = dev.writ.fabric.TopologyFile.parse("""
                regions = [eu, us, ap]
                domains = [ { name = acme, regions = [ { region = eu, nodes = 1 }, { region = us, nodes = 2 } ]
                              database { primary = eu } }
                            { name = globex, regions = [ { region = ap, nodes = 1 } ], database { primary = ap } } ]
                """, "t.conf").topology();

        List<Placement> placed = Placement.of(topology, "acme");

        assertThat(placed).extracting(Placement::label).containsExactly(
                "eu -> eu", "eu -> us", "eu -> us", "us -> eu", "us -> us", "us -> us");
        assertThat(placed).extracting(Placement::nodeId).containsExactly(
                "acme-eu-1", "acme-us-1", "acme-us-2", "acme-eu-1", "acme-us-1", "acme-us-2");
    }

    @Test
    void reportShowsEachPhasesLatencyPerPlacementWhenTheFabricHasRegions(@TempDir Path out) throws Exception {
        LatencySummary near = new LatencySummary(100, 9000, 10_000, 14_000, 20_000, 30_000, 9500);
        LatencySummary far = new LatencySummary(100, 70_000, 72_000, 78_000, 90_000, 99_000, 71_000);
        Map<String, LatencySummary> admission = new java.util.LinkedHashMap<>();
        admission.put("eu -> eu", near);
        admission.put("us -> eu", far);
        PhaseResult p = new PhaseResult(PhaseKind.ACTION, 20, 30, 600, 600, 200, 6.7, near, near, near, Map.of(),
                admission, Map.of("eu -> eu", near, "us -> eu", far));
        PhaseCost cost = new PhaseCost(Map.of("acme-eu-1", 900.0), Map.of(), Map.of());
        Floor floor = new Floor(near, 200, "PostgreSQL", new CryptoFloor.Cost(List.of(new CryptoFloor.Item("seal", 4, 40, true))));
        BenchReport r = new BenchReport(Instant.parse("2026-01-02T03:04:05Z"), "abc1234",
                new BenchReport.Machine(2, "AMD EPYC", 23_000, "OpenJDK 17", "Linux"), "PostgreSQL 15", 3,
                List.of("-Xmx512m"), "open loop", 10, floor, Map.of(), List.of(new MeasuredPhase(p, cost, 0, 0)),
                Optional.empty());

        Path json = r.write(out);

        var phase = JsonParser.parseString(Files.readString(json)).getAsJsonObject().getAsJsonArray("phases").get(0)
                .getAsJsonObject();
        assertThat(phase.getAsJsonObject("admissionMicrosByPlacement").getAsJsonObject("us -> eu").get("p99").getAsLong())
                .isEqualTo(78_000);
        assertThat(phase.getAsJsonObject("redemptionMicrosByPlacement").getAsJsonObject("eu -> eu").get("p50").getAsLong())
                .isEqualTo(9000);
        assertThat(r.markdown()).contains("## Latency per placement")
                .contains("| propose + redeem | 20 | eu -> eu | 100 | 9.00 | 14.00 | 100 | 9.00 | 14.00 |")
                .contains("| propose + redeem | 20 | us -> eu | 100 | 70.00 | 78.00 | 100 | 70.00 | 78.00 |");
        assertThat(r.pasteBlock()).contains("| propose + redeem | 20 | us -> eu | 100 | 70.00 | 78.00 |");
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

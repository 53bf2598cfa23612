package dev.writ.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The figures of one {@code writ bench} run and the facts needed to read them: commit, machine
 * (cores, CPU model, memory, JDK, OS), database, node count, node and generator JVM flags, date, and
 * the floor line measured in the same run. Written as {@code <out>/bench-<timestamp>.json} and
 * {@code <out>/bench-<timestamp>.md}; the Markdown goes to stdout too and ends with a block ready to
 * paste into BENCHMARKS.md. It reports; it never judges a figure against a target.
 */
public record BenchReport(Instant date, String commit, Machine machine, String database, int nodes,
                          List<String> jvmFlags, String loadNotes, double warmupSeconds, Floor floor,
                          Map<String, Double> idleCpuMicrosPerSecond, List<MeasuredPhase> phases,
                          Optional<SaturationResult> saturation) {

    public BenchReport {
        jvmFlags = List.copyOf(jvmFlags);
        idleCpuMicrosPerSecond = Collections.unmodifiableMap(new LinkedHashMap<>(idleCpuMicrosPerSecond));
        phases = List.copyOf(phases);
    }

    /** Where the figures were measured. */
    public record Machine(int cores, String cpuModel, long memoryMb, String jdk, String os) {
        public static Machine current() {
            long memory = -1;
            if (ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os) {
                memory = os.getTotalMemorySize() / (1024 * 1024);
            }
            return new Machine(Runtime.getRuntime().availableProcessors(), readCpuModel(), memory,
                    System.getProperty("java.vm.name") + " " + System.getProperty("java.runtime.version"),
                    System.getProperty("os.name") + " " + System.getProperty("os.version") + " "
                            + System.getProperty("os.arch"));
        }

        /** The {@code model name} of /proc/cpuinfo. */
        static String readCpuModel() {
            try {
                return Files.readAllLines(Path.of("/proc/cpuinfo")).stream().filter(l -> l.startsWith("model name"))
                        .map(l -> l.substring(l.indexOf(':') + 1).strip()).findFirst().orElse("unknown");
            } catch (IOException e) {
                return "unknown";
            }
        }
    }

    public String markdown() {
        StringBuilder md = new StringBuilder();
        md.append("# writ bench, ").append(date).append("\n\n");
        md.append("- commit: `").append(commit).append("`\n");
        md.append("- machine: ").append(machineLine()).append('\n');
        md.append("- fabric: ").append(nodes).append(" node(s), database ").append(database)
                .append(", node JVM flags `").append(String.join(" ", jvmFlags)).append("`\n");
        md.append("- load: ").append(loadNotes).append("; warm-up ").append(fmt(warmupSeconds))
                .append(" s (not recorded)\n");
        md.append("- floor: ").append(floorLine()).append('\n');
        for (CryptoFloor.Item i : floor.crypto().items()) {
            md.append("  - ").append(i.name()).append(": ").append(twoPlaces(i.micros())).append(" µs × ")
                    .append(i.perAction()).append(" per action").append(i.node() ? "" : " (not on a node)").append('\n');
        }
        md.append("- idle CPU after the warm-up, no load (µs per second): ").append(idleLine()).append("\n\n");
        md.append("## Latency (ms; admission, and redemption in a redemption-only phase, from the intended send time)\n\n");
        md.append("× floor = the percentile ÷ the same percentile of the floor insert. Send lag = how late the"
                + " generator sent each request against its schedule (its own delay, not the nodes').\n\n");
        md.append("| phase | rate/s | s | achieved/s | adm p50 | adm p99 | adm p99.9 | adm max | red p50 | red p99 | red p99.9"
                + " | red max | adm ×floor p50/p99 | red ×floor p50/p99 | send lag p50/p99/max | errors |\n");
        md.append("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|\n");
        for (MeasuredPhase m : phases) {
            PhaseResult p = m.result();
            LatencySummary a = p.admission();
            LatencySummary r = p.redemption();
            md.append("| ").append(p.kind().title()).append(" | ").append(fmt(p.targetRate())).append(" | ")
                    .append(fmt(p.durationSeconds())).append(" | ").append(fmt(p.achievedRate()))
                    .append(" | ").append(cells(a, a.p50(), a.p99(), a.p999(), a.max()))
                    .append(" | ").append(cells(r, r.p50(), r.p99(), r.p999(), r.max()))
                    .append(" | ").append(multiples(a)).append(" | ").append(multiples(r))
                    .append(" | ").append(lag(p.sendLag()))
                    .append(" | ").append(errors(p.errorCount(), p.errors())).append(" |\n");
        }
        if (phases.stream().anyMatch(m -> m.result().kind() == PhaseKind.REDEMPTION)) {
            md.append("\nRedemption-only phases redeem writs minted just before by an unmeasured admission pass at the same"
                    + " rate, sent round-robin to every node whatever node minted them:");
            for (MeasuredPhase m : phases) {
                if (m.result().kind() == PhaseKind.REDEMPTION) {
                    md.append(' ').append(fmt(m.result().targetRate())).append("/s: ").append(m.atIssuer()).append(" of ")
                            .append(m.result().scheduled()).append(" at the writ's issuer, ").append(m.mintErrors())
                            .append(" mint failures;");
                }
            }
            md.setLength(md.length() - 1);
            md.append(".\n");
        }
        if (placed()) {
            md.append("\n## Latency per placement (ms; a client in the first region calling a node in the second)\n\n");
            md.append(placementTable());
        }
        md.append("\n## Cost per completed action (CPU µs, utime + stime from /proc/<pid>/stat over the phase)\n\n");
        List<String> groups = phases.isEmpty() ? List.of() : List.copyOf(phases.get(0).cost().cpuMicrosPerAction().keySet());
        boolean threads = phases.stream().anyMatch(m -> !m.cost().threadsStartedPerAction().isEmpty());
        md.append("| phase | rate/s | actions");
        groups.forEach(g -> md.append(" | ").append(g));
        md.append(threads ? " | threads started/action (per node)" : "").append(" | wake-ups/action (per node) |\n");
        md.append("|---|---:|---:");
        groups.forEach(g -> md.append("|---:"));
        md.append(threads ? "|---|---|\n" : "|---|\n");
        for (MeasuredPhase m : phases) {
            md.append("| ").append(m.result().kind().title()).append(" | ").append(fmt(m.result().targetRate()))
                    .append(" | ").append(m.result().succeeded());
            groups.forEach(g -> md.append(" | ").append(whole(m.cost().cpuMicrosPerAction().getOrDefault(g, Double.NaN))));
            if (threads) {
                md.append(" | ").append(perNode(m.cost().threadsStartedPerAction()));
            }
            md.append(" | ").append(perNode(m.cost().wakeupsPerAction())).append(" |\n");
        }
        if (!threads) {
            md.append("\nThreads started per action: not read (jcmd could not attach to the node JVMs, or the bench did not"
                    + " launch them; a node's /metrics has the count as jvm_threads_started_total).\n");
        }
        md.append("\nWake-ups: voluntary context switches of the node's threads (a park, a blocking read, a sleep), each"
                + " ended by a wake-up that costs CPU of its own; a count of thread hand-offs, hardly moved by what else"
                + " the machine runs.\n");
        saturation.ifPresent(s -> {
            md.append("\n## Saturation (closed loop, admissions only, one node: ").append(s.node()).append(", ")
                    .append(fmt(s.stepSeconds())).append(" s per step)\n\n");
            md.append("| concurrency | admissions/s | p50 | p99 | p99.9 | max | ×floor p50/p99 | errors |\n");
            md.append("|---:|---:|---:|---:|---:|---:|---:|---|\n");
            for (SaturationResult.Step st : s.steps()) {
                LatencySummary l = st.latency();
                md.append("| ").append(st.concurrency()).append(" | ").append(fmt(st.admissionsPerSecond()))
                        .append(" | ").append(cells(l, l.p50(), l.p99(), l.p999(), l.max()))
                        .append(" | ").append(multiples(l))
                        .append(" | ").append(errors(st.errorCount(), st.errors())).append(" |\n");
            }
            md.append('\n').append(s.best().map(b -> "Max sustained: " + fmt(b.admissionsPerSecond())
                    + " admissions/s at concurrency " + b.concurrency() + ", p99 " + ms(b.latency().p99())
                    + " ms.").orElse("No step stayed under 1% errors.")).append('\n');
        });
        md.append("\n## For BENCHMARKS.md\n\n").append(pasteBlock());
        return md.toString();
    }

    /**
     * The block to paste into BENCHMARKS.md: commit, machine, the floor line, and one row per phase
     * with latency, its floor multiple, the generator's send lag and CPU per action.
     */
    public String pasteBlock() {
        StringBuilder md = new StringBuilder();
        md.append("Run ").append(date).append(", commit `").append(commit).append("`, ").append(machineLine())
                .append("; ").append(nodes).append(" node(s), ").append(database).append(".\n");
        md.append("Floor (same run): ").append(floorLine()).append(".\n");
        md.append("Idle CPU, no load (µs/s): ").append(idleLine()).append(".\n\n");
        md.append("| phase | offered/s | achieved/s | adm p50 | adm p99 | red p50 | red p99 | ×floor p50 | ×floor p99"
                + " | send lag p99 | CPU µs/action: nodes | of it JIT | db | generator | errors |\n");
        md.append("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n");
        for (MeasuredPhase m : phases) {
            PhaseResult p = m.result();
            LatencySummary main = p.kind() == PhaseKind.REDEMPTION ? p.redemption() : p.admission();
            Map<String, Double> cpu = m.cost().cpuMicrosPerAction();
            double nodesCpu = cpu.entrySet().stream()
                    .filter(e -> !e.getKey().equals(CostMeter.DATABASE) && !e.getKey().equals(CostMeter.GENERATOR)
                            && !e.getKey().equals(CostMeter.NODES_JIT))
                    .mapToDouble(Map.Entry::getValue).reduce(Double::sum).orElse(Double.NaN); // NaN: nodes not launched here
            md.append("| ").append(p.kind().title()).append(" | ").append(fmt(p.targetRate())).append(" | ")
                    .append(fmt(p.achievedRate()))
                    .append(" | ").append(cells(p.admission(), p.admission().p50(), p.admission().p99()))
                    .append(" | ").append(cells(p.redemption(), p.redemption().p50(), p.redemption().p99()))
                    .append(" | ").append(times(floor.p50Multiple(main))).append(" | ").append(times(floor.p99Multiple(main)))
                    .append(" | ").append(ms(p.sendLag().p99()))
                    .append(" | ").append(whole(nodesCpu)).append(" | ").append(whole(cpu.getOrDefault(CostMeter.NODES_JIT, Double.NaN)))
                    .append(" | ").append(whole(cpu.getOrDefault(CostMeter.DATABASE, Double.NaN)))
                    .append(" | ").append(whole(cpu.getOrDefault(CostMeter.GENERATOR, Double.NaN)))
                    .append(" | ").append(p.errorCount()).append(" |\n");
        }
        if (placed()) {
            md.append("\nPer placement (a client in the first region calling a node in the second):\n\n")
                    .append(placementTable());
        }
        md.append("\nLatencies in ms. ×floor: the phase's admission percentile (redemption-only: redemption) ÷ the same"
                + " percentile of the floor insert. CPU: summed over the node JVMs, the database's processes and the"
                + " load generator's JVM, per completed action; \"of it JIT\" is the part of the nodes' CPU their JIT"
                + " compiler threads used (a start-up cost a long-running node does not pay per action).\n");
        return md.toString();
    }

    /** Whether the phases recorded latencies per placement (a fabric in several regions). */
    private boolean placed() {
        return phases.stream().anyMatch(m -> !m.result().admissionByPlacement().isEmpty());
    }

    /**
     * One row per phase and placement: admission and redemption count, p50 and p99 (ms). Admission
     * runs from the intended send time; redemption as in the phase table (from the proposal's answer
     * in propose + redeem, from the intended send time in redemption only).
     */
    private String placementTable() {
        StringBuilder md = new StringBuilder();
        md.append("| phase | rate/s | client -> node | admissions | adm p50 | adm p99 | redemptions | red p50 | red p99 |\n");
        md.append("|---|---:|---|---:|---:|---:|---:|---:|---:|\n");
        for (MeasuredPhase m : phases) {
            PhaseResult p = m.result();
            for (String placement : p.admissionByPlacement().keySet()) {
                LatencySummary a = p.admissionByPlacement().get(placement);
                LatencySummary r = p.redemptionByPlacement().getOrDefault(placement, LatencySummary.EMPTY);
                md.append("| ").append(p.kind().title()).append(" | ").append(fmt(p.targetRate())).append(" | ")
                        .append(placement).append(" | ").append(a.count()).append(" | ")
                        .append(cells(a, a.p50(), a.p99())).append(" | ").append(r.count()).append(" | ")
                        .append(cells(r, r.p50(), r.p99())).append(" |\n");
            }
        }
        return md.toString();
    }

    private String machineLine() {
        return machine.cores() + " cores (nproc), " + machine.cpuModel() + ", " + machine.memoryMb() + " MB, "
                + machine.jdk() + ", " + machine.os();
    }

    private String floorLine() {
        CryptoFloor.Cost c = floor.crypto();
        return "durable one-row INSERT (" + floor.insertWhere() + ", 1 client, autocommit, " + floor.inserts()
                + " inserts) p50 " + ms(floor.insert().p50()) + " ms, p99 " + ms(floor.insert().p99())
                + " ms; crypto of one action " + whole(c.actionMicros()) + " µs CPU single-threaded ("
                + whole(c.nodeMicros()) + " µs of it on the nodes)";
    }

    /** Each group's idle CPU, so that the part of CPU per action that comes with no action can be told apart. */
    private String idleLine() {
        if (idleCpuMicrosPerSecond.isEmpty()) {
            return "not measured";
        }
        StringBuilder s = new StringBuilder();
        idleCpuMicrosPerSecond.forEach((g, v) -> s.append(s.length() == 0 ? "" : ", ").append(g).append(' ').append(whole(v)));
        return s.toString();
    }

    private String multiples(LatencySummary l) {
        return l.count() == 0 ? "–" : times(floor.p50Multiple(l)) + " / " + times(floor.p99Multiple(l));
    }

    /** {@code micros} of {@code l} as ms table cells; dashes when {@code l} recorded nothing (not that phase's step). */
    private static String cells(LatencySummary l, long... micros) {
        StringBuilder s = new StringBuilder();
        for (long m : micros) {
            s.append(s.length() == 0 ? "" : " | ").append(l.count() == 0 ? "–" : ms(m));
        }
        return s.toString();
    }

    private static String lag(LatencySummary l) {
        return l.count() == 0 ? "–" : ms(l.p50()) + " / " + ms(l.p99()) + " / " + ms(l.max());
    }

    private static String ms(long micros) {
        return LatencySummary.ms(micros);
    }

    static String times(double multiple) {
        return Double.isFinite(multiple) ? String.format(Locale.ROOT, "%.1f×", multiple) : "–";
    }

    static String whole(double d) {
        return Double.isFinite(d) ? Long.toString(Math.round(d)) : "–";
    }

    private static String perNode(Map<String, Double> byNode) {
        return byNode.values().stream().map(BenchReport::twoPlaces).reduce((x, y) -> x + " / " + y).orElse("–");
    }

    private static String twoPlaces(double d) {
        return Double.isFinite(d) ? String.format(Locale.ROOT, "%.2f", d) : "–";
    }

    private static String errors(long count, Map<String, Long> byKind) {
        if (count == 0) {
            return "0";
        }
        StringBuilder s = new StringBuilder().append(count).append(" (");
        byKind.forEach((k, v) -> s.append(k).append(": ").append(v).append("; "));
        s.setLength(s.length() - 2);
        return s.append(')').toString();
    }

    public String json() {
        Json j = new Json();
        j.open('{');
        j.field("date").str(date.toString());
        j.field("commit").str(commit);
        j.field("machine").open('{');
        j.field("cores").num(machine.cores());
        j.field("cpuModel").str(machine.cpuModel());
        j.field("memoryMb").num(machine.memoryMb());
        j.field("jdk").str(machine.jdk());
        j.field("os").str(machine.os());
        j.close('}');
        j.field("database").str(database);
        j.field("nodes").num(nodes);
        j.field("jvmFlags").open('[');
        jvmFlags.forEach(f -> j.item().str(f));
        j.close(']');
        j.field("load").str(loadNotes);
        j.field("warmupSeconds").num(warmupSeconds);
        j.field("floor").open('{');
        j.field("insertWhere").str(floor.insertWhere());
        j.field("inserts").num(floor.inserts());
        j.field("insertMicros");
        latency(j, floor.insert());
        j.field("cryptoActionMicros").num(floor.crypto().actionMicros());
        j.field("cryptoNodeMicros").num(floor.crypto().nodeMicros());
        j.field("crypto").open('[');
        for (CryptoFloor.Item i : floor.crypto().items()) {
            j.item().open('{');
            j.field("operation").str(i.name());
            j.field("perAction").num(i.perAction());
            j.field("micros").num(i.micros());
            j.field("node").bool(i.node());
            j.close('}');
        }
        j.close(']');
        j.close('}');
        j.field("idleCpuMicrosPerSecond");
        numbers(j, idleCpuMicrosPerSecond);
        j.field("phases").open('[');
        for (MeasuredPhase m : phases) {
            PhaseResult p = m.result();
            j.item().open('{');
            j.field("kind").str(p.kind().option());
            j.field("targetRate").num(p.targetRate());
            j.field("durationSeconds").num(p.durationSeconds());
            j.field("scheduled").num(p.scheduled());
            j.field("sent").num(p.sent());
            j.field("succeeded").num(p.succeeded());
            j.field("achievedRate").num(p.achievedRate());
            j.field("admissionMicros");
            latency(j, p.admission());
            j.field("redemptionMicros");
            latency(j, p.redemption());
            j.field("sendLagMicros");
            latency(j, p.sendLag());
            if (!p.admissionByPlacement().isEmpty()) {
                j.field("admissionMicrosByPlacement");
                latencies(j, p.admissionByPlacement());
                j.field("redemptionMicrosByPlacement");
                latencies(j, p.redemptionByPlacement());
            }
            j.field("admissionFloorMultiple").open('{');
            j.field("p50").num(floor.p50Multiple(p.admission()));
            j.field("p99").num(floor.p99Multiple(p.admission()));
            j.close('}');
            j.field("redemptionFloorMultiple").open('{');
            j.field("p50").num(floor.p50Multiple(p.redemption()));
            j.field("p99").num(floor.p99Multiple(p.redemption()));
            j.close('}');
            j.field("cpuMicrosPerAction");
            numbers(j, m.cost().cpuMicrosPerAction());
            j.field("threadsStartedPerAction");
            numbers(j, m.cost().threadsStartedPerAction());
            j.field("wakeupsPerAction");
            numbers(j, m.cost().wakeupsPerAction());
            if (p.kind() == PhaseKind.REDEMPTION) {
                j.field("redemptionsAtIssuer").num(m.atIssuer());
                j.field("mintFailures").num(m.mintErrors());
            }
            j.field("errors");
            numbers(j, p.errors());
            j.close('}');
        }
        j.close(']');
        saturation.ifPresent(s -> {
            j.field("saturation").open('{');
            j.field("node").str(s.node());
            j.field("stepSeconds").num(s.stepSeconds());
            j.field("steps").open('[');
            for (SaturationResult.Step st : s.steps()) {
                j.item().open('{');
                j.field("concurrency").num(st.concurrency());
                j.field("attempts").num(st.attempts());
                j.field("admitted").num(st.admitted());
                j.field("admissionsPerSecond").num(st.admissionsPerSecond());
                j.field("latencyMicros");
                latency(j, st.latency());
                j.field("floorMultiple").open('{');
                j.field("p50").num(floor.p50Multiple(st.latency()));
                j.field("p99").num(floor.p99Multiple(st.latency()));
                j.close('}');
                j.field("errors");
                numbers(j, st.errors());
                j.close('}');
            }
            j.close(']');
            s.best().ifPresent(b -> {
                j.field("maxSustainedAdmissionsPerSecond").num(b.admissionsPerSecond());
                j.field("atConcurrency").num(b.concurrency());
                j.field("p99Micros").num(b.latency().p99());
            });
            j.close('}');
        });
        j.close('}');
        return j.toString();
    }

    private static void latency(Json j, LatencySummary l) {
        j.open('{');
        j.field("count").num(l.count());
        j.field("p50").num(l.p50());
        j.field("p90").num(l.p90());
        j.field("p99").num(l.p99());
        j.field("p999").num(l.p999());
        j.field("max").num(l.max());
        j.field("mean").num(l.mean());
        j.close('}');
    }

    private static void latencies(Json j, Map<String, LatencySummary> byPlacement) {
        j.open('{');
        byPlacement.forEach((k, v) -> {
            j.field(k);
            latency(j, v);
        });
        j.close('}');
    }

    private static void numbers(Json j, Map<String, ? extends Number> m) {
        j.open('{');
        m.forEach((k, v) -> j.field(k).num(v.doubleValue()));
        j.close('}');
    }

    /** Writes {@code bench-<timestamp>.json} and {@code .md} into {@code out}; returns the JSON file. */
    public Path write(Path out) {
        String stamp = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss").withZone(ZoneOffset.UTC).format(date);
        try {
            Files.createDirectories(out);
            Path json = out.resolve("bench-" + stamp + ".json");
            Files.writeString(json, json());
            Files.writeString(out.resolve("bench-" + stamp + ".md"), markdown());
            return json;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the bench report into " + out, e);
        }
    }

    static String fmt(double d) {
        return d == Math.rint(d) && Math.abs(d) < 1e15 ? Long.toString((long) d)
                : String.format(Locale.ROOT, "%.1f", d);
    }

    /** Just enough of a JSON writer for this report. */
    private static final class Json {
        private final StringBuilder sb = new StringBuilder();
        private boolean first = true;

        Json open(char c) {
            sb.append(c);
            first = true;
            return this;
        }

        Json close(char c) {
            sb.append(c);
            first = false;
            return this;
        }

        Json field(String name) {
            comma();
            quote(name);
            sb.append(':');
            return this;
        }

        Json item() {
            comma();
            return this;
        }

        private void comma() {
            if (!first) {
                sb.append(',');
            }
            first = false;
        }

        Json str(String s) {
            quote(s);
            first = false;
            return this;
        }

        Json bool(boolean b) {
            sb.append(b);
            first = false;
            return this;
        }

        Json num(double d) {
            sb.append(Double.isFinite(d) ? fmt(d) : "null");
            first = false;
            return this;
        }

        private void quote(String s) {
            sb.append('"');
            for (char ch : s.toCharArray()) {
                switch (ch) {
                    case '"' -> sb.append("\\\"");
                    case '\\' -> sb.append("\\\\");
                    case '\n' -> sb.append("\\n");
                    case '\r' -> sb.append("\\r");
                    case '\t' -> sb.append("\\t");
                    default -> {
                        if (ch < 0x20) {
                            sb.append(String.format("\\u%04x", (int) ch));
                        } else {
                            sb.append(ch);
                        }
                    }
                }
            }
            sb.append('"');
        }

        @Override
        public String toString() {
            return sb.toString();
        }
    }
}

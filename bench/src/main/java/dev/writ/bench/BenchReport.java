package dev.writ.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The figures of one {@code writ bench} run and the facts needed to read them: machine (cores,
 * memory, JDK, OS), database, node count, node JVM flags, date. Written as
 * {@code <out>/bench-<timestamp>.json} and {@code <out>/bench-<timestamp>.md}; the Markdown goes to
 * stdout too. It reports; it never judges a figure against a target.
 */
public record BenchReport(Instant date, Machine machine, String database, int nodes, List<String> jvmFlags,
                          String loadNotes, double warmupSeconds, List<PhaseResult> phases,
                          Optional<SaturationResult> saturation) {

    public BenchReport {
        jvmFlags = List.copyOf(jvmFlags);
        phases = List.copyOf(phases);
    }

    /** Where the figures were measured. */
    public record Machine(int cores, long memoryMb, String jdk, String os) {
        public static Machine current() {
            long memory = -1;
            if (ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os) {
                memory = os.getTotalMemorySize() / (1024 * 1024);
            }
            return new Machine(Runtime.getRuntime().availableProcessors(), memory,
                    System.getProperty("java.vm.name") + " " + System.getProperty("java.runtime.version"),
                    System.getProperty("os.name") + " " + System.getProperty("os.version") + " "
                            + System.getProperty("os.arch"));
        }
    }

    public String markdown() {
        StringBuilder md = new StringBuilder();
        md.append("# writ bench, ").append(date).append("\n\n");
        md.append("- machine: ").append(machine.cores()).append(" cores, ").append(machine.memoryMb())
                .append(" MB, ").append(machine.jdk()).append(", ").append(machine.os()).append('\n');
        md.append("- fabric: ").append(nodes).append(" node(s), database ").append(database)
                .append(", node JVM flags `").append(String.join(" ", jvmFlags)).append("`\n");
        md.append("- load: ").append(loadNotes).append("; warm-up ").append(fmt(warmupSeconds))
                .append(" s (not recorded)\n\n");
        md.append("## Open loop (propose + redeem, latency in ms, admission from the intended send time)\n\n");
        md.append("| rate/s | s | achieved/s | adm p50 | adm p99 | adm p99.9 | adm max | red p50 | red p99 | red p99.9 | red max | errors |\n");
        md.append("|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|\n");
        for (PhaseResult p : phases) {
            LatencySummary a = p.admission();
            LatencySummary r = p.redemption();
            md.append("| ").append(fmt(p.targetRate())).append(" | ").append(fmt(p.durationSeconds()))
                    .append(" | ").append(fmt(p.achievedRate()))
                    .append(" | ").append(LatencySummary.ms(a.p50())).append(" | ").append(LatencySummary.ms(a.p99()))
                    .append(" | ").append(LatencySummary.ms(a.p999())).append(" | ").append(LatencySummary.ms(a.max()))
                    .append(" | ").append(LatencySummary.ms(r.p50())).append(" | ").append(LatencySummary.ms(r.p99()))
                    .append(" | ").append(LatencySummary.ms(r.p999())).append(" | ").append(LatencySummary.ms(r.max()))
                    .append(" | ").append(errors(p.errorCount(), p.errors())).append(" |\n");
        }
        saturation.ifPresent(s -> {
            md.append("\n## Saturation (closed loop, admissions only, one node: ").append(s.node()).append(", ")
                    .append(fmt(s.stepSeconds())).append(" s per step)\n\n");
            md.append("| concurrency | admissions/s | p50 | p99 | p99.9 | max | errors |\n");
            md.append("|---:|---:|---:|---:|---:|---:|---|\n");
            for (SaturationResult.Step st : s.steps()) {
                LatencySummary l = st.latency();
                md.append("| ").append(st.concurrency()).append(" | ").append(fmt(st.admissionsPerSecond()))
                        .append(" | ").append(LatencySummary.ms(l.p50())).append(" | ").append(LatencySummary.ms(l.p99()))
                        .append(" | ").append(LatencySummary.ms(l.p999())).append(" | ").append(LatencySummary.ms(l.max()))
                        .append(" | ").append(errors(st.errorCount(), st.errors())).append(" |\n");
            }
            md.append('\n').append(s.best().map(b -> "Max sustained: " + fmt(b.admissionsPerSecond())
                    + " admissions/s at concurrency " + b.concurrency() + ", p99 " + LatencySummary.ms(b.latency().p99())
                    + " ms.").orElse("No step stayed under 1% errors.")).append('\n');
        });
        return md.toString();
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
        j.field("machine").open('{');
        j.field("cores").num(machine.cores());
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
        j.field("phases").open('[');
        for (PhaseResult p : phases) {
            j.item().open('{');
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
            j.field("errors");
            counts(j, p.errors());
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
                j.field("errors");
                counts(j, st.errors());
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

    private static void counts(Json j, Map<String, Long> m) {
        j.open('{');
        m.forEach((k, v) -> j.field(k).num(v));
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

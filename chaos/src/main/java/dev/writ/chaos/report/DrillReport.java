package dev.writ.chaos.report;

import dev.writ.chaos.check.Verdict;
import dev.writ.chaos.history.Event;
import dev.writ.chaos.history.EventType;
import dev.writ.chaos.history.Operation;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The report of one drill, {@code report.html} beside its PNG plots: the seed to reproduce, the
 * system under test, each invariant's verdict with its counterexamples, the faults, the plots
 * (timeline, latency, throughput, fault periods shaded), answers by operation and code, and the
 * operations that did not succeed. The full history is {@code history.jsonl} beside it.
 */
public final class DrillReport {
    /** Most failed or indeterminate operations listed in the page (the history has them all). */
    static final int MAX_LISTED = 300;

    /** What the report says about the run besides the history. */
    public record Meta(String scenario, String description, long seed, Instant startedAt, Duration took,
                       String system, Optional<String> evidenceProblem) {
    }

    private DrillReport() {
    }

    public static Path write(Path dir, Meta meta, List<Event> history, List<Verdict> verdicts) throws IOException {
        List<Operation> ops = Operation.pair(history);
        List<FaultPeriod> faults = FaultPeriod.of(history);
        Charts.timeline(ops, faults, dir.resolve("timeline.png"));
        Charts.latency(ops, faults, dir.resolve("latency.png"));
        Charts.throughput(ops, faults, dir.resolve("throughput.png"));
        Path html = dir.resolve("report.html");
        Files.writeString(html, html(meta, ops, faults, ServiceStall.of(history), verdicts), StandardCharsets.UTF_8);
        return html;
    }

    static String html(Meta meta, List<Operation> ops, List<FaultPeriod> faults, List<ServiceStall> stalls,
                       List<Verdict> verdicts) {
        boolean passed = verdicts.stream().allMatch(Verdict::held);
        StringBuilder h = new StringBuilder(32 * 1024);
        h.append("<!doctype html><html><head><meta charset=\"utf-8\"><title>writ drill ").append(esc(meta.scenario()))
                .append("</title><style>body{font-family:sans-serif;margin:2em;max-width:1200px}"
                        + "table{border-collapse:collapse}td,th{border:1px solid #ccc;padding:3px 8px;text-align:left;"
                        + "vertical-align:top}.HELD{color:#2e7d32;font-weight:bold}.VIOLATED,.UNKNOWN{color:#c62828;"
                        + "font-weight:bold}pre{margin:0;white-space:pre-wrap}</style></head><body>");
        h.append("<h1>writ drill ").append(esc(meta.scenario())).append(": ")
                .append(passed ? "<span class=HELD>every invariant held</span>" : "<span class=VIOLATED>an invariant failed</span>")
                .append("</h1>");
        h.append("<table>");
        row(h, "scenario", meta.scenario() + " — " + meta.description());
        row(h, "seed", meta.seed() + "  (reproduce: bin/writ drill " + meta.scenario() + " --seed " + meta.seed() + ")");
        row(h, "started", meta.startedAt().toString());
        row(h, "took", meta.took().toSeconds() + " s");
        row(h, "system under test", meta.system());
        row(h, "operations", ops.stream().filter(o -> !o.invoke().isNemesis()).count() + " client operations, "
                + faults.size() + " faults");
        meta.evidenceProblem().ifPresent(p -> row(h, "evidence", "could not be read: " + p));
        h.append("</table>");

        h.append("<h2>Invariants</h2><table><tr><th>invariant</th><th>verdict</th><th>what was checked</th>"
                + "<th>counterexamples</th></tr>");
        for (Verdict v : verdicts) {
            h.append("<tr><td><b>").append(esc(v.invariant())).append("</b><br>").append(esc(v.statement()))
                    .append("</td><td class=").append(v.status()).append('>').append(v.status()).append("</td><td>")
                    .append(esc(v.summary())).append("</td><td>");
            for (String c : v.counterexamples()) {
                h.append("<pre>").append(esc(c)).append("</pre>");
            }
            h.append(v.counterexamples().isEmpty() ? "none" : "").append("</td></tr>");
        }
        h.append("</table>");

        h.append("<h2>Faults</h2><table><tr><th>from (s)</th><th>to (s)</th><th>fault</th></tr>");
        for (FaultPeriod f : faults) {
            h.append("<tr><td>").append(String.format("%.1f", f.fromMicros() / 1e6)).append("</td><td>")
                    .append(String.format("%.1f", f.toMicros() / 1e6)).append("</td><td>").append(esc(f.description()))
                    .append("</td></tr>");
        }
        h.append("</table>");

        h.append("<h2>Service during faults</h2><p>Acknowledged operations per second at the nodes each fault did "
                + "not hit, from its injection to its heal, against their rate in the 8 s before it: the domain is back "
                + "from the first second after which every second holds at least half that rate.</p><table><tr>"
                + "<th>injected (s)</th><th>service</th></tr>");
        for (ServiceStall s : stalls) {
            h.append("<tr><td>").append(String.format("%.1f", s.injectedMicros() / 1e6)).append("</td><td>")
                    .append(esc(s.describe())).append("</td></tr>");
        }
        h.append("</table>");

        h.append("<h2>Timeline</h2><p>Every operation from invocation to completion, one row per client process "
                + "(and the nemesis); fault periods shaded.</p><img src=\"timeline.png\" alt=\"timeline\">");
        h.append("<h2>Latency and throughput</h2><img src=\"latency.png\" alt=\"latency\"><br>"
                + "<img src=\"throughput.png\" alt=\"throughput\">");

        h.append("<h2>Answers</h2><table><tr><th>operation</th><th>outcome</th><th>answer</th><th>count</th></tr>");
        Map<String, Integer> answers = new TreeMap<>();
        for (Operation op : ops) {
            if (op.invoke().isNemesis()) {
                continue;
            }
            String value = op.completion().map(Event::value).orElse("(never completed)");
            if (op.ok() || value == null) {
                value = op.ok() ? okLabel(op) : "";
            }
            answers.merge(op.invoke().f() + "\t" + op.outcome() + "\t" + shorten(value), 1, Integer::sum);
        }
        answers.forEach((k, n) -> {
            String[] parts = k.split("\t", -1);
            h.append("<tr><td>").append(esc(parts[0])).append("</td><td>").append(parts[1]).append("</td><td>")
                    .append(esc(parts[2])).append("</td><td>").append(n).append("</td></tr>");
        });
        h.append("</table>");

        h.append("<h2>Operations that did not succeed</h2><p>At most ").append(MAX_LISTED)
                .append("; all are in <a href=\"history.jsonl\">history.jsonl</a>. FAIL: certainly refused; INFO: "
                        + "unknown whether it took effect.</p><table>");
        int listed = 0;
        for (Operation op : ops) {
            if (op.invoke().isNemesis() || op.outcome() == EventType.OK) {
                continue;
            }
            if (listed++ >= MAX_LISTED) {
                break;
            }
            h.append("<tr><td><pre>").append(esc(op.describe())).append("</pre></td></tr>");
        }
        h.append("</table></body></html>\n");
        return h.toString();
    }

    private static String okLabel(Operation op) {
        String v = op.completion().map(Event::value).orElse("");
        return op.invoke().f().equals("revoke") ? "acknowledged" : v == null ? "" : v;
    }

    private static String shorten(String s) {
        return s.replaceAll("epoch \\d+, ", "").replaceAll("\\d+/\\d+ nodes", "n/N nodes")
                .replaceAll("(https?://)[^ ]*", "$1…");
    }

    private static void row(StringBuilder h, String k, String v) {
        h.append("<tr><th>").append(esc(k)).append("</th><td>").append(esc(v)).append("</td></tr>");
    }

    static String esc(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}

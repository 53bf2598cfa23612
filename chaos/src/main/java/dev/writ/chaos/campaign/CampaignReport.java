package dev.writ.chaos.campaign;

import dev.writ.chaos.Scenario;
import dev.writ.chaos.check.Verdict;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/**
 * The campaign's one page, {@code campaign.html}: the verdict and the command that reproduces the
 * campaign; per scenario and invariant how many runs held it; histograms of recovery times after
 * heals and of latency during faults, per scenario; and every run with a link to its own report.
 */
public final class CampaignReport {
    private CampaignReport() {
    }

    public static Path write(Path dir, String command, List<RunSummary> runs) throws IOException {
        Path html = dir.resolve("campaign.html");
        Files.writeString(html, html(command, runs), StandardCharsets.UTF_8);
        return html;
    }

    static String html(String command, List<RunSummary> runs) {
        boolean passed = runs.stream().allMatch(RunSummary::passed);
        StringBuilder h = new StringBuilder(16 * 1024);
        h.append("<!doctype html><html><head><meta charset=\"utf-8\"><title>writ drill campaign</title><style>")
                .append("body{font-family:sans-serif;margin:2em}table{border-collapse:collapse;margin:1em 0}")
                .append("td,th{border:1px solid #ccc;padding:4px 8px;text-align:right}th:first-child,td:first-child{text-align:left}")
                .append(".held{background:#e8f5e9}.broken{background:#ffebee;font-weight:bold}")
                .append(".bar{background:#90caf9;height:10px;display:inline-block;vertical-align:middle;margin-right:4px}")
                .append("</style></head><body>");
        long violated = runs.stream().filter(r -> !r.passed()).count();
        h.append("<h1>writ drill campaign: ").append(passed ? "PASSED" : "FAILED").append("</h1>")
                .append("<p>").append(runs.size()).append(" runs, ").append(violated)
                .append(" with a violated or unknown invariant or that could not run. Reproduce with <code>")
                .append(esc(command)).append("</code>; a run alone with <code>writ drill &lt;scenario&gt; --seed &lt;seed&gt;</code>.</p>");

        Map<Scenario, List<RunSummary>> byScenario = new LinkedHashMap<>();
        runs.forEach(r -> byScenario.computeIfAbsent(r.run().scenario(), s -> new ArrayList<>()).add(r));
        Set<String> invariants = new LinkedHashSet<>();
        runs.forEach(r -> r.verdicts().forEach(v -> invariants.add(v.invariant())));

        h.append("<h2>Invariants: runs that held them</h2><table><tr><th>scenario</th><th>runs</th>");
        invariants.forEach(i -> h.append("<th>").append(esc(i)).append("</th>"));
        h.append("</tr>");
        byScenario.forEach((scenario, list) -> {
            h.append("<tr><td>").append(esc(scenario.cliName())).append("</td><td>").append(list.size()).append("</td>");
            for (String invariant : invariants) {
                long held = list.stream().filter(r -> verdict(r, invariant).map(Verdict::held).orElse(false)).count();
                h.append("<td class=\"").append(held == list.size() ? "held" : "broken").append("\">").append(held)
                        .append("/").append(list.size()).append("</td>");
            }
            h.append("</tr>");
        });
        h.append("</table>");

        histogram(h, "Recovery after each heal (until a proposal was admitted and a writ redeemed)", byScenario,
                RunSummary::recoveryMillis, Histogram.RECOVERY_BOUNDS);
        histogram(h, "Latency of the requests sent during faults (answered ones)", byScenario,
                RunSummary::faultLatencyMillis, Histogram.LATENCY_BOUNDS);

        h.append("<h2>Runs</h2><table><tr><th>run</th><th>scenario</th><th>seed</th><th>verdict</th><th>not held</th></tr>");
        for (RunSummary r : runs) {
            String link = r.run().directory() + "/report.html";
            List<String> broken = r.verdicts().stream().filter(v -> !v.held())
                    .map(v -> v.invariant() + " " + v.status()).toList();
            h.append("<tr><td>").append(r.problem().isPresent() ? r.run().directory()
                            : "<a href=\"" + esc(link) + "\">" + esc(r.run().directory()) + "</a>")
                    .append("</td><td>").append(esc(r.run().scenario().cliName())).append("</td><td>").append(r.run().seed())
                    .append("</td><td class=\"").append(r.passed() ? "held\">PASSED" : "broken\">FAILED").append("</td><td>")
                    .append(esc(r.problem().orElse(String.join(", ", broken)))).append("</td></tr>");
        }
        h.append("</table></body></html>\n");
        return h.toString();
    }

    private static Optional<Verdict> verdict(RunSummary r, String invariant) {
        return r.verdicts().stream().filter(v -> v.invariant().equals(invariant)).findFirst();
    }

    private static void histogram(StringBuilder h, String title, Map<Scenario, List<RunSummary>> byScenario,
                                  Function<RunSummary, List<Long>> values, List<Long> bounds) {
        Map<String, Histogram> rows = new LinkedHashMap<>();
        List<Long> all = new ArrayList<>();
        byScenario.forEach((scenario, list) -> {
            List<Long> v = list.stream().flatMap(r -> values.apply(r).stream()).toList();
            all.addAll(v);
            rows.put(scenario.cliName(), Histogram.of(v, bounds));
        });
        rows.put("all", Histogram.of(all, bounds));
        h.append("<h2>").append(esc(title)).append("</h2><table><tr><th>scenario</th><th>n</th>");
        Histogram any = rows.get("all");
        for (int b = 0; b <= bounds.size(); b++) {
            h.append("<th>").append(esc(any.label(b))).append("</th>");
        }
        h.append("</tr>");
        rows.forEach((name, hist) -> {
            h.append("<tr><td>").append(esc(name)).append("</td><td>").append(hist.total()).append("</td>");
            for (long c : hist.counts()) {
                long width = hist.total() == 0 ? 0 : Math.round(60.0 * c / hist.total());
                h.append("<td><span class=\"bar\" style=\"width:").append(width).append("px\"></span>").append(c).append("</td>");
            }
            h.append("</tr>");
        });
        h.append("</table>");
    }

    private static String esc(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}

package dev.writ.node.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * ops/prometheus/writ-alerts.yml is valid for Prometheus ({@code promtool check rules}), its unit
 * tests pass ({@code promtool test rules}: a few alerts fire when they should and not before), and
 * every alert's runbook link names a section of docs/operating.md. promtool comes with the Debian
 * package prometheus, which .ci/run installs when it is missing; MetricsReferenceIT checks the
 * names the rules use against a real node.
 */
class AlertRulesTest {
    private static final Path RULES = Path.of("..", "ops", "prometheus", "writ-alerts.yml");
    private static final Path RULE_TESTS = Path.of("..", "ops", "prometheus", "writ-alerts.test.yml");
    private static final Path RUNBOOKS = Path.of("..", "docs", "operating.md");

    @Test
    void prometheusAcceptsTheRules() throws Exception {
        Result check = promtool("check", "rules", RULES.toString());
        assertThat(check.exit()).as(check.output()).isZero();
        assertThat(check.output()).contains("SUCCESS");
    }

    @Test
    void theRulesUnitTestsPass() throws Exception {
        Result test = promtool("test", "rules", RULE_TESTS.toString());
        assertThat(test.exit()).as(test.output()).isZero();
        assertThat(test.output()).contains("SUCCESS");
    }

    @Test
    void everyAlertHasARunbookSection() throws IOException {
        String rules = Files.readString(RULES, StandardCharsets.UTF_8);
        List<String> alerts = all(Pattern.compile("- alert: (\\w+)"), rules);
        List<String> runbooks = all(Pattern.compile("runbook: docs/operating\\.md#(\\S+)"), rules);
        assertThat(alerts).as("alerts in the rules").hasSizeGreaterThan(10);
        assertThat(runbooks).as("each alert links its own runbook")
                .isEqualTo(alerts.stream().map(a -> a.toLowerCase(Locale.ROOT)).toList());
        List<String> sections = all(Pattern.compile("(?m)^#{2,4} (\\w+)$"), Files.readString(RUNBOOKS, StandardCharsets.UTF_8))
                .stream().map(s -> s.toLowerCase(Locale.ROOT)).toList();
        assertThat(sections).as("sections of docs/operating.md").containsAll(runbooks);
    }

    private static List<String> all(Pattern pattern, String text) {
        List<String> out = new ArrayList<>();
        Matcher m = pattern.matcher(text);
        while (m.find()) {
            out.add(m.group(1));
        }
        return out;
    }

    private record Result(int exit, String output) {
    }

    private static Result promtool(String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of("promtool"));
        command.addAll(List.of(args));
        Process p;
        try {
            p = new ProcessBuilder(command).redirectErrorStream(true).start();
        } catch (IOException e) {
            throw new AssertionError("promtool is not installed: apt-get install -y prometheus (.ci/run does it)", e);
        }
        boolean done = p.waitFor(60, TimeUnit.SECONDS);
        if (!done) {
            p.destroyForcibly();
            throw new AssertionError("promtool " + String.join(" ", args) + " did not finish within 60 s");
        }
        return new Result(p.exitValue(), new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8));
    }
}

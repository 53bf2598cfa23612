package dev.writ.node;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.util.ContextInitializer;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.typesafe.config.ConfigFactory;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/**
 * writ.log.format: json makes every log line one JSON object with the level, the logger and the
 * formatted message; text is the line people read; anything else is refused; only a format the
 * JVM's logging did not start in reloads it. The node's own logback.xml is loaded, as NodeMain
 * does; the test's logging is restored afterwards.
 */
class LogFormatTest {
    private final PrintStream original = System.err;
    private final ByteArrayOutputStream captured = new ByteArrayOutputStream();

    @BeforeEach
    void capture() {
        System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
    }

    @AfterEach
    void restore() throws Exception {
        System.setErr(original);
        LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
        context.reset();
        new ContextInitializer(context).autoConfig();
    }

    @Test
    void jsonGivesOneObjectPerLine() throws Exception {
        LogFormat.of(config("json")).reload();
        LoggerFactory.getLogger("dev.writ.node.Probe").info("revocation epoch {} held by {}", 7, "node-1");
        LoggerFactory.getLogger("dev.writ.node.Probe").warn("a second line");

        List<String> lines = captured.toString(StandardCharsets.UTF_8).lines().toList();
        assertThat(lines).hasSize(2);
        JsonNode first = new ObjectMapper().readTree(lines.get(0));
        assertThat(first.get("level").asText()).isEqualTo("INFO");
        assertThat(first.get("loggerName").asText()).isEqualTo("dev.writ.node.Probe");
        assertThat(first.get("formattedMessage").asText()).isEqualTo("revocation epoch 7 held by node-1");
        assertThat(first.get("timestamp").asLong()).isPositive();
        assertThat(new ObjectMapper().readTree(lines.get(1)).get("level").asText()).isEqualTo("WARN");
    }

    @Test
    void textGivesTheLinePeopleRead() {
        LogFormat.of(config("text")).reload();
        LoggerFactory.getLogger("dev.writ.node.Probe").info("policy v{} in force", 3);

        String line = captured.toString(StandardCharsets.UTF_8).strip();
        assertThat(line).endsWith("INFO  dev.writ.node.Probe - policy v3 in force").doesNotContain("{");
    }

    @Test
    void onlyAFormatLoggingDidNotStartInReloadsIt() {
        LogFormat.configure(config(LogFormat.started().name().toLowerCase(Locale.ROOT)));
        LoggerFactory.getLogger("dev.writ.node.Probe").warn("as the JVM started");
        assertThat(captured.toString(StandardCharsets.UTF_8)).as("the test's own logging, untouched")
                .contains("WARN  dev.writ.node.Probe - as the JVM started");

        captured.reset();
        LogFormat other = LogFormat.started() == LogFormat.TEXT ? LogFormat.JSON : LogFormat.TEXT;
        LogFormat.configure(config(other.name().toLowerCase(Locale.ROOT)));
        LoggerFactory.getLogger("dev.writ.node.Probe").info("reloaded");
        assertThat(captured.toString(StandardCharsets.UTF_8)).as("the node's logback.xml, at INFO").contains("reloaded");
    }

    @Test
    void theDefaultIsTextAndAnUnknownFormatIsRefused() {
        assertThat(LogFormat.of(NodeMain.compose(ConfigFactory.empty()))).isEqualTo(LogFormat.TEXT);
        assertThatThrownBy(() -> LogFormat.of(config("xml")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("writ.log.format must be text or json, got 'xml'");
    }

    private static com.typesafe.config.Config config(String format) {
        return ConfigFactory.parseMap(Map.of("writ.log.format", format));
    }
}

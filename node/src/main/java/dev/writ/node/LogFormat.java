package dev.writ.node;

import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.joran.JoranConfigurator;
import ch.qos.logback.core.joran.spi.JoranException;
import com.typesafe.config.Config;
import java.net.URL;
import java.util.Locale;
import java.util.Objects;
import org.slf4j.ILoggerFactory;
import org.slf4j.LoggerFactory;

/**
 * {@code writ.log.format}: the node's log lines as text (for people) or JSON (one object per
 * line, for log shippers), docs/operating.md "Logs". Logback reads the choice at JVM start from
 * {@code -Dwrit.log.format} or {@code WRIT_LOG_FORMAT}; a format set only in the node's
 * configuration file takes effect here, by reloading the node's logback.xml with it. Logging is the
 * JVM's, so only a process that runs one node (NodeMain) configures it.
 */
public enum LogFormat {
    TEXT, JSON;

    /** The format {@code config} asks for; an unknown one is refused, naming the choices. */
    public static LogFormat of(Config config) {
        String name = config.getString("writ.log.format");
        try {
            return valueOf(name.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("writ.log.format must be text or json, got '" + name + "'");
        }
    }

    /**
     * Logs in the format {@code config} asks for, when logging did not start in it: only a format
     * set in the node's configuration file reloads logging, so a node started with the format in a
     * system property or the environment (or none) keeps the logging its JVM started with.
     */
    public static void configure(Config config) {
        LogFormat wanted = of(config);
        if (wanted != started()) {
            wanted.reload();
        }
    }

    /** The format logback.xml chose at JVM start: -Dwrit.log.format, else WRIT_LOG_FORMAT, else text. */
    static LogFormat started() {
        String name = System.getProperty("writ.log.format", Objects.requireNonNullElse(System.getenv("WRIT_LOG_FORMAT"), "text"));
        return name.equalsIgnoreCase("json") ? JSON : TEXT;
    }

    /** Reloads the node's logback.xml in this format (a no-op when logging is not logback's). */
    void reload() {
        ILoggerFactory factory = LoggerFactory.getILoggerFactory();
        if (!(factory instanceof LoggerContext context)) {
            return;
        }
        URL file = LogFormat.class.getResource("/logback.xml");
        if (file == null) {
            throw new IllegalStateException("logback.xml is missing from the node's jar");
        }
        context.reset();
        context.putProperty("writ.log.format", name().toLowerCase(Locale.ROOT));
        JoranConfigurator configurator = new JoranConfigurator();
        configurator.setContext(context);
        try {
            configurator.doConfigure(file);
        } catch (JoranException e) {
            throw new IllegalStateException("cannot configure logging from " + file + ": " + e.getMessage(), e);
        }
    }
}

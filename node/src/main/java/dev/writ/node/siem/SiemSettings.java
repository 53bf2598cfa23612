package dev.writ.node.siem;

import com.typesafe.config.Config;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

/**
 * {@code writ.siem}: where the node's events go and how hard the exporter tries. Every bound is
 * checked here, so a node with a bad setting refuses to start instead of exporting nothing.
 *
 * @param file the rotating JSON-lines file, when {@code file.path} is set
 * @param http the collector, when {@code http.url} is set
 */
public record SiemSettings(boolean enabled, Duration pollInterval, int batchSize, int healthQueue,
                           Optional<FileSink> file, Optional<HttpSink> http, Duration backoffMin, Duration backoffMax) {
    /** Upper bound of {@code batch-size}: one round's records of one lane, held in memory at once. */
    static final int MAX_BATCH = 10_000;

    public record FileSink(Path path, long maxBytes, int keep) {
    }

    public record HttpSink(URI url, Duration timeout) {
    }

    public static SiemSettings from(Config writ) {
        Config c = writ.getConfig("siem");
        Duration poll = positive(c, "poll-interval");
        int batch = c.getInt("batch-size");
        if (batch < 1 || batch > MAX_BATCH) {
            throw new IllegalArgumentException("writ.siem.batch-size must be within 1.." + MAX_BATCH + ", got " + batch);
        }
        int queue = c.getInt("health-queue");
        if (queue < 1 || queue > MAX_BATCH) {
            throw new IllegalArgumentException("writ.siem.health-queue must be within 1.." + MAX_BATCH + ", got " + queue);
        }
        Optional<FileSink> file = Optional.empty();
        if (!c.getString("file.path").isBlank()) {
            long maxBytes = c.getBytes("file.max-bytes");
            int keep = c.getInt("file.keep");
            if (maxBytes < 1024) {
                throw new IllegalArgumentException("writ.siem.file.max-bytes must be at least 1 KiB, got " + maxBytes);
            }
            if (keep < 1 || keep > 1000) {
                throw new IllegalArgumentException("writ.siem.file.keep must be within 1..1000, got " + keep);
            }
            file = Optional.of(new FileSink(Path.of(c.getString("file.path")), maxBytes, keep));
        }
        Optional<HttpSink> http = Optional.empty();
        if (!c.getString("http.url").isBlank()) {
            URI url = URI.create(c.getString("http.url"));
            if (!"http".equals(url.getScheme()) && !"https".equals(url.getScheme())) {
                throw new IllegalArgumentException("writ.siem.http.url must be http or https, got " + url);
            }
            http = Optional.of(new HttpSink(url, positive(c, "http.timeout")));
        }
        Duration min = positive(c, "backoff-min");
        Duration max = positive(c, "backoff-max");
        if (max.compareTo(min) < 0) {
            throw new IllegalArgumentException("writ.siem.backoff-max must be at least backoff-min");
        }
        boolean enabled = c.getBoolean("enabled");
        if (enabled && file.isEmpty() && http.isEmpty()) {
            throw new IllegalArgumentException("writ.siem.enabled needs writ.siem.file.path or writ.siem.http.url");
        }
        return new SiemSettings(enabled, poll, batch, queue, file, http, min, max);
    }

    private static Duration positive(Config c, String path) {
        Duration d = c.getDuration(path);
        if (d.isNegative() || d.isZero()) {
            throw new IllegalArgumentException("writ.siem." + path + " must be positive, got " + d);
        }
        return d;
    }
}

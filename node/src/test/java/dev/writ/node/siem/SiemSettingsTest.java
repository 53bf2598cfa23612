package dev.writ.node.siem;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import java.util.Map;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** writ.siem: off by default, and a setting out of bounds stops the node with its name. */
class SiemSettingsTest {
    @Test
    void offByDefaultWithNoSink() {
        SiemSettings settings = SiemSettings.from(defaults(Map.of()));
        assertThat(settings.enabled()).isFalse();
        assertThat(settings.file()).isEmpty();
        assertThat(settings.http()).isEmpty();
    }

    @Test
    void badSettingsAreRefusedByName() {
        assertThatThrownBy(() -> SiemSettings.from(defaults(Map.of("enabled", true))))
                .hasMessageContaining("writ.siem.file.path or writ.siem.http.url");
        assertThatThrownBy(() -> SiemSettings.from(defaults(Map.of("batch-size", 0)))).hasMessageContaining("batch-size");
        assertThatThrownBy(() -> SiemSettings.from(defaults(Map.of("http.url", "ftp://collector"))))
                .hasMessageContaining("http or https");
        assertThatThrownBy(() -> SiemSettings.from(defaults(Map.of("file.path", "/tmp/x", "file.keep", 0))))
                .hasMessageContaining("file.keep");
        assertThatThrownBy(() -> SiemSettings.from(defaults(Map.of("backoff-min", "10s", "backoff-max", "1s"))))
                .hasMessageContaining("backoff-max");
        assertThatThrownBy(() -> SiemSettings.from(defaults(Map.of("poll-interval", "0s"))))
                .hasMessageContaining("poll-interval");
    }

    private static Config defaults(Map<String, Object> siem) {
        return ConfigFactory.parseMap(siem).atPath("siem").withFallback(ConfigFactory.defaultReference().getConfig("writ"));
    }
}

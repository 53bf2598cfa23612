package dev.writ.node.console;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ConsoleSettingsTest {
    private static Config writ(String overrides) {
        return ConfigFactory.parseString(overrides).withFallback(ConfigFactory.defaultReference()).getConfig("writ");
    }

    @Test
    void theConsoleIsOffByDefaultOnLoopbackWithAOneMinuteSingleUseCode() {
        ConsoleSettings s = ConsoleSettings.from(writ(""));
        assertThat(s.enabled()).isFalse();
        assertThat(s.host()).isEqualTo("127.0.0.1");
        assertThat(s.loginCodeTtl()).isEqualTo(Duration.ofSeconds(60));
        assertThat(s.drills()).isEqualTo(Optional.empty());
    }

    @Test
    void badBoundsAreRefusedAtStart() {
        assertThatThrownBy(() -> ConsoleSettings.from(writ("writ.console.max-sessions = 0")))
                .hasMessageContaining("writ.console.max-sessions");
        assertThatThrownBy(() -> ConsoleSettings.from(writ("writ.console.login-code-ttl = 0s")))
                .hasMessageContaining("writ.console.login-code-ttl");
        assertThatThrownBy(() -> ConsoleSettings.from(writ("writ.console.port = 70000")))
                .hasMessageContaining("writ.console.port");
    }
}

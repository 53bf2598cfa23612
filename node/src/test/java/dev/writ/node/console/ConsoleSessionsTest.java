package dev.writ.node.console;

import static dev.writ.node.console.LoginCodesTest.assertRefused;
import static org.assertj.core.api.Assertions.assertThat;

import dev.writ.node.refusal.RefusalCode;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ConsoleSessionsTest {
    private final ConsoleSessions sessions = new ConsoleSessions(Duration.ofHours(1), 1, new SecureRandom());

    @Test
    void aSessionNamesItsOperatorUntilItExpiresOrIsClosed() throws Exception {
        ConsoleSessions.Opened opened = sessions.open("ops", 0);
        assertThat(sessions.require(Optional.of(opened.id()), 3_599_999)).isEqualTo("ops");
        assertRefused(() -> sessions.require(Optional.of(opened.id()), 3_600_000), RefusalCode.CONSOLE_SESSION_REQUIRED);

        ConsoleSessions.Opened again = sessions.open("ops", 3_600_000);
        sessions.close(Optional.of(again.id()));
        assertRefused(() -> sessions.require(Optional.of(again.id()), 3_600_001), RefusalCode.CONSOLE_SESSION_REQUIRED);
    }

    @Test
    void noCookieOrAnUnknownOneIsRefused() {
        assertRefused(() -> sessions.require(Optional.empty(), 0), RefusalCode.CONSOLE_SESSION_REQUIRED);
        assertRefused(() -> sessions.require(Optional.of("B".repeat(43)), 0), RefusalCode.CONSOLE_SESSION_REQUIRED);
    }

    @Test
    void aFullConsoleRefusesALoginRatherThanEvictASession() throws Exception {
        ConsoleSessions.Opened first = sessions.open("ops", 0);
        assertRefused(() -> sessions.open("other", 1), RefusalCode.CONSOLE_BUSY);
        assertThat(sessions.require(Optional.of(first.id()), 2)).isEqualTo("ops");
    }
}

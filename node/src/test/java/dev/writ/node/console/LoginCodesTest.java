package dev.writ.node.console;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.writ.node.refusal.Refusal;
import dev.writ.node.refusal.RefusalCode;
import java.security.SecureRandom;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class LoginCodesTest {
    private final LoginCodes codes = new LoginCodes(Duration.ofSeconds(60), 2, new SecureRandom());

    @Test
    void aCodeIsExchangedOnceForItsOperatorAndThenRefusedAsUsed() throws Exception {
        LoginCodes.Issued issued = codes.issue("ops", 1_000);
        assertThat(issued.code()).hasSize(43);
        assertThat(issued.expiresAtMillis()).isEqualTo(61_000);
        assertThat(codes.redeem(issued.code(), 2_000)).isEqualTo("ops");
        assertRefused(() -> codes.redeem(issued.code(), 2_001), RefusalCode.LOGIN_CODE_USED);
    }

    @Test
    void aCodeExpiresAfterItsTtl() throws Exception {
        LoginCodes.Issued issued = codes.issue("ops", 1_000);
        assertRefused(() -> codes.redeem(issued.code(), 61_000), RefusalCode.LOGIN_CODE_EXPIRED);
        assertRefused(() -> codes.redeem(issued.code(), 61_001), RefusalCode.LOGIN_CODE_UNKNOWN);
    }

    @Test
    void codesNeverIssuedOrMalformedAreUnknown() {
        assertRefused(() -> codes.redeem("A".repeat(43), 0), RefusalCode.LOGIN_CODE_UNKNOWN);
        assertRefused(() -> codes.redeem("../../etc/passwd", 0), RefusalCode.LOGIN_CODE_UNKNOWN);
        assertRefused(() -> codes.redeem(null, 0), RefusalCode.LOGIN_CODE_UNKNOWN);
    }

    @Test
    void beyondItsBoundNoCodeIsIssuedUntilOneExpires() throws Exception {
        codes.issue("ops", 0);
        codes.issue("ops", 0);
        assertRefused(() -> codes.issue("ops", 59_999), RefusalCode.CONSOLE_BUSY);
        assertThat(codes.issue("ops", 60_000).operator()).isEqualTo("ops");
    }

    @Test
    void twoCodesAreNeverTheSame() throws Exception {
        assertThat(codes.issue("a", 0).code()).isNotEqualTo(codes.issue("a", 0).code());
    }

    interface Call {
        void run() throws Refusal;
    }

    static void assertRefused(Call call, RefusalCode code) {
        assertThatThrownBy(call::run).isInstanceOfSatisfying(Refusal.class, r -> assertThat(r.code()).isEqualTo(code));
    }
}

package dev.writ.node.console;

import dev.writ.node.refusal.Refusal;
import dev.writ.node.refusal.RefusalCode;
import dev.writ.protocol.wire.ConsoleLoginCode;
import java.time.Clock;
import java.util.Optional;

/**
 * The API's side of a console login ({@code POST /v1/console/login-codes}): a code for the operator
 * the request was signed by, and the URL to open. The URL names the console's own address, with
 * the code in the fragment, which browsers never send and servers therefore never log.
 */
public final class ConsoleLogin {
    private final Optional<LoginCodes> codes;
    private final String baseUrl;
    private final Clock clock;

    private ConsoleLogin(Optional<LoginCodes> codes, String baseUrl, Clock clock) {
        this.codes = codes;
        this.baseUrl = baseUrl;
        this.clock = clock;
    }

    /** A node without a console: every request for a code is CONSOLE_DISABLED. */
    public static ConsoleLogin disabled() {
        return new ConsoleLogin(Optional.empty(), "", Clock.systemUTC());
    }

    static ConsoleLogin of(LoginCodes codes, String baseUrl, Clock clock) {
        return new ConsoleLogin(Optional.of(codes), baseUrl, clock);
    }

    /**
     * @param operator the operator whose credential held; empty when the node takes requests without
     *                 one (operator-credentials = optional), which a console login never accepts
     */
    public ConsoleLoginCode issue(Optional<String> operator) throws Refusal {
        if (codes.isEmpty()) {
            throw new Refusal(RefusalCode.CONSOLE_DISABLED, "", "set writ.console.enabled = true to serve the console");
        }
        if (operator.isEmpty()) {
            throw new Refusal(RefusalCode.OPERATOR_REQUIRED, "", "a console login is bound to an operator: sign the"
                    + " request with the operator's key (writ console login --operator-key)");
        }
        LoginCodes.Issued issued = codes.get().issue(operator.get(), clock.millis());
        return ConsoleLoginCode.newBuilder()
                .setCode(issued.code())
                .setExpiresAtMillis(issued.expiresAtMillis())
                .setOperatorId(issued.operator())
                .setUrl(baseUrl + "/login#code=" + issued.code())
                .build();
    }
}

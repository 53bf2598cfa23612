package dev.writ.cli;

import dev.writ.protocol.ProtocolException;
import dev.writ.protocol.client.WritRefusedException;
import dev.writ.protocol.wire.ConsoleLoginCode;
import dev.writ.protocol.wire.ConsoleLoginRequest;
import java.io.IOException;
import java.time.Instant;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/**
 * `writ console login`: a console login code for the operator (POST /v1/console/login-codes, signed
 * with the operator's key), printed as the URL to open. The key stays in this process: the page
 * only ever sees the code, which works once and briefly (D72).
 */
@Command(name = "login", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Get a single-use login code for the node's operator console and print the URL to open.",
                "Signed with the operator's key (--operator, --operator-key); the code works once, within",
                "writ.console.login-code-ttl (60 s by default), at the node that issued it."},
        footer = ClientExit.TABLE)
final class ConsoleLoginCommand extends ClientCommand {
    @Mixin
    private OperatorOptions operator;

    @Override
    public ClientOutput.Answer run() throws WritRefusedException, IOException, ClientOutput.Failure, ProtocolException {
        if (operator.key == null || operator.id == null) {
            throw ClientOutput.usage("MISSING_OPERATOR", "a console login is the operator's: give --operator and"
                    + " --operator-key");
        }
        ConsoleLoginCode code = operator.sign(node()).build().consoleLoginCode(
                ConsoleLoginRequest.newBuilder().setIssuer(operator.id).build());
        String text = "Open " + code.getUrl()
                + "\n  operator " + code.getOperatorId()
                + "\n  the code works once, until " + Instant.ofEpochMilli(code.getExpiresAtMillis());
        return new ClientOutput.Answer(ClientExit.OK, text, ClientOutput.json(code));
    }
}

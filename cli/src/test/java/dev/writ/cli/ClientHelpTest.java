package dev.writ.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** Every client command's help carries the exit codes scripts rely on, and the node it talks to by default. */
class ClientHelpTest {
    @Test
    void everyClientCommandDocumentsItsExitCodes() {
        for (String command : new String[] {"propose", "redeem", "approve", "revoke", "status", "bundle", "health",
                "console login"}) {
            StringWriter out = new StringWriter();
            CommandLine cli = new CommandLine(new WritCommand());
            cli.setOut(new PrintWriter(out));
            assertThat(cli.execute((command + " --help").split(" "))).isZero();
            assertThat(out.toString()).as(command)
                    .contains("Exit codes:", "  0  ok", "  1  refused", "  2  usage", "  3  unreachable", "  4  DENY",
                            "  5  ESCALATE", "--node=<url>", "$WRIT_NODE", "http://127.0.0.1:7401", "-o, --output=text|json");
        }
    }

    @Test
    void proveDocumentsItsExitCodesAndAsksNoNode() {
        StringWriter out = new StringWriter();
        CommandLine cli = new CommandLine(new WritCommand());
        cli.setOut(new PrintWriter(out));
        assertThat(cli.execute("prove", "--help")).isZero();
        assertThat(out.toString()).contains("Exit codes:", "  0  ok", "  2  usage", "--pep=<spiffe-id>", "--agent-key",
                "-o, --output=text|json").doesNotContain("--node=<url>");
    }
}

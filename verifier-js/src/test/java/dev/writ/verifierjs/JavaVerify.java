package dev.writ.verifierjs;

import dev.writ.cli.WritCommand;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine;

/** The reference: `writ verify --json`, the command itself, run in this JVM. */
final class JavaVerify {
    private JavaVerify() {
    }

    static Outcome run(List<String> args) {
        StringWriter out = new StringWriter();
        CommandLine cli = new CommandLine(new WritCommand());
        cli.setOut(new PrintWriter(out));
        cli.setErr(new PrintWriter(out));
        List<String> argv = new ArrayList<>(List.of("verify", "--json"));
        argv.addAll(args);
        int exit = cli.execute(argv.toArray(String[]::new));
        return Outcome.of(exit, out.toString());
    }
}

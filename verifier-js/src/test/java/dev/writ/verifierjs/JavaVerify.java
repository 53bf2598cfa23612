package dev.writ.verifierjs;

import dev.writ.cli.WritCommand;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine;

/** The reference: `writ verify`, the command itself, run in this JVM. */
final class JavaVerify {
    private JavaVerify() {
    }

    /** `writ verify --json` with {@code args}. */
    static Outcome run(List<String> args) {
        List<String> json = new ArrayList<>(List.of("--json"));
        json.addAll(args);
        Printed printed = execute(json);
        return Outcome.of(printed.exit(), printed.out());
    }

    /** What `writ verify` with {@code args} prints for people: a line per check, then the answer. */
    static String text(List<String> args) {
        return execute(args).out();
    }

    private record Printed(int exit, String out) {
    }

    private static Printed execute(List<String> args) {
        StringWriter out = new StringWriter();
        CommandLine cli = new CommandLine(new WritCommand());
        cli.setOut(new PrintWriter(out));
        cli.setErr(new PrintWriter(out));
        List<String> argv = new ArrayList<>(List.of("verify"));
        argv.addAll(args);
        int exit = cli.execute(argv.toArray(String[]::new));
        return new Printed(exit, out.toString());
    }
}

package dev.writ.cli;

import java.io.PrintWriter;
import java.io.StringWriter;
import picocli.CommandLine;

/** One `writ` command run in-process: its exit code and everything it printed (out and err together). */
record CliRun(int exit, String out) {
    static CliRun of(String... args) {
        StringWriter out = new StringWriter();
        CommandLine cli = new CommandLine(new WritCommand());
        cli.setOut(new PrintWriter(out));
        cli.setErr(new PrintWriter(out));
        return new CliRun(cli.execute(args), out.toString());
    }
}

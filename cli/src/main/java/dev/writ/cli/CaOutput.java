package dev.writ.cli;

import java.io.IOException;
import java.io.PrintWriter;

/** How the `ca` subcommands report a refusal or an I/O failure: one line with a stable code, then the exit code. */
final class CaOutput {
    private CaOutput() {
    }

    static int refused(PrintWriter out, String code, String detail) {
        out.println("REFUSED: " + code + ": " + detail);
        out.flush();
        return CaCommand.REFUSED;
    }

    static int unreadable(PrintWriter out, IOException e) {
        out.println("UNREADABLE: " + e.getClass().getSimpleName() + ": " + e.getMessage());
        out.flush();
        return CaCommand.UNREADABLE;
    }
}

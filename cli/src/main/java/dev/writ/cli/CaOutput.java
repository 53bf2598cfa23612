package dev.writ.cli;

import dev.writ.protocol.ProtocolException;
import dev.writ.protocol.crypto.SecretFiles;
import dev.writ.protocol.identity.Pem;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import picocli.CommandLine.Model.CommandSpec;

/**
 * How the `ca` subcommands run: one step that prints to the console; a refusal, malformed input or
 * an I/O failure becomes one line with a stable code (REFUSED: / UNREADABLE:), and the exit code.
 */
final class CaOutput {
    private CaOutput() {
    }

    /** What a `ca` subcommand does, printing to {@code console}. */
    @FunctionalInterface
    interface Step {
        void run(PrintWriter console) throws Refused, ProtocolException, IOException, InterruptedException;
    }

    /** A refusal the step names itself, with its stable code. */
    static final class Refused extends Exception {
        private final String code;

        Refused(String code, String detail) {
            super(detail, null, false, false);
            this.code = code;
        }
    }

    static int run(CommandSpec spec, Step step) {
        PrintWriter console = spec.commandLine().getOut();
        try {
            step.run(console);
            console.flush();
            return CaCommand.DONE;
        } catch (Refused e) {
            return refused(console, e.code, e.getMessage());
        } catch (ProtocolException e) {
            return refused(console, e.fault().name(), e.detail());
        } catch (IllegalArgumentException e) {
            return refused(console, "MALFORMED", e.getMessage());
        } catch (IOException e) {
            return unreadable(console, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return unreadable(console, new IOException("interrupted"));
        }
    }

    /** Writes a new private key file readable by its owner only; an existing file is never overwritten (KEY_EXISTS). */
    static void writeOwnerOnly(Path file, String pem) throws Refused, IOException {
        try {
            SecretFiles.create(file, pem);
        } catch (java.nio.file.FileAlreadyExistsException e) {
            throw new Refused("KEY_EXISTS", file + " already exists; a key is never overwritten");
        }
    }

    /** Writes {@code chain} (DER, leaf first) as the PEM chain a holder presents. */
    static void writeChain(Path file, List<byte[]> chain) throws IOException {
        StringBuilder pem = new StringBuilder();
        for (byte[] der : chain) {
            pem.append(Pem.encode(Pem.CERTIFICATE, der));
        }
        Files.writeString(file, pem);
    }

    private static int refused(PrintWriter out, String code, String detail) {
        out.println("REFUSED: " + code + ": " + detail);
        out.flush();
        return CaCommand.REFUSED;
    }

    private static int unreadable(PrintWriter out, IOException e) {
        out.println("UNREADABLE: " + e.getClass().getSimpleName() + ": " + e.getMessage());
        out.flush();
        return CaCommand.UNREADABLE;
    }
}

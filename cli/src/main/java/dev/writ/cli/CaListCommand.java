package dev.writ.cli;

import dev.writ.authority.ca.CaDirectory;
import dev.writ.protocol.ProtocolException;
import java.io.IOException;
import java.io.PrintWriter;
import java.time.Instant;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** `writ ca list`: the agent certificates issued from a CA directory and their state. */
@Command(name = "list", mixinStandardHelpOptions = true,
        description = "List the agent certificates issued from a CA directory: serial, agent, expiry, state.")
final class CaListCommand extends CaStep {
    @Mixin
    private CaDirectoryOption ca;

    @Override
    public void run(PrintWriter out) throws CaOutput.Refused, ProtocolException, IOException, InterruptedException {
        Instant now = Instant.now();
        out.printf("%-34s %-8s %-22s %s%n", "SERIAL", "STATE", "NOT AFTER", "AGENT");
        for (CaDirectory.Issued i : ca.directory().list()) {
            String state = i.revocation().isPresent() ? "REVOKED" : i.notAfter().isBefore(now) ? "EXPIRED" : "VALID";
            out.printf("%-34s %-8s %-22s %s%n", i.serialHex(), state, i.notAfter(), i.agent());
        }
    }
}

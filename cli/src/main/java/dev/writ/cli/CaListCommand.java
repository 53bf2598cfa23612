package dev.writ.cli;

import dev.writ.authority.ca.CaDirectory;
import java.time.Instant;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine;

/** `writ ca list`: the agent certificates issued from a CA directory and their state. */
@Command(name = "list", mixinStandardHelpOptions = true,
        description = "List the agent certificates issued from a CA directory: serial, agent, expiry, state.")
final class CaListCommand implements Callable<Integer> {
    @Mixin
    private CaDirectoryOption ca;

    @CommandLine.Spec
    private CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        return CaOutput.run(spec, out -> {
            Instant now = Instant.now();
            out.printf("%-34s %-8s %-22s %s%n", "SERIAL", "STATE", "NOT AFTER", "AGENT");
            for (CaDirectory.Issued i : ca.directory().list()) {
                String state = i.revocation().isPresent() ? "REVOKED" : i.notAfter().isBefore(now) ? "EXPIRED" : "VALID";
                out.printf("%-34s %-8s %-22s %s%n", i.serialHex(), state, i.notAfter(), i.agent());
            }
        });
    }
}

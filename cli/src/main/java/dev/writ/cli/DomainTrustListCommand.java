package dev.writ.cli;

import dev.writ.authority.ca.TrustedRoots;
import java.io.IOException;
import java.io.PrintWriter;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** `writ domain trust list`: the roots a node's trust store holds, its own domain's first. */
@Command(name = "list", mixinStandardHelpOptions = true,
        description = {"List the roots in a node's Artery trust store: domain, SHA-256, expiry."})
final class DomainTrustListCommand extends CaStep {
    @Mixin
    private TlsConfigOption tls;

    @Override
    public void run(PrintWriter console) throws CaOutput.Refused, IOException {
        TlsConfigOption.TrustStore store = tls.trustStore();
        for (TrustedRoots.Root root : TrustedRoots.list(store.path(), store.password())) {
            console.println(root.domain() + " " + root.fingerprint() + " until " + root.notAfter());
        }
    }
}

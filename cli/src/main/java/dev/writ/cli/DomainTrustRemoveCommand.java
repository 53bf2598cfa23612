package dev.writ.cli;

import dev.writ.authority.ca.TrustedRoots;
import java.io.IOException;
import java.io.PrintWriter;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * `writ domain trust remove`: a departed partner's root out of a node's trust store; the node
 * refuses new Artery connections from that domain's nodes from its next handshake on. The node's
 * own root stays (OWN_ROOT).
 */
@Command(name = "remove", mixinStandardHelpOptions = true,
        description = {"Remove a partner domain's root from a node's Artery trust store, by fingerprint.",
                "New connections from that domain's nodes are refused from then on, without a restart."})
final class DomainTrustRemoveCommand extends CaStep {
    @Mixin
    private TlsConfigOption tls;

    @Option(names = "--fingerprint", required = true, paramLabel = "<hex>", description = "the root's SHA-256 (hex)")
    private String fingerprint;

    @Override
    public void run(PrintWriter console) throws CaOutput.Refused, IOException {
        TlsConfigOption.TrustStore store = tls.trustStore();
        try {
            TrustedRoots.Root removed = TrustedRoots.remove(store.path(), store.password(), fingerprint);
            console.println("removed the root of domain " + removed.domain() + " (SHA-256 " + removed.fingerprint()
                    + ") from " + store.path());
        } catch (TrustedRoots.Refused e) {
            throw RootRefusals.of(e);
        }
    }
}

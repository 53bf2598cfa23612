package dev.writ.cli;

import dev.writ.authority.ca.TrustedRoots;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Instant;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * `writ domain trust add`: a partner's root into a node's trust store, only when its fingerprint
 * is the one its owner gave out of band (FINGERPRINT_MISMATCH otherwise) and it is a root naming its
 * trust domain. Membership, not trust: the partner's envelopes are still verified against its keys
 * on chain (invariant 8).
 */
@Command(name = "add", mixinStandardHelpOptions = true,
        description = {"Add a partner domain's root to a node's Artery trust store, checked against its fingerprint.",
                "Run it for every node; each uses the new store for its next connections, without a restart."})
final class DomainTrustAddCommand extends CaStep {
    @Mixin
    private TlsConfigOption tls;

    @Option(names = "--root", required = true, paramLabel = "<pem>", description = "the partner's root certificate (PEM)")
    private Path root;

    @Option(names = "--fingerprint", required = true, paramLabel = "<hex>",
            description = "its SHA-256 as the partner gave it out of band (hex, colons allowed)")
    private String fingerprint;

    @Override
    public void run(PrintWriter console) throws CaOutput.Refused, IOException {
        TlsConfigOption.TrustStore store = tls.trustStore();
        try {
            byte[] der = TrustedRoots.readCertificate(root);
            TrustedRoots.Root checked = TrustedRoots.check(der, fingerprint, Instant.now());
            boolean added = TrustedRoots.add(store.path(), store.password(), der);
            console.println((added ? "added" : "already trusted:") + " the root of domain " + checked.domain()
                    + " (SHA-256 " + checked.fingerprint() + ", until " + checked.notAfter() + ") to " + store.path());
        } catch (TrustedRoots.Refused e) {
            throw RootRefusals.of(e);
        }
    }
}

package dev.writ.cli;

import dev.writ.protocol.Fault;
import dev.writ.protocol.ProtocolException;
import dev.writ.protocol.bundle.BundleFiles;
import dev.writ.protocol.bundle.BundleVerdict;
import dev.writ.protocol.bundle.BundleVerifier;
import dev.writ.protocol.bundle.Check;
import dev.writ.protocol.crypto.KeyRing;
import dev.writ.protocol.wire.ProofBundle;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** `writ verify <bundle>`: check one proof bundle offline; exit 0 only if every check holds. */
@Command(name = "verify",
        mixinStandardHelpOptions = true,
        description = {"Verify a proof bundle offline; exit 0 only if every check holds.",
                "Checks keys, the writ's signature, evidence records, the story's links, anchor batch",
                "signatures and Merkle inclusion proofs, and prints each check.",
                "Exit codes: 0 every check holds, 1 a check failed, 2 the bundle could not be read."})
final class VerifyCommand implements Callable<Integer> {
    static final int HOLDS = 0;
    static final int REFUSED = 1;
    static final int UNREADABLE = 2;

    @Parameters(index = "0", paramLabel = "<bundle>", description = "bundle file (protobuf binary or JSON)")
    private Path bundleFile;

    @Option(names = "--json", description = "print a machine-readable verdict instead of text")
    private boolean json;

    @Option(names = "--trusted-keys", paramLabel = "<jwks>",
            description = "a JWK Set of the bundle domain's public keys to pin; without it the bundle's own keys are used")
    private Path trustedKeys;

    @CommandLine.Spec
    private CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        ProofBundle bundle;
        Optional<KeyRing> pinned;
        try {
            bundle = BundleFiles.read(bundleFile);
            pinned = trustedKeys == null ? Optional.empty()
                    : Optional.of(TrustedKeys.read(trustedKeys, bundle.getDomain()));
        } catch (IOException e) {
            return unreadable(out, Fault.MALFORMED, "cannot read: " + e.getMessage());
        } catch (ProtocolException e) {
            return unreadable(out, e.fault(), e.detail());
        }
        BundleVerdict verdict = new BundleVerifier(pinned).verify(bundle);
        out.println(json ? VerdictJson.of(bundleFile, verdict) : VerdictText.of(bundleFile, verdict));
        out.flush();
        return verdict.holds() ? HOLDS : REFUSED;
    }

    private int unreadable(PrintWriter out, Fault fault, String detail) {
        BundleVerdict verdict = new BundleVerdict(java.util.List.of(
                new Check("bundle.read", Check.Status.FAIL, fault, detail)));
        out.println(json ? VerdictJson.of(bundleFile, verdict) : VerdictText.of(bundleFile, verdict));
        out.flush();
        return UNREADABLE;
    }
}

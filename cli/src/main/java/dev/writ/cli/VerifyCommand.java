package dev.writ.cli;

import dev.writ.contracts.anchor.OnChainKeys;
import dev.writ.contracts.anchor.OnChainVerifier;
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
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * `writ verify <bundle>`: exit 0 only when every check was performed and passed. A bundle checked
 * against its own keys, or against a chain contract it names itself, proves only that its author
 * was consistent: anyone can make such a bundle, so that is exit 3, not 0.
 */
@Command(name = "verify",
        mixinStandardHelpOptions = true,
        description = {"Verify a proof bundle; exit 0 only if every check was performed and holds.",
                "Checks keys, the writ's signature, evidence records, that the records are exactly the",
                "story the domain signed at export, the story's links, anchor batch signatures and Merkle",
                "inclusion proofs, and prints each check. With --rpc it also compares every anchor batch",
                "with EvidenceAnchor on chain (root, tree size, block, tx). A cross-boundary bundle (a writ one",
                "domain issued and another redeemed) carries the redeeming domain's part, checked the same way",
                "under that domain's keys (--partner-keys), and the links between the two stories.",
                "With --rpc and --agent-registry every domain's keys come from the AgentRegistry on chain.",
                "Exit codes: 0 verified, 1 a check failed, 2 the bundle could not be read,",
                "3 consistent but not verified: a check was skipped (keys not pinned with --trusted-keys,",
                "the chain not consulted with --rpc and --evidence-anchor); --allow-partial accepts that."})
final class VerifyCommand implements Callable<Integer> {
    static final int VERIFIED = 0;
    static final int REFUSED = 1;
    static final int UNREADABLE = 2;
    static final int NOT_VERIFIED = 3;

    @Parameters(index = "0", paramLabel = "<bundle>", description = "bundle file (protobuf binary or JSON)")
    private Path bundleFile;

    @Option(names = "--json", description = "print a machine-readable verdict instead of text")
    private boolean json;

    @Option(names = "--trusted-keys", paramLabel = "<jwks>",
            description = "a JWK Set of the bundle domain's public keys to pin; without it the bundle's own keys are used")
    private Path trustedKeys;

    @Option(names = "--partner-keys", paramLabel = "<jwks>",
            description = "a JWK Set of the redeeming domain's public keys, for a cross-boundary bundle (a writ one domain"
                    + " issued and another redeemed); without it that domain's part is checked with its own keys")
    private Path partnerKeys;

    @Option(names = "--rpc", paramLabel = "<url>",
            description = "JSON-RPC endpoint of the chain: compare the anchor batches with EvidenceAnchor on chain")
    private String rpcUrl;

    @Option(names = "--evidence-anchor", paramLabel = "<address>",
            description = "EvidenceAnchor address, for batches without a chain anchor and to pin the contract (with --rpc)")
    private String evidenceAnchor;

    @Option(names = "--agent-registry", paramLabel = "<address>",
            description = "AgentRegistry address (with --rpc): pin every domain's keys as registered there, not revoked"
                    + " and valid when each record was signed, instead of --trusted-keys and --partner-keys")
    private String agentRegistry;

    @Option(names = "--allow-partial",
            description = "exit 0 when every performed check holds even though some were skipped (they are listed)")
    private boolean allowPartial;

    @Option(names = "--rpc-timeout", paramLabel = "<seconds>", defaultValue = "10",
            description = "longest wait for one RPC call (default ${DEFAULT-VALUE})")
    private int rpcTimeoutSeconds;

    @CommandLine.Spec
    private CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        ProofBundle bundle;
        Optional<KeyRing> pinned;
        try {
            bundle = BundleFiles.read(bundleFile);
            pinned = pinned(bundle);
        } catch (IOException e) {
            return unreadable(out, Fault.MALFORMED, "cannot read: " + e.getMessage());
        } catch (ProtocolException e) {
            return unreadable(out, e.fault(), e.detail());
        }
        BundleVerdict verdict = new BundleVerifier(pinned).verify(bundle);
        if (rpcUrl != null) {
            verdict = onChain(verdict, bundle);
        }
        out.println(json ? VerdictJson.of(bundleFile, verdict) : VerdictText.of(bundleFile, verdict, allowPartial));
        out.flush();
        if (!verdict.holds()) {
            return REFUSED;
        }
        return verdict.verified() || allowPartial ? VERIFIED : NOT_VERIFIED;
    }

    /** The keys pinned for the issuing domain and, in a cross-boundary bundle, for the domain of its redeeming part. */
    private Optional<KeyRing> pinned(ProofBundle bundle) throws IOException, ProtocolException {
        if (agentRegistry != null) {
            if (rpcUrl == null || trustedKeys != null || partnerKeys != null) {
                throw new ProtocolException(Fault.MALFORMED, "--agent-registry takes the keys from the chain: it needs --rpc"
                        + " and replaces --trusted-keys and --partner-keys");
            }
            return Optional.of(OnChainKeys.read(rpcUrl, agentRegistry, bundle, Duration.ofSeconds(rpcTimeoutSeconds)));
        }
        if (trustedKeys == null && partnerKeys == null) {
            return Optional.empty();
        }
        List<KeyRing.Entry> entries = new ArrayList<>();
        if (trustedKeys != null) {
            entries.addAll(TrustedKeys.read(trustedKeys, bundle.getDomain()).entries());
        }
        if (partnerKeys != null) {
            entries.addAll(TrustedKeys.read(partnerKeys, bundle.getRedeeming().getDomain()).entries());
        }
        return Optional.of(KeyRing.of(entries));
    }

    /**
     * The offline verdict with its on-chain SKIP replaced by the comparison with the chain. Roots
     * found at a contract the bundle names prove nothing (its author may have deployed it), so that
     * PASS stays a SKIP until the verifier names the contract.
     */
    private BundleVerdict onChain(BundleVerdict offline, ProofBundle bundle) {
        Check chain = new OnChainVerifier(rpcUrl, Optional.ofNullable(evidenceAnchor), Duration.ofSeconds(rpcTimeoutSeconds))
                .verify(bundle);
        chain = pinnedOrSkipped(chain, evidenceAnchor != null);
        List<Check> checks = new ArrayList<>();
        boolean replaced = false;
        for (Check c : offline.checks()) {
            if (c.name().equals(OnChainVerifier.CHECK)) {
                checks.add(chain);
                replaced = true;
            } else {
                checks.add(c);
            }
        }
        if (!replaced) {
            checks.add(chain);
        }
        return new BundleVerdict(checks);
    }

    /** A PASS against the contract the bundle itself names is not a verification: it becomes a SKIP saying why. */
    static Check pinnedOrSkipped(Check chain, boolean contractPinned) {
        if (contractPinned || chain.status() != Check.Status.PASS) {
            return chain;
        }
        return new Check(chain.name(), Check.Status.SKIP, null, "the roots are at the EvidenceAnchor the bundle names, "
                + "not one you pinned; name the domain's contract with --evidence-anchor (" + chain.detail() + ")");
    }

    private int unreadable(PrintWriter out, Fault fault, String detail) {
        BundleVerdict verdict = new BundleVerdict(List.of(new Check("bundle.read", Check.Status.FAIL, fault, detail)));
        out.println(json ? VerdictJson.of(bundleFile, verdict) : VerdictText.of(bundleFile, verdict, allowPartial));
        out.flush();
        return UNREADABLE;
    }
}

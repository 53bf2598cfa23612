package dev.writ.cli;

import dev.writ.protocol.ProtocolException;
import dev.writ.protocol.client.PepCredential;
import dev.writ.protocol.client.PepGuard;
import dev.writ.protocol.client.PepRefusal;
import dev.writ.protocol.client.VerifiedReceipt;
import dev.writ.protocol.client.WritClient;
import dev.writ.protocol.client.WritRefusedException;
import dev.writ.protocol.crypto.KeyRing;
import dev.writ.protocol.wire.Action;
import dev.writ.protocol.wire.PossessionProof;
import dev.writ.protocol.wire.ProposalResponse;
import dev.writ.protocol.writ.PossessionProofs;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * `writ redeem`: an enforcement point spends a writ on exactly the mutation it is about to execute,
 * through {@link PepGuard}: the writ is verified offline and the mutation checked against it before
 * the node is asked, and the node's signed receipt is verified after (invariant 1: nothing executes
 * without a redeemed writ). Exit 0 is the licence to execute, once.
 *
 * <p>The PEP's credential ({@link PepOptions}) names the PEP and signs the redemption. A writ that
 * names its agent's key comes with the agent's possession proof ({@code --proof}, `writ prove`),
 * which the guard checks and forwards to the node (D61).
 */
@Command(name = "redeem", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Redeem a writ for the mutation about to be executed, as an enforcement point (PEP).",
                "The writ is checked offline, then redeemed once at the node, and the node's signed receipt verified.",
                "Exit 0 means: execute the mutation now, once. Any other exit: do not execute."},
        footer = ClientExit.TABLE)
final class RedeemCommand extends ClientCommand {

    @Option(names = {"-w", "--writ"}, required = true, paramLabel = "<file>",
            description = "the writ: a compact JWS, or `writ propose -o json`'s answer; - for stdin")
    private String writ;

    @Option(names = "--proof", paramLabel = "<file>",
            description = "the agent's possession proof for this PEP and mutation (what `writ prove` prints);"
                    + " required for a writ that names its agent's key")
    private String proof;

    @Mixin
    private ActionOptions mutation;

    @Option(names = "--observed", paramLabel = "<name=value>",
            description = "a live-state value the writ's drift predicates name (repeatable), e.g. --observed account.balance=100")
    private Map<String, String> observed = new LinkedHashMap<>();

    @Mixin
    private PepOptions pepOptions;

    @Option(names = "--trusted-keys", paramLabel = "<jwks>",
            description = "the domain's node keys, pinned (JWK Set); default: fetched from the node (GET /v1/keys)")
    private Path trustedKeys;

    @Option(names = "--clock-skew", defaultValue = "2s", converter = HoconDuration.class,
            description = "tolerated difference between this clock and the node's (default ${DEFAULT-VALUE})")
    private Duration clockSkew;

    @Override
    public ClientOutput.Answer run() throws ClientOutput.Failure, WritRefusedException, PepRefusal, ProtocolException,
            IOException {
        if (ClientInput.STDIN.equals(writ) && mutation.fromStdin()) {
            throw ClientOutput.usage("MALFORMED", "only one of --writ and --file can be read from stdin");
        }
        String compact = compactWrit(ClientInput.read(writ, "the writ"));
        Action action = mutation.action();
        PepOptions.Pep pep = pepOptions.pep();
        WritClient.Builder builder = node();
        if (pep.credential().isPresent()) {
            builder.pepCredential(PepCredential.of(pep.credential().get().key(), pep.credential().get().chain()));
        }
        WritClient client = builder.build();
        PepGuard guard = guard(client, pep);
        VerifiedReceipt redeemed = proof == null ? guard.redeem(compact, action, observed)
                : guard.redeem(compact, possessionProof(), action, observed);
        Instant at = Instant.ofEpochMilli(redeemed.receipt().getRedeemedAtMillis());
        String receiptHash = Base64.getUrlEncoder().withoutPadding().encodeToString(redeemed.receiptHash());
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("outcome", "REDEEMED");
        json.put("jti", redeemed.jti());
        json.put("nodeId", redeemed.receipt().getNodeId());
        json.put("pepId", redeemed.receipt().getPepId());
        json.put("redeemedAtMillis", redeemed.receipt().getRedeemedAtMillis());
        json.put("receiptHash", receiptHash);
        json.put("receipt", ClientOutput.json(redeemed.signed()));
        return new ClientOutput.Answer(ClientExit.OK, "REDEEMED writ " + redeemed.jti() + " at node "
                + redeemed.receipt().getNodeId() + " (" + at + "): execute " + action.getOperation() + " on "
                + action.getTarget() + " now, once; receipt " + receiptHash, json);
    }

    /** The guard of this PEP, trusting the pinned keys or, without them, the keys the node publishes for its domain. */
    private PepGuard guard(WritClient client, PepOptions.Pep pep)
            throws IOException, ProtocolException, WritRefusedException, ClientOutput.Failure {
        String domain = pep.domain().orElse(null);
        if (domain == null) {
            domain = client.health().getDomain();
        }
        KeyRing trusted = trustedKeys == null ? client.keys(domain) : TrustedKeys.read(trustedKeys, domain);
        return client.pepCredential().isPresent() ? new PepGuard(client, trusted, clockSkew, Clock.systemUTC())
                : new PepGuard(client, trusted, pep.id(), clockSkew, Clock.systemUTC());
    }

    /** The proof of --proof: its bytes in base64url, as `writ prove` prints them. */
    private PossessionProof possessionProof() throws ClientOutput.Failure, IOException {
        if (ClientInput.STDIN.equals(proof) && (ClientInput.STDIN.equals(writ) || mutation.fromStdin())) {
            throw ClientOutput.usage("MALFORMED", "only one of --writ, --file and --proof can be read from stdin");
        }
        try {
            return PossessionProofs.parse(Base64.getUrlDecoder().decode(ClientInput.read(proof, "the proof").strip()));
        } catch (IllegalArgumentException | ProtocolException e) {
            throw ClientOutput.usage("MALFORMED", "the proof is not `writ prove`'s output: " + e.getMessage());
        }
    }

    /** The compact writ in {@code text}: the JWS itself, or the writ of a saved ALLOW answer. */
    private static String compactWrit(String text) throws ClientOutput.Failure {
        String trimmed = text.strip();
        if (!trimmed.startsWith("{")) {
            return trimmed;
        }
        ProposalResponse answer = ClientInput.answer(trimmed, ProposalResponse.newBuilder(), "the writ").build();
        if (answer.getWrit().isEmpty()) {
            throw ClientOutput.refused("NO_WRIT", "the answer is " + answer.getDecision() + " for proposal "
                    + answer.getProposalId() + ": it carries no writ");
        }
        return answer.getWrit();
    }
}

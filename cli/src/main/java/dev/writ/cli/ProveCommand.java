package dev.writ.cli;

import dev.writ.protocol.ProtocolException;
import dev.writ.protocol.client.AgentCredential;
import dev.writ.protocol.wire.Action;
import dev.writ.protocol.wire.PossessionProof;
import dev.writ.protocol.wire.ProposalResponse;
import java.io.IOException;
import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * `writ prove`: the agent that proposed proves, with its certificate key, that it hands its writ to
 * one PEP for exactly one mutation (D61). A writ of a signed proposal names that key (`cnf.jkt`), and
 * its PEP (`writ redeem --proof`) and node refuse it without this proof, so a copy of the writ is
 * worth nothing to whoever lacks the key. Offline: nothing is sent.
 */
@Command(name = "prove", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Prove, as the agent, possession of the key its writ names, for one PEP and one mutation.",
                "Prints the proof (base64url) that `writ redeem --proof` reads; it is accepted for 60 s by default.",
                "The mutation comes from --file and/or --target/--operation/-p/--classification."},
        footer = ClientExit.TABLE)
final class ProveCommand implements Callable<Integer>, ClientOutput.Step {
    @Option(names = "--agent-key", required = true, paramLabel = "<file>",
            description = "the agent's certificate key (PKCS#8 PEM), the one it proposed with")
    private String agentKey;

    @Option(names = "--agent-chain", required = true, paramLabel = "<file>",
            description = "the agent's certificate chain (PEM)")
    private String agentChain;

    @Option(names = {"-w", "--writ"}, required = true, paramLabel = "<file>",
            description = "`writ propose -o json`'s ALLOW answer (its jti and contract); - for stdin")
    private String writ;

    @Option(names = "--pep", required = true, paramLabel = "<spiffe-id>",
            description = "the PEP the writ is handed to, e.g. spiffe://acme/pep/payments")
    private String pep;

    @Mixin
    private ActionOptions mutation;

    @Mixin
    private OutputOptions output;

    @CommandLine.Spec
    private CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        return ClientOutput.run(spec, output, this);
    }

    @Override
    public ClientOutput.Answer run() throws ClientOutput.Failure, ProtocolException, IOException {
        if (ClientInput.STDIN.equals(writ) && mutation.fromStdin()) {
            throw ClientOutput.usage("MALFORMED", "only one of --writ and --file can be read from stdin");
        }
        ProposalResponse allowed = ClientInput.answer(ClientInput.read(writ, "the writ"), ProposalResponse.newBuilder(),
                "the writ").build();
        if (allowed.getJti().isEmpty() || allowed.getContract().isEmpty()) {
            throw ClientOutput.refused("NO_WRIT", "the answer is " + allowed.getDecision() + " for proposal "
                    + allowed.getProposalId() + ": it carries no writ");
        }
        CertifiedKey agent = CertifiedKey.read(agentKey, agentChain);
        Action action = mutation.action();
        PossessionProof proof = new AgentCredential(agent.key(), agent.chain()).prove(allowed, action, pep, Instant.now());
        String encoded = Base64.getUrlEncoder().withoutPadding().encodeToString(proof.toByteArray());
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("jti", allowed.getJti());
        json.put("pepId", pep);
        json.put("provedAtMillis", proof.getProvedAtMillis());
        json.put("proof", encoded);
        return new ClientOutput.Answer(ClientExit.OK, encoded, json);
    }
}

package dev.writ.cli;

import dev.writ.contracts.chain.Bytes32;
import dev.writ.protocol.ProtocolException;
import dev.writ.protocol.crypto.KeyEncoding;
import dev.writ.protocol.crypto.SigningKey;
import dev.writ.protocol.crypto.VerifyingKey;
import dev.writ.protocol.identity.SpiffeId;
import java.io.IOException;
import java.io.PrintWriter;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import org.web3j.crypto.Credentials;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * `writ agent register`: the domain admin registers an agent ACTIVE in the AgentRegistry and commits
 * the key it enrols with (docs/trust-model.md, "Closed": certificate issuance). The key is either
 * made here and written owner-only for the admin to hand to the agent ({@code --key-out}), or the
 * agent made it and sent only its public key ({@code --public-key}), which is better: then no
 * private key ever leaves the agent.
 */
@Command(name = "register", mixinStandardHelpOptions = true,
        description = {"Register an agent in the on-chain AgentRegistry with its enrolment key (domain admin).",
                "A node issues the agent's first certificate only for a CSR of that key."})
final class AgentRegisterCommand extends CaStep {
    @Mixin
    private RegistryOptions registry;

    @Option(names = "--admin-key", required = true, paramLabel = "<file>",
            description = "the domain admin's wallet key: a file holding 32 bytes of hex (secp256k1)")
    private Path adminKey;

    @Mixin
    private AgentIdentityOptions agent;

    @Option(names = "--capabilities", defaultValue = "1", description = "the capability bits (default ${DEFAULT-VALUE})")
    private BigInteger capabilities;

    @ArgGroup(exclusive = true, multiplicity = "1")
    private EnrolmentKey enrolmentKey;

    /** Where the enrolment key comes from: made here, or the agent's own. */
    static final class EnrolmentKey {
        @Option(names = "--key-out", paramLabel = "<file>",
                description = "make the agent's enrolment key here and write it (PKCS#8 PEM, owner-only) to <file>")
        Path keyOut;

        @Option(names = "--public-key", paramLabel = "<file>",
                description = "the agent's own Ed25519 public key (PEM), made where the agent runs")
        Path publicKey;
    }

    @Override
    public void run(PrintWriter console) throws CaOutput.Refused, ProtocolException, IOException, InterruptedException {
        SpiffeId id = agent.id();
        Bytes32 model = new Bytes32(agent.modelHash());
        Credentials admin = WalletKey.read(adminKey);
        VerifyingKey key;
        if (enrolmentKey.keyOut != null) {
            SigningKey made = SigningKey.generate();
            CaOutput.writeOwnerOnly(enrolmentKey.keyOut, KeyEncoding.toPem(made));
            key = made.verifyingKey();
        } else {
            key = KeyEncoding.verifyingKeyFromPem(Files.readString(enrolmentKey.publicKey));
        }
        var receipt = registry.call((r, chain) -> r.registerAgent(admin, Bytes32.keccakOf(id.domain()),
                Bytes32.keccakOf(id.uri()), capabilities, model, new Bytes32(key.id().bytes())));
        console.println("registered " + id + " with enrolment key " + key.id() + " (transaction "
                + receipt.getTransactionHash() + ")");
        if (enrolmentKey.keyOut != null) {
            console.println("hand " + enrolmentKey.keyOut + " to the agent over a trusted channel, then delete it here;"
                    + " it enrols with `writ agent enrol`");
        }
    }
}

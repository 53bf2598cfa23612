package dev.writ.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.writ.contracts.chain.AgentRegistryContract;
import dev.writ.contracts.chain.Bytes32;
import dev.writ.contracts.chain.RegisteredAgent;
import dev.writ.contracts.devchain.DevChain;
import dev.writ.contracts.devchain.DevChainOptions;
import dev.writ.protocol.crypto.KeyEncoding;
import dev.writ.protocol.crypto.SigningKey;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** `writ agent register` against a real anvil: the agent is ACTIVE with the enrolment key the admin made or took. */
class AgentCommandIT {
    private static final String MODEL = "cd".repeat(32);

    @TempDir
    Path dir;

    private record Run(int exit, String out) {
    }

    private static Run run(String... args) {
        StringWriter out = new StringWriter();
        CommandLine cli = new CommandLine(new WritCommand());
        cli.setOut(new PrintWriter(out));
        cli.setErr(new PrintWriter(out));
        return new Run(cli.execute(args), out.toString());
    }

    @Test
    void registerCommitsTheEnrolmentKeyItMakesOrTakes() throws Exception {
        try (DevChain anvil = DevChain.start(DevChainOptions.of(dir.resolve("chain"), List.of("acme")).automine())) {
            String registry = anvil.config().contract(AgentRegistryContract.NAME);
            Path adminKey = dir.resolve("admin.hex");
            Files.writeString(adminKey, anvil.config().domain("acme").admin().privateKey() + "\n");
            AgentRegistryContract contract = new AgentRegistryContract(anvil.client(), registry);

            Path keyOut = dir.resolve("bot.key");
            Run made = run("agent", "register", "--rpc", anvil.rpcUrl(), "--registry", registry, "--admin-key",
                    adminKey.toString(), "--agent", "spiffe://acme/agent/bot", "--model-hash", MODEL, "--key-out", keyOut.toString());
            assertThat(made.exit()).as(made.out()).isZero();
            assertThat(Files.getPosixFilePermissions(keyOut))
                    .containsExactlyInAnyOrder(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE);
            SigningKey key = KeyEncoding.signingKeyFromPem(Files.readString(keyOut));
            RegisteredAgent bot = contract.agent(Bytes32.keccakOf("spiffe://acme/agent/bot"));
            assertThat(bot.status()).isEqualTo(RegisteredAgent.Status.ACTIVE);
            assertThat(bot.enrolmentKey()).isEqualTo(new Bytes32(key.verifyingKey().id().bytes()));
            assertThat(bot.modelHash()).isEqualTo(Bytes32.fromHex(MODEL));

            SigningKey agentsOwn = SigningKey.generate();
            Path publicKey = dir.resolve("clerk.pub");
            Files.writeString(publicKey, KeyEncoding.toPem(agentsOwn.verifyingKey()));
            Run taken = run("agent", "register", "--rpc", anvil.rpcUrl(), "--registry", registry, "--admin-key",
                    adminKey.toString(), "--agent", "spiffe://acme/agent/clerk", "--model-hash", MODEL,
                    "--public-key", publicKey.toString());
            assertThat(taken.exit()).as(taken.out()).isZero();
            assertThat(contract.agent(Bytes32.keccakOf("spiffe://acme/agent/clerk")).enrolmentKey())
                    .isEqualTo(new Bytes32(agentsOwn.verifyingKey().id().bytes()));

            Run again = run("agent", "register", "--rpc", anvil.rpcUrl(), "--registry", registry, "--admin-key",
                    adminKey.toString(), "--agent", "spiffe://acme/agent/clerk", "--model-hash", MODEL,
                    "--public-key", publicKey.toString());
            assertThat(again.exit()).isEqualTo(CaCommand.REFUSED);
            assertThat(again.out()).contains("REFUSED: AgentExists");
        }
    }
}

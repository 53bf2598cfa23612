package dev.writ.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import dev.writ.contracts.chain.AgentRegistryContract;
import dev.writ.contracts.chain.Bytes32;
import dev.writ.contracts.chain.EvidenceAnchorContract;
import dev.writ.contracts.chain.RegisteredAgent;
import dev.writ.contracts.devchain.DevChain;
import dev.writ.contracts.devchain.DevChainOptions;
import dev.writ.node.Node;
import dev.writ.node.NodeMain;
import dev.writ.protocol.client.WritClient;
import dev.writ.protocol.crypto.KeyEncoding;
import dev.writ.protocol.crypto.SigningKey;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * `writ agent register` against a real anvil: the agent is ACTIVE with the enrolment key the admin
 * made or took; `writ agent enrol` against a real node: that key gets the agent's certificate, another
 * key in its name is refused.
 */
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
            RegisteredAgent bot = contract.agent(Bytes32.keccakOf("acme"), Bytes32.keccakOf("spiffe://acme/agent/bot"));
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
            assertThat(contract.agent(Bytes32.keccakOf("acme"), Bytes32.keccakOf("spiffe://acme/agent/clerk")).enrolmentKey())
                    .isEqualTo(new Bytes32(agentsOwn.verifyingKey().id().bytes()));

            assertEnrols(anvil, keyOut);

            Run again = run("agent", "register", "--rpc", anvil.rpcUrl(), "--registry", registry, "--admin-key",
                    adminKey.toString(), "--agent", "spiffe://acme/agent/clerk", "--model-hash", MODEL,
                    "--public-key", publicKey.toString());
            assertThat(again.exit()).isEqualTo(CaCommand.REFUSED);
            assertThat(again.out()).contains("REFUSED: AgentExists");
        }
    }

    /** A node of acme with its CA and the chain's AgentRegistry: `writ agent enrol` with the committed key, then another. */
    private void assertEnrols(DevChain anvil, Path enrolmentKey) throws Exception {
        Path ca = dir.resolve("acme-ca");
        assertThat(run("ca", "init", "--domain", "acme", "--out", ca.toString()).exit()).isZero();
        Config config = NodeMain.compose(ConfigFactory.parseMap(Map.of(
                "writ.node.id", "cli-node",
                "writ.node.data-dir", dir.resolve("node").toString(),
                "writ.http.port", 0,
                "pekko.remote.artery.canonical.port", 0,
                "writ.identity.ca-dir", ca.toString(),
                "writ.identity.operator-credentials", "optional",
                "writ.chain.rpc-url", anvil.rpcUrl(),
                "writ.chain.evidence-anchor", anvil.config().contract(EvidenceAnchorContract.NAME),
                "writ.chain.anchorer-key", anvil.config().domain("acme").anchorer().privateKey(),
                "writ.identity.agent-registry.address", anvil.config().contract(AgentRegistryContract.NAME))));
        try (Node node = Node.start(config)) {
            String uri = "http://127.0.0.1:" + node.httpPort();
            WritClient client = WritClient.create(URI.create(uri));
            // A bounded wait for a node starting on shared cores, not a timing assertion.
            Instant deadline = Instant.now().plus(Duration.ofMinutes(3));
            while (!healthy(client)) {
                assertThat(Instant.now()).as("the node turns HEALTHY").isBefore(deadline);
                Thread.sleep(200);
            }
            Path chain = dir.resolve("bot-chain.pem");
            Run enrolled = run("agent", "enrol", "--node", uri, "--agent", "spiffe://acme/agent/bot", "--model-hash", MODEL,
                    "--key", enrolmentKey.toString(), "--out", chain.toString());
            assertThat(enrolled.exit()).as(enrolled.out()).isZero();
            assertThat(Files.readString(chain)).contains("BEGIN CERTIFICATE");
            // The enrolled chain and key sign a proposal the node authenticates (a bad credential would be
            // refused CERT_*, before policy); the demo policy has no rule for this agent.
            Run proposed = run("propose", "--node", uri, "--agent-key", enrolmentKey.toString(), "--agent-chain",
                    chain.toString(), "--target", "reports-api", "--operation", "read", "--classification", "internal");
            assertThat(proposed.exit()).as(proposed.out()).isEqualTo(ClientExit.REFUSED);
            assertThat(proposed.out()).startsWith("REFUSED: UNKNOWN_AGENT: ");

            Path impostor = dir.resolve("impostor.key");
            Files.writeString(impostor, KeyEncoding.toPem(SigningKey.generate()));
            Run refused = run("agent", "enrol", "--node", uri, "--agent", "spiffe://acme/agent/bot", "--model-hash", MODEL,
                    "--key", impostor.toString(), "--out", dir.resolve("impostor-chain.pem").toString());
            assertThat(refused.exit()).isEqualTo(CaCommand.REFUSED);
            assertThat(refused.out()).contains("REFUSED: ENROLMENT_KEY_MISMATCH");
        }
    }

    private static boolean healthy(WritClient client) {
        try {
            return client.health().getStatus().equals("HEALTHY");
        } catch (Exception e) {
            return false;
        }
    }
}

package dev.writ.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jose.util.JSONObjectUtils;
import com.typesafe.config.ConfigFactory;
import dev.writ.node.Node;
import dev.writ.node.NodeMain;
import dev.writ.node.config.NodeSettings;
import dev.writ.protocol.crypto.KeyEncoding;
import dev.writ.protocol.crypto.SigningKey;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * The client commands against a real node (H2), as a new user runs them: `writ ca init`, `ca operator`,
 * an agent certificate (`ca csr`, `ca issue`), a node with that CA and operator, then `writ propose`,
 * `redeem`, `status`, `bundle`, `revoke`, `approve` and `health`, with their outputs and exit codes;
 * and bad input (a missing file, bad JSON, an unreachable node) refused with its code.
 */
class ClientCommandsIT {
    private static final String MODEL = "ab".repeat(32);
    private static final String AGENT = "spiffe://acme/agent/payments-bot";

    @TempDir
    Path dir;

    private record Run(int exit, String out, String err) {
        Map<String, Object> json() throws Exception {
            return JSONObjectUtils.parse(out);
        }

        String both() {
            return out + err;
        }
    }

    private static Run run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cli = new CommandLine(new WritCommand());
        cli.setOut(new PrintWriter(out));
        cli.setErr(new PrintWriter(err));
        return new Run(cli.execute(args), out.toString(), err.toString());
    }

    private static Run withStdin(String stdin, String... args) {
        InputStream original = System.in;
        System.setIn(new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8)));
        try {
            return run(args);
        } finally {
            System.setIn(original);
        }
    }

    private static String[] args(String node, String... args) {
        String[] all = new String[args.length + 2];
        System.arraycopy(args, 0, all, 0, args.length);
        all[args.length] = "--node";
        all[args.length + 1] = node;
        return all;
    }

    private Path action(String name, String amount) throws Exception {
        Path file = dir.resolve(name);
        Files.writeString(file, "{\"target\": \"payments-api\", \"operation\": \"transfer\", \"parameters\": {\"amount\": \""
                + amount + "\", \"currency\": \"EUR\"}, \"classification\": \"internal\"}\n");
        return file;
    }

    @Test
    void anAgentProposesAPepRedeemsAnApproverApprovesAndAnOperatorRevokesFromTheCommandLine() throws Exception {
        Path ca = dir.resolve("acme-ca");
        assertThat(run("ca", "init", "--domain", "acme", "--out", ca.toString()).exit()).isZero();
        Run operator = run("ca", "operator", "--id", "ops", "--key-out", dir.resolve("ops.key").toString());
        assertThat(operator.exit()).as(operator.both()).isZero();
        String operatorEntry = operator.out().lines().filter(l -> l.startsWith("{")).findFirst().orElseThrow();
        Path botKey = dir.resolve("bot.key");
        Path botChain = dir.resolve("bot-chain.pem");
        assertThat(run("ca", "csr", "--agent", AGENT, "--model-hash", MODEL, "--key-out", botKey.toString(),
                "--out", dir.resolve("bot.csr").toString()).exit()).isZero();
        assertThat(run("ca", "issue", "--ca", ca.toString(), "--csr", dir.resolve("bot.csr").toString(),
                "--out", botChain.toString()).exit()).isZero();
        SigningKey alice = SigningKey.generate();
        Path aliceKey = dir.resolve("alice.key");
        Files.writeString(aliceKey, KeyEncoding.toPem(alice));
        String approverEntry = new NodeSettings.Operator("alice", KeyEncoding.toPem(alice.verifyingKey())).hocon();

        Path conf = dir.resolve("node.conf");
        Files.writeString(conf, "writ.node { id = \"cli-node\", data-dir = \"" + dir.resolve("node") + "\" }\n"
                + "writ.http.port = 0\npekko.remote.artery.canonical.port = 0\n"
                + "writ.identity { ca-dir = \"" + ca + "\", operators = [" + operatorEntry + "] }\n"
                + "writ.approvals.approvers = [" + approverEntry + "]\n");
        try (Node node = Node.start(NodeMain.load(conf))) {
            String uri = "http://127.0.0.1:" + node.httpPort();
            awaitHealthy(uri);
            Run health = run(args(uri, "health", "-o", "json"));
            assertThat(health.exit()).as(health.both()).isEqualTo(ClientExit.OK);
            assertThat(health.json()).containsEntry("status", "HEALTHY").containsEntry("domain", "acme");

            String[] agent = {"--agent-key", botKey.toString(), "--agent-chain", botChain.toString()};
            Path transfer = action("transfer.json", "25");
            Run proposed = propose(uri, concat(agent, "propose", "--file", transfer.toString(), "-o", "json"));
            assertThat(proposed.exit()).as(proposed.both()).isEqualTo(ClientExit.OK);
            assertThat(proposed.json()).containsEntry("decision", "ALLOW");
            String jti = (String) proposed.json().get("jti");
            Path allowed = dir.resolve("allow.json");
            Files.writeString(allowed, proposed.out());

            // The PEP signs with the certificate `writ ca pep` made (spiffe://acme/pep/pep-payments).
            Path pepKey = dir.resolve("pep.key");
            Path pepChain = dir.resolve("pep-chain.pem");
            Run pepIssued = run("ca", "pep", "--ca", ca.toString(), "--id", "pep-payments", "--key-out", pepKey.toString(),
                    "--out", pepChain.toString());
            assertThat(pepIssued.exit()).as(pepIssued.both()).isZero();
            String[] pep = {"--pep-cert", pepChain.toString(), "--pep-key", pepKey.toString(), "--observed", "account.balance=100"};
            // The writ names the agent's key (D61): without the agent's proof the PEP refuses it, node unasked.
            Run unproven = run(args(uri, concat(pep, "redeem", "--writ", allowed.toString(), "--file", transfer.toString())));
            assertThat(unproven.exit()).as(unproven.both()).isEqualTo(ClientExit.REFUSED);
            assertThat(unproven.err()).startsWith("REFUSED: POP_REQUIRED: POSSESSION:");
            Path proof = prove(agent, allowed, transfer, "proof.txt");
            Run redeemed = run(args(uri, "redeem", "--writ", allowed.toString(), "--file", transfer.toString(),
                    "--observed", "account.balance=100", "--pep-cert", pepChain.toString(), "--pep-key", pepKey.toString(),
                    "--proof", proof.toString(), "-o", "json"));
            assertThat(redeemed.exit()).as(redeemed.both()).isEqualTo(ClientExit.OK);
            assertThat(redeemed.json()).containsEntry("outcome", "REDEEMED").containsEntry("jti", jti)
                    .containsEntry("pepId", "spiffe://acme/pep/pep-payments").containsEntry("nodeId", "cli-node");

            Run replayed = run(args(uri, concat(pep, "redeem", "--writ", allowed.toString(), "--file", transfer.toString(),
                    "--proof", proof.toString())));
            assertThat(replayed.exit()).isEqualTo(ClientExit.REFUSED);
            assertThat(replayed.err()).startsWith("REFUSED: REPLAYED: NODE:");

            Run status = run(args(uri, "status", jti, "--operator", "ops", "--operator-key", dir.resolve("ops.key").toString()));
            assertThat(status.exit()).as(status.both()).isEqualTo(ClientExit.OK);
            assertThat(status.out()).startsWith("REDEEMED writ " + jti + " of " + AGENT).contains("owner    cli-node");

            assertBundleHolds(uri, jti);

            // A writ revoked before it is redeemed: the writ read from stdin, the action from flags.
            Run second = propose(uri, concat(agent, "propose", "--target", "payments-api", "--operation", "transfer",
                    "-p", "amount=30", "-p", "currency=EUR", "--classification", "internal", "--json"));
            assertThat(second.exit()).as(second.both()).isEqualTo(ClientExit.OK);
            String jti2 = (String) second.json().get("jti");
            Run revoked = run(args(uri, "revoke", jti2, "--reason", "the agent went rogue", "--operator", "ops",
                    "--operator-key", dir.resolve("ops.key").toString()));
            assertThat(revoked.exit()).as(revoked.both()).isEqualTo(ClientExit.OK);
            assertThat(revoked.out()).startsWith("REVOKED writ " + jti2 + " in domain acme");
            Path secondAnswer = dir.resolve("second.json");
            Files.writeString(secondAnswer, second.out());
            Path secondProof = prove(agent, secondAnswer, action("thirty.json", "30"), "second-proof.txt");
            Run refused = withStdin(second.out(), args(uri, concat(pep, "redeem", "--writ", "-", "--file",
                    action("thirty.json", "30").toString(), "--proof", secondProof.toString(), "-o", "json")));
            assertThat(refused.exit()).isEqualTo(ClientExit.REFUSED);
            assertThat(refused.json()).containsEntry("outcome", "REFUSED").containsEntry("code", "REVOKED")
                    .containsEntry("stage", "NODE");

            // A mutation outside the writ is refused before the node is asked; the writ stays unspent.
            Run outside = run(args(uri, concat(pep, "redeem", "--writ", allowed.toString(), "--file",
                    action("more.json", "26").toString())));
            assertThat(outside.exit()).isEqualTo(ClientExit.REFUSED);
            assertThat(outside.err()).startsWith("REFUSED: SCOPE_MISMATCH: SCOPE:");

            Run denied = run(args(uri, concat(agent, "propose", "--file", action("big.json", "5000").toString(), "-o", "json")));
            assertThat(denied.exit()).as(denied.both()).isEqualTo(ClientExit.DENY);
            assertThat(denied.json()).containsEntry("decision", "DENY");

            Run escalated = propose(uri, concat(agent, "propose", "--file", action("large.json", "600").toString(), "-o", "json"));
            assertThat(escalated.exit()).as(escalated.both()).isEqualTo(ClientExit.ESCALATE);
            assertThat(escalated.json()).containsEntry("decision", "ESCALATE").containsKey("approvalId");
            Path escalation = dir.resolve("escalation.json");
            Files.writeString(escalation, escalated.out());
            Run approved = run(args(uri, "approve", "--escalation", escalation.toString(), "--approver", "alice",
                    "--approver-key", aliceKey.toString()));
            assertThat(approved.exit()).as(approved.both()).isEqualTo(ClientExit.OK);
            assertThat(approved.out()).startsWith("ALLOW proposal " + escalated.json().get("proposalId") + ": writ ");

            assertBadInputIsRefusedWithItsCode(uri, agent);
        }
    }

    private void assertBadInputIsRefusedWithItsCode(String uri, String[] agent) throws Exception {
        Run missing = run(args(uri, concat(agent, "propose", "--file", dir.resolve("nowhere.json").toString())));
        assertThat(missing.exit()).isEqualTo(ClientExit.USAGE);
        assertThat(missing.err()).startsWith("USAGE: UNREADABLE: no such file: ");

        Path bad = dir.resolve("bad.json");
        Files.writeString(bad, "{\"target\": \"payments-api\", ");
        Run badJson = run(args(uri, concat(agent, "propose", "--file", bad.toString(), "-o", "json")));
        assertThat(badJson.exit()).isEqualTo(ClientExit.USAGE);
        assertThat(badJson.json()).containsEntry("outcome", "USAGE").containsEntry("code", "MALFORMED");

        Path misspelt = dir.resolve("misspelt.json");
        Files.writeString(misspelt, "{\"target\": \"payments-api\", \"operation\": \"transfer\", \"parameter\": {}}");
        Run unknownField = run(args(uri, concat(agent, "propose", "--file", misspelt.toString())));
        assertThat(unknownField.exit()).isEqualTo(ClientExit.USAGE);
        assertThat(unknownField.err()).startsWith("USAGE: MALFORMED: ").contains("parameter");

        Run noAction = run(args(uri, concat(agent, "propose")));
        assertThat(noAction.exit()).isEqualTo(ClientExit.USAGE);
        assertThat(noAction.err()).startsWith("USAGE: MISSING_ACTION: ");

        Path otherKey = dir.resolve("other.key");
        Files.writeString(otherKey, KeyEncoding.toPem(SigningKey.generate()));
        Run mismatch = run(args(uri, "propose", "--agent-key", otherKey.toString(), "--agent-chain", agent[3],
                "--target", "payments-api", "--operation", "transfer"));
        assertThat(mismatch.exit()).isEqualTo(ClientExit.USAGE);
        assertThat(mismatch.err()).startsWith("USAGE: KEY_MISMATCH: ");

        Run noOptions = run("propose");
        assertThat(noOptions.exit()).isEqualTo(ClientExit.USAGE);
        assertThat(noOptions.err()).contains("Missing required options");

        String closed;
        try (ServerSocket socket = new ServerSocket(0)) {
            closed = "http://127.0.0.1:" + socket.getLocalPort();
        }
        Run unreachable = run(args(closed, concat(agent, "propose", "--file", action("small.json", "5").toString(),
                "-o", "json")));
        assertThat(unreachable.exit()).isEqualTo(ClientExit.UNREACHABLE);
        assertThat(unreachable.json()).containsEntry("outcome", "UNREACHABLE").containsEntry("code", "NO_ANSWER");
        Run down = run(args(closed, "health"));
        assertThat(down.exit()).isEqualTo(ClientExit.UNREACHABLE);
        assertThat(down.err()).startsWith("UNREACHABLE: NO_ANSWER: ");
    }

    /**
     * `writ bundle` writes what `writ verify` reads. The last records join a sealed batch shortly after
     * they are written (NOT_ANCHORED until then), so the bundle is fetched again until they have, within
     * a bound. Not pinned and not compared with a chain, consistent is all `writ verify` can say (exit 3).
     */
    private void assertBundleHolds(String uri, String jti) throws Exception {
        Path bundle = dir.resolve("bundle.json");
        Instant deadline = Instant.now().plus(Duration.ofMinutes(1));
        while (true) {
            Run fetched = run(args(uri, "bundle", jti, "--operator", "ops", "--operator-key", dir.resolve("ops.key").toString(),
                    "--out", bundle.toString()));
            assertThat(fetched.exit()).as(fetched.both()).isEqualTo(ClientExit.OK);
            assertThat(fetched.out()).contains("wrote the bundle of writ " + jti);
            Run verified = run("verify", "--json", bundle.toString());
            if (verified.out().contains("\"holds\":true")) {
                assertThat(verified.exit()).isEqualTo(3);
                return;
            }
            assertThat(verified.out()).contains("\"fault\":\"NOT_ANCHORED\"");
            assertThat(Instant.now()).as("the bundle's records are anchored").isBefore(deadline);
            Thread.sleep(200);
        }
    }

    /**
     * `writ propose`, again while a budget's owner gave no slice in time: a rate budget's first slice of
     * each period comes from its owner, and on shared cores that can take longer than
     * writ.budgets.refill-timeout (REFUSED BUDGET_UNAVAILABLE, 503: nothing decided, retry; D63;
     * the fabric tests' Admit does the same). Each try is a new proposal id.
     */
    private static Run propose(String uri, String... args) throws InterruptedException {
        Instant deadline = Instant.now().plus(Duration.ofMinutes(1));
        while (true) {
            Run proposed = run(args(uri, args));
            boolean warmingUp = proposed.exit() == ClientExit.REFUSED && proposed.out().contains("BUDGET_UNAVAILABLE");
            if (!warmingUp || Instant.now().isAfter(deadline)) {
                return proposed;
            }
            Thread.sleep(200);
        }
    }

    /** A bounded wait for a node starting on shared cores, not a timing assertion. */
    private static void awaitHealthy(String uri) throws InterruptedException {
        Instant deadline = Instant.now().plus(Duration.ofMinutes(3));
        while (run("health", "--node", uri).exit() != ClientExit.OK) {
            assertThat(Instant.now()).as("the node turns HEALTHY").isBefore(deadline);
            Thread.sleep(200);
        }
    }

    /** `writ prove` as the agent, for the PEP of this test, into {@code name}: what the agent hands the PEP with its writ. */
    private Path prove(String[] agent, Path answer, Path mutation, String name) throws Exception {
        Run proved = run(concat(agent, "prove", "--writ", answer.toString(), "--file", mutation.toString(),
                "--pep", "spiffe://acme/pep/pep-payments"));
        assertThat(proved.exit()).as(proved.both()).isEqualTo(ClientExit.OK);
        Path proof = dir.resolve(name);
        Files.writeString(proof, proved.out());
        return proof;
    }

    private static String[] concat(String[] options, String... command) {
        String[] all = new String[command.length + options.length];
        System.arraycopy(command, 0, all, 0, command.length);
        System.arraycopy(options, 0, all, command.length, options.length);
        return all;
    }
}

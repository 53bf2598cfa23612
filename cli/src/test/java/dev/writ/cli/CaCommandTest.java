package dev.writ.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.typesafe.config.ConfigFactory;
import dev.writ.authority.ca.CaDirectory;
import dev.writ.node.NodeMain;
import dev.writ.node.config.NodeSettings;
import dev.writ.node.identity.OperatorAuthentication;
import dev.writ.protocol.client.OperatorAudience;
import dev.writ.protocol.client.OperatorCredential;
import dev.writ.protocol.crypto.KeyEncoding;
import dev.writ.protocol.identity.AgentChainVerifier;
import dev.writ.protocol.identity.Pem;
import dev.writ.protocol.identity.VerifiedAgent;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class CaCommandTest {
    private static final String MODEL = "ab".repeat(32);

    @TempDir
    Path dir;

    private record Run(int exit, String out) {
    }

    private Run run(String... args) {
        StringWriter out = new StringWriter();
        CommandLine cli = new CommandLine(new WritCommand());
        cli.setOut(new PrintWriter(out));
        cli.setErr(new PrintWriter(out));
        return new Run(cli.execute(args), out.toString());
    }

    @Test
    void initCsrIssueListRevokeWalkAnAgentThroughItsCertificate() throws Exception {
        Path ca = dir.resolve("acme-ca");
        Run init = run("ca", "init", "--domain", "acme", "--out", ca.toString());
        assertThat(init.exit()).as(init.out()).isZero();
        assertThat(init.out()).contains("move", CaDirectory.ROOT_KEY, "offline");
        assertThat(Files.getPosixFilePermissions(ca.resolve(CaDirectory.ROOT_KEY)))
                .containsExactlyInAnyOrder(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE);

        Run csr = run("ca", "csr", "--agent", "spiffe://acme/agent/bot-1", "--model-hash", MODEL,
                "--key-out", dir.resolve("bot.key").toString(), "--out", dir.resolve("bot.csr").toString());
        assertThat(csr.exit()).as(csr.out()).isZero();
        Run issue = run("ca", "issue", "--ca", ca.toString(), "--csr", dir.resolve("bot.csr").toString(),
                "--out", dir.resolve("bot.pem").toString(), "--validity", "2h");
        assertThat(issue.exit()).as(issue.out()).isZero();

        VerifiedAgent agent = AgentChainVerifier.forRoot(CaDirectory.at(ca).rootDer()).verify(
                Pem.decodeAll(Files.readString(dir.resolve("bot.pem")), Pem.CERTIFICATE, 100_000),
                Instant.now(), (serial, id, key) -> Optional.empty());
        assertThat(agent.agent().uri()).isEqualTo("spiffe://acme/agent/bot-1");
        assertThat(agent.notAfter()).isBefore(Instant.now().plusSeconds(2 * 3600 + 60));
        String serial = agent.serial().toString(16);

        Run list = run("ca", "list", "--ca", ca.toString());
        assertThat(list.out()).contains(serial, "VALID", "spiffe://acme/agent/bot-1");
        Run revoke = run("ca", "revoke", "--ca", ca.toString(), "--serial", serial, "--reason", "key compromise");
        assertThat(revoke.exit()).as(revoke.out()).isZero();
        assertThat(run("ca", "list", "--ca", ca.toString()).out()).contains(serial, "REVOKED");
    }

    @Test
    void initNeverOverwritesAnExistingCa() {
        Path ca = dir.resolve("ca");
        assertThat(run("ca", "init", "--domain", "acme", "--out", ca.toString()).exit()).isZero();
        Run again = run("ca", "init", "--domain", "acme", "--out", ca.toString());
        assertThat(again.exit()).isEqualTo(CaCommand.UNREADABLE);
        assertThat(again.out()).contains("never overwritten");
    }

    @Test
    void aCsrForAnotherDomainIsRefusedWithItsCode() {
        Path ca = dir.resolve("ca");
        run("ca", "init", "--domain", "acme", "--out", ca.toString());
        run("ca", "csr", "--agent", "spiffe://globex/agent/bot", "--model-hash", MODEL,
                "--key-out", dir.resolve("k").toString(), "--out", dir.resolve("c").toString());
        Run issue = run("ca", "issue", "--ca", ca.toString(), "--csr", dir.resolve("c").toString(),
                "--out", dir.resolve("o").toString());
        assertThat(issue.exit()).isEqualTo(CaCommand.REFUSED);
        assertThat(issue.out()).contains("REFUSED: CERT_WRONG_DOMAIN");
        assertThat(dir.resolve("o")).doesNotExist();
    }

    @Test
    void nodeTlsWritesPkcs12StoresAndTheArteryTlsSettings() throws Exception {
        Path ca = dir.resolve("ca");
        run("ca", "init", "--domain", "acme", "--out", ca.toString());
        Run tls = run("ca", "node-tls", "--ca", ca.toString(), "--node-id", "n1", "--out", dir.resolve("tls").toString());
        assertThat(tls.exit()).as(tls.out()).isZero();
        com.typesafe.config.Config conf = com.typesafe.config.ConfigFactory.parseFile(dir.resolve("tls/n1-tls.conf").toFile());
        assertThat(conf.getString("pekko.remote.artery.transport")).isEqualTo("tls-tcp");
        assertThat(conf.getBoolean("pekko.remote.artery.ssl.config-ssl-engine.require-mutual-authentication")).isTrue();
        java.security.KeyStore keys = java.security.KeyStore.getInstance("PKCS12");
        try (var in = Files.newInputStream(dir.resolve("tls/n1-keystore.p12"))) {
            keys.load(in, conf.getString("pekko.remote.artery.ssl.config-ssl-engine.key-store-password").toCharArray());
        }
        assertThat(keys.getCertificateChain("node")).hasSize(3);
        assertThat(((java.security.cert.X509Certificate) keys.getCertificate("node")).getSubjectX500Principal().getName())
                .contains("CN=n1");
    }

    @Test
    void revokingAnUnknownSerialIsAnError() {
        Path ca = dir.resolve("ca");
        run("ca", "init", "--domain", "acme", "--out", ca.toString());
        Run revoke = run("ca", "revoke", "--ca", ca.toString(), "--serial", "abc");
        assertThat(revoke.exit()).isEqualTo(CaCommand.UNREADABLE);
        assertThat(revoke.out()).contains("no certificate with serial abc");
    }

    @Test
    void operatorWritesAKeyWhosePrintedEntryANodeAcceptsAndNeverOverwritesIt() throws Exception {
        Path key = dir.resolve("ops.key");
        Run made = run("ca", "operator", "--id", "ops-1", "--key-out", key.toString());
        assertThat(made.exit()).as(made.out()).isZero();
        assertThat(Files.getPosixFilePermissions(key))
                .containsExactlyInAnyOrder(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE);
        String entry = made.out().lines().filter(l -> l.startsWith("{")).findFirst().orElseThrow();

        NodeSettings settings = NodeSettings.from(ConfigFactory.parseString("writ.identity { agent-certificates = optional,"
                + " pep-credentials = optional, operator-credentials = required, operators = [" + entry + "] }").withFallback(NodeMain.compose(ConfigFactory.empty())));
        OperatorAudience node = new OperatorAudience(settings.domain(), settings.nodeId());
        Instant now = Instant.now();
        OperatorAuthentication admin = new OperatorAuthentication(settings.identity(), node, now);
        OperatorCredential ops = new OperatorCredential("ops-1", KeyEncoding.signingKeyFromPem(Files.readString(key)));
        byte[] body = "{}".getBytes(StandardCharsets.UTF_8);
        assertThat(admin.require(Optional.of(ops.header(node, "POST", "/v1/revocations", body, now.toEpochMilli())),
                "POST", "/v1/revocations", body, now)).contains("ops-1");

        String before = Files.readString(key);
        Run again = run("ca", "operator", "--id", "ops-1", "--key-out", key.toString());
        assertThat(again.exit()).isEqualTo(CaCommand.REFUSED);
        assertThat(again.out()).contains("KEY_EXISTS");
        assertThat(Files.readString(key)).isEqualTo(before);
    }

    @Test
    void operatorIdsThatNoHeaderCouldCarryAreRefusedBeforeAnyKeyIsWritten() {
        Run bad = run("ca", "operator", "--id", "ops 1", "--key-out", dir.resolve("k").toString());
        assertThat(bad.exit()).isEqualTo(CaCommand.REFUSED);
        assertThat(bad.out()).contains("MALFORMED", "--id");
        assertThat(dir.resolve("k")).doesNotExist();
    }
}

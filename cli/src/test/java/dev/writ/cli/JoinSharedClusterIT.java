package dev.writ.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.writ.contracts.chain.AgentRegistryContract;
import dev.writ.contracts.chain.Bytes32;
import dev.writ.contracts.chain.EvidenceAnchorContract;
import dev.writ.contracts.devchain.DevAccounts;
import dev.writ.fabric.DatabaseChoice;
import dev.writ.fabric.DomainNodes;
import dev.writ.fabric.FabricChain;
import dev.writ.fabric.FabricDatabase;
import dev.writ.fabric.FabricOptions;
import dev.writ.fabric.FreePorts;
import dev.writ.fabric.LocalFabric;
import dev.writ.fabric.NodeConfig;
import dev.writ.fabric.NodeConfigRenderer;
import dev.writ.fabric.PartnerDomain;
import dev.writ.fabric.ReconciliationClient;
import dev.writ.fabric.SamplePolicies;
import dev.writ.fabric.Topology;
import dev.writ.protocol.client.WritClient;
import dev.writ.protocol.crypto.KeyId;
import dev.writ.protocol.wire.DomainContinuity;
import java.io.File;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.web3j.crypto.Credentials;
import org.web3j.utils.Numeric;

/**
 * A second organisation joins a running domain's cluster by hand, as the README's "Joining a
 * shared cluster as a new organisation" tells its operator, and leaves it again. LocalFabric
 * starts only the first domain (acme, one node, mutual TLS, a real anvil); globex is made with the
 * `writ` commands alone: its CA and node TLS ({@code writ ca}), roots exchanged and checked by
 * fingerprint into both nodes' trust stores with no restart ({@code writ domain trust}), its domain
 * registered by the registry's admin and its node key by its own admin ({@code writ domain
 * register|key add}), and its node a JVM started from a config file that includes the
 * {@code node-tls} settings and names acme's node as its seed, anchoring with its own wallet. acme's
 * running node takes nothing of globex (NOT_A_PARTNER) until its operator adds globex to its partners
 * file ({@code writ domain partner add}); both sides then prove each other's continuity. Removed from
 * the file, globex is refused at once; added again, accepted again; all without a restart. Leaving: globex's admin revokes its key and acme removes its root; acme refuses
 * globex's envelopes from its next key refresh on, while globex's node still runs; acme's operator then
 * takes globex off its partner list.
 */
class JoinSharedClusterIT {
    private static final String ACME = "acme";
    private static final String GLOBEX = SamplePolicies.PARTNER;
    private static final Duration WAIT = Duration.ofSeconds(120);
    private static final Pattern KEY_ID = Pattern.compile("registered key (\\S+) of ");

    private static Path work;
    private static FabricChain chain;
    private static LocalFabric acme;
    private static FabricDatabase globexDatabase;
    private static Process globexNode;
    private static Credentials globexAnchorer;
    /** The operators entry `writ ca operator` printed for globex's nodes. */
    private static String globexOperator;

    private static String ok(String... args) {
        CliRun r = CliRun.of(args);
        assertThat(r.exit()).as(String.join(" ", args) + " said " + r.out()).isZero();
        return r.out();
    }

    @BeforeAll
    static void launchTheFirstDomain() throws Exception {
        work = Path.of("target", "it-join-" + UUID.randomUUID()).toAbsolutePath();
        chain = FabricChain.start(work.resolve("chain"), List.of(ACME));
        chain.enact(SamplePolicies.version(1));
        FabricOptions.Builder options = FabricOptions.builder(work.resolve("acme"))
                .database(postgres())
                .mutualTls(true)
                .chain(chain)
                .domainConfig(ACME, chain.nodeConfig(ACME))
                .config("writ.exchange.registry-address", registry())
                // A departed partner's revoked key drops out within seconds here (30 s by default).
                .config("writ.exchange.key-refresh-interval", "2s")
                // acme's partner list is a file its operator changes with `writ domain partner`, no restart: none yet.
                .config("writ.exchange.enabled", "on")
                .config("writ.exchange.partners-file", NodeConfigRenderer.quote(acmePartners().toString()));
        Files.createDirectories(work);
        Files.writeString(acmePartners(), "partners = []\n");
        acme = LocalFabric.launch(Topology.of(new DomainNodes(ACME, 1)), options.build());
    }

    @AfterAll
    static void close() throws Exception {
        if (globexNode != null) {
            globexNode.destroy();
            if (!globexNode.waitFor(30, TimeUnit.SECONDS)) {
                globexNode.destroyForcibly();
            }
        }
        if (globexDatabase != null) {
            globexDatabase.close();
        }
        if (acme != null) {
            acme.close();
        }
        if (chain != null) {
            chain.close();
        }
    }

    @Test
    void aSecondOrganisationJoinsWithTheCommandsAloneAndLeaves() throws Exception {
        Path g = work.resolve("globex");
        String acme1 = acme.nodeIds().get(0);
        Path acmeTls = work.resolve("acme").resolve("tls").resolve(ACME).resolve(acme1 + "-tls.conf");

        // 1. globex makes its CA and its node's TLS material.
        ok("ca", "init", "--domain", GLOBEX, "--out", g.resolve("ca").toString());
        ok("ca", "node-tls", "--ca", g.resolve("ca").toString(), "--node-id", "globex-1", "--out", g.resolve("tls").toString());
        Path globexTls = g.resolve("tls").resolve("globex-1-tls.conf");
        String operator = ok("ca", "operator", "--id", "globex-ops", "--key-out", g.resolve("operator.key.pem").toString());
        globexOperator = operator.substring(operator.indexOf(":\n") + 2).strip();

        // 2. Roots and fingerprints exchanged; each side checks the other's against the fingerprint read out of band.
        Path globexRoot = g.resolve("ca").resolve("root-ca.pem");
        Path acmeRoot = acme.identity(ACME).caDir().resolve("root-ca.pem");
        String globexFingerprint = ok("domain", "trust", "fingerprint", "--root", globexRoot.toString()).strip();
        String acmeFingerprint = ok("domain", "trust", "fingerprint", "--root", acmeRoot.toString()).strip();
        CliRun forged = CliRun.of("domain", "trust", "add", "--tls-config", acmeTls.toString(), "--root", globexRoot.toString(),
                "--fingerprint", acmeFingerprint);
        assertThat(forged.exit()).isEqualTo(CaCommand.REFUSED);
        assertThat(forged.out()).startsWith("REFUSED: FINGERPRINT_MISMATCH: ");
        ok("domain", "trust", "add", "--tls-config", acmeTls.toString(), "--root", globexRoot.toString(),
                "--fingerprint", globexFingerprint);
        ok("domain", "trust", "add", "--tls-config", globexTls.toString(), "--root", acmeRoot.toString(),
                "--fingerprint", acmeFingerprint);
        assertThat(ok("domain", "trust", "list", "--tls-config", acmeTls.toString()))
                .contains(ACME + " " + acmeFingerprint, GLOBEX + " " + globexFingerprint);

        // 3. The registry's admin registers globex with the admin address globex sent; globex's admin adds its node key.
        // globex's wallets: on anvil, two of its funded spare accounts.
        Credentials globexAdmin = DevAccounts.account(DevAccounts.firstSpare(1) + DevAccounts.SPARE_ACCOUNTS - 1);
        globexAnchorer = DevAccounts.account(DevAccounts.firstSpare(1) + DevAccounts.SPARE_ACCOUNTS - 2);
        Path registryAdminKey = secret(g.resolve("registry-admin.hex"), chain.config().deployer().privateKey());
        Path globexAdminKey = secret(g.resolve("globex-admin.hex"),
                Numeric.toHexStringNoPrefixZeroPadded(globexAdmin.getEcKeyPair().getPrivateKey(), 64));
        Path acmeAdminKey = secret(g.resolve("acme-admin.hex"), chain.config().domain(ACME).admin().privateKey());
        String[] register = chainArgs("domain", "register", "--registry-admin-key", registryAdminKey.toString(),
                "--domain", GLOBEX, "--admin", globexAdmin.getAddress(), "--anchorer", globexAnchorer.getAddress(),
                "--evidence-anchor", chain.config().contract(EvidenceAnchorContract.NAME));
        ok(register);
        assertThat(CliRun.of(register).out()).startsWith("REFUSED: DomainExists: ");
        Path nodeKey = g.resolve("node-1").resolve("node-key.pem");
        CliRun notTheirs = CliRun.of(chainArgs("domain", "key", "add", "--admin-key", acmeAdminKey.toString(), "--domain", GLOBEX,
                "--node-key", nodeKey.toString()));
        assertThat(notTheirs.out()).as("acme's admin adds no key to globex").startsWith("REFUSED: NotDomainAdmin: ");
        String added = ok(chainArgs("domain", "key", "add", "--admin-key", globexAdminKey.toString(), "--domain", GLOBEX,
                "--node-key", nodeKey.toString()));
        Matcher kid = KEY_ID.matcher(added);
        assertThat(kid.find()).as(added).isTrue();

        // 4. globex's node joins acme's cluster as its own data center, exchange on with acme as partner.
        URI globexUri = startGlobexNode(g, globexTls);
        URI acmeUri = acme.httpUri(acme1);
        // acme's running node takes nothing of globex until its operator lists globex as a partner; then it does.
        assertThat(awaitVerdict(acmeUri, GLOBEX, "NOT_A_PARTNER").getDetail()).contains("not a partner");
        String partners = acmePartners().toString();
        ok("domain", "partner", "add", "--partners-file", partners, "--domain", GLOBEX, "--owns", SamplePolicies.PARTNER_TARGET);
        assertThat(ok("domain", "partner", "list", "--partners-file", partners))
                .contains(GLOBEX + " owns " + SamplePolicies.PARTNER_TARGET);
        ReconciliationClient.awaitAccepted(List.of(acmeUri, globexUri), WAIT);
        for (URI node : List.of(acmeUri, globexUri)) {
            for (String domain : List.of(ACME, GLOBEX)) {
                assertThat(ReconciliationClient.continuity(node, domain)).as(node + " proves " + domain)
                        .hasValueSatisfying(c -> assertThat(c.getVerdict()).isEqualTo("ACCEPT"));
            }
        }
        assertThat(acme.health(acme1).healthy()).isTrue();

        // The partner removed from acme's list, its key still valid on chain: refused at once, fail closed, no restart;
        // listed again, it is accepted again (acme repairs what it refused meanwhile).
        ok("domain", "partner", "remove", "--partners-file", partners, "--domain", GLOBEX);
        awaitVerdict(acmeUri, GLOBEX, "NOT_A_PARTNER");
        ok("domain", "partner", "add", "--partners-file", partners, "--domain", GLOBEX, "--owns", SamplePolicies.PARTNER_TARGET);
        awaitVerdict(acmeUri, GLOBEX, "ACCEPT");

        // Leaving: globex's admin revokes its key on chain; acme removes globex's root. globex's node still
        // beacons, and acme refuses what it signs from its next key refresh on.
        ok(chainArgs("domain", "key", "revoke", "--admin-key", globexAdminKey.toString(), "--domain", GLOBEX,
                "--key-id", kid.group(1), "--reason", "globex left"));
        AgentRegistryContract registry = new AgentRegistryContract(chain.chain().client(), registry().replace("\"", ""));
        assertThat(registry.key(Bytes32.keccakOf(GLOBEX), new Bytes32(KeyId.parse(kid.group(1)).bytes())).revoked()).isTrue();
        ok("domain", "trust", "remove", "--tls-config", acmeTls.toString(), "--fingerprint", globexFingerprint);
        assertThat(ok("domain", "trust", "list", "--tls-config", acmeTls.toString())).doesNotContain(globexFingerprint);
        assertThat(globexNode.isAlive()).isTrue();
        DomainContinuity refused = awaitRefused(acmeUri, GLOBEX);
        assertThat(refused.getVerdict()).isNotEqualTo("ACCEPT");
        assertThat(globexNode.isAlive()).as("refused for its revoked key, not for being gone").isTrue();
        assertThat(ReconciliationClient.continuity(acmeUri, ACME))
                .hasValueSatisfying(c -> assertThat(c.getVerdict()).isEqualTo("ACCEPT"));
        // and acme's operator takes globex off the partner list
        ok("domain", "partner", "remove", "--partners-file", partners, "--domain", GLOBEX);
        awaitVerdict(acmeUri, GLOBEX, "NOT_A_PARTNER");
    }

    private static Path acmePartners() {
        return work.resolve("acme-partners.conf");
    }

    /** A bounded wait for {@code node}'s verdict on {@code domain} to be {@code verdict}; not a timing assertion. */
    private static DomainContinuity awaitVerdict(URI node, String domain, String verdict) throws Exception {
        Instant deadline = Instant.now().plus(WAIT);
        while (true) {
            Optional<DomainContinuity> c = ReconciliationClient.continuity(node, domain);
            if (c.isPresent() && c.get().getVerdict().equals(verdict)) {
                return c.get();
            }
            assertThat(Instant.now()).as(node + " says " + verdict + " of " + domain + "; it says " + c).isBefore(deadline);
            Thread.sleep(250);
        }
    }

    /** The globex node's config as its operator writes it, and the node started as its own JVM. */
    private static URI startGlobexNode(Path g, Path tlsConfig) throws Exception {
        globexDatabase = FabricDatabase.open(postgres(), GLOBEX, work);
        Path policy = g.resolve("policy.conf");
        Files.writeString(policy, "domain = " + GLOBEX + "\nversion = 1\nminimum-writ-version = 1\n"
                + "rules = [{ name = clerks, agent-class = \"spiffe://" + GLOBEX + "/agent/clerk-*\", targets { "
                + SamplePolicies.PARTNER_TARGET + " = [post] }, parameters { amount { required = true, maximum = 10 } },"
                + " window-seconds = 60 }]\n");
        int[] ports = FreePorts.allocate(2);
        String acme1 = acme.nodeIds().get(0);
        Map<String, String> extra = new LinkedHashMap<>(
                PartnerDomain.exchangeConfig(SamplePolicies.PARTNER_TARGET, GLOBEX, List.of(ACME, GLOBEX)));
        extra.put("writ.exchange.registry-address", registry());
        extra.put("writ.identity.ca-dir", NodeConfigRenderer.quote(g.resolve("ca").toString()));
        extra.put("writ.identity.operators", "[" + globexOperator + "]");
        extra.put("writ.chain.rpc-url", NodeConfigRenderer.quote(chain.chain().rpcUrl()));
        extra.put("writ.chain.chain-id", Long.toString(chain.chain().chainId()));
        extra.put("writ.chain.evidence-anchor", NodeConfigRenderer.quote(chain.config().contract(EvidenceAnchorContract.NAME)));
        extra.put("writ.chain.anchorer-key", NodeConfigRenderer.quote(
                Numeric.toHexStringNoPrefixZeroPadded(globexAnchorer.getEcKeyPair().getPrivateKey(), 64)));
        NodeConfig config = new NodeConfig("globex-1", GLOBEX, g.resolve("node-1"), "127.0.0.1", ports[0], ports[1],
                List.of(acme.config(acme1).arteryAddress()), 1, globexDatabase.journal(4), Optional.of(policy), extra);
        Path file = g.resolve("globex-1.conf");
        Files.writeString(file, NodeConfigRenderer.render(config)
                + "include file(" + NodeConfigRenderer.quote(tlsConfig.toAbsolutePath().toString()) + ")\n");
        FabricOptions launcher = acme.options();
        globexNode = new ProcessBuilder(launcher.javaCommand(), "-cp", launcher.classpath(), LocalFabric.NODE_MAIN,
                "--config", file.toString())
                .directory(g.toFile()).redirectErrorStream(true)
                .redirectOutput(g.resolve("globex-1.log").toFile())
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                .start();
        URI uri = URI.create("http://127.0.0.1:" + ports[0]);
        WritClient client = WritClient.create(uri);
        Instant deadline = Instant.now().plus(WAIT);
        while (!healthy(client)) {
            assertThat(globexNode.isAlive()).as("globex-1 runs; its log:\n" + tail(g.resolve("globex-1.log"))).isTrue();
            assertThat(Instant.now()).as("globex-1 turns HEALTHY; its log:\n" + tail(g.resolve("globex-1.log")))
                    .isBefore(deadline);
            Thread.sleep(250);
        }
        return uri;
    }

    /** A bounded wait for acme to stop accepting {@code domain}'s continuity; not a timing assertion. */
    private static DomainContinuity awaitRefused(URI node, String domain) throws Exception {
        Instant deadline = Instant.now().plus(WAIT);
        while (true) {
            Optional<DomainContinuity> c = ReconciliationClient.continuity(node, domain);
            if (c.isPresent() && !c.get().getVerdict().equals("ACCEPT")) {
                return c.get();
            }
            assertThat(Instant.now()).as(node + " stops accepting " + domain + "; it says " + c).isBefore(deadline);
            Thread.sleep(250);
        }
    }

    private static String[] chainArgs(String... args) {
        List<String> all = new ArrayList<>(List.of(args));
        all.addAll(List.of("--rpc", chain.chain().rpcUrl(), "--registry", registry().replace("\"", "")));
        return all.toArray(String[]::new);
    }

    private static String registry() {
        return NodeConfigRenderer.quote(chain.config().contract(AgentRegistryContract.NAME));
    }

    private static DatabaseChoice postgres() {
        return new DatabaseChoice.Postgres("jdbc:postgresql://127.0.0.1:5432/", "postgres", "", true);
    }

    private static Path secret(Path file, String hex) throws Exception {
        Files.createDirectories(file.getParent());
        Files.writeString(file, hex + "\n");
        return file;
    }

    private static boolean healthy(WritClient client) {
        try {
            return client.health().getStatus().equals("HEALTHY");
        } catch (Exception e) {
            return false;
        }
    }

    private static String tail(Path log) {
        try {
            List<String> lines = Files.readAllLines(log);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
        } catch (Exception e) {
            return "(no log: " + e.getMessage() + ")";
        }
    }
}

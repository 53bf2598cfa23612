package dev.writ.node.config;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigFactory;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class NodeSettingsTest {

    private static NodeSettings settings(String override) {
        // identity is IdentitySettingsTest's subject; here it is relaxed so the rest of the settings can be read alone
        Config config = ConfigFactory.parseString(override)
                .withFallback(ConfigFactory.parseString("writ.identity { agent-certificates = optional, operator-credentials = optional,"
                        + " pep-credentials = optional }"
                        + "\npekko.remote.artery.canonical.hostname = \"127.0.0.1\"")) // as writ/pekko.conf sets it
                .withFallback(ConfigFactory.defaultReferenceUnresolved()).resolve();
        return NodeSettings.from(config);
    }

    @Test
    void defaultsComeFromReferenceConf() {
        NodeSettings s = settings("");
        assertThat(s.nodeId()).isEqualTo("node-1");
        assertThat(s.domain()).isEqualTo("acme");
        assertThat(s.httpHost()).isEqualTo("127.0.0.1");
        assertThat(s.httpPort()).isEqualTo(7401);
        assertThat(s.maxBodyBytes()).isEqualTo(64 * 1024);
        assertThat(s.clockOffset()).isEqualTo(Duration.ZERO);
        assertThat(s.evidenceLanes()).isEqualTo(2);
        assertThat(s.evidenceMaxBatch()).isEqualTo(256);
        assertThat(s.anchorMaxRecords()).isEqualTo(8192);
        assertThat(s.askTimeout()).isEqualTo(Duration.ofSeconds(5));
        assertThat(s.revocationStalenessBound()).isEqualTo(Duration.ofSeconds(10));
        assertThat(s.approvalTimeout()).isEqualTo(Duration.ofHours(1));
        assertThat(s.approvers()).isEmpty();
        assertThat(s.policyFile()).isEmpty();
        assertThat(s.policySource()).isEqualTo(NodeSettings.PolicySourceKind.FILE);
        assertThat(s.journal().user()).isEqualTo("sa");
        assertThat(s.journal().maxConnections()).isEqualTo(8);
        assertThat(s.journal().createSchema()).isTrue();
        assertThat(s.chain().enabled()).as("no chain anchoring without writ.chain.rpc-url").isFalse();
        assertThat(s.chain().confirmations()).isEqualTo(1);
        assertThat(s.degradedEscalateRiskAtLeast()).isEqualTo(50);
    }

    @Test
    void proposalsAreFreshForFiveMinutesAndTheirClaimsOutliveEveryNodesWindow() {
        NodeSettings.Admission a = settings("").admission();
        assertThat(a.proposalMaxAge()).isEqualTo(Duration.ofMinutes(5));
        assertThat(a.proposalClockSkew()).isEqualTo(Duration.ofSeconds(30));
        assertThat(a.decisionDeadline()).isEqualTo(Duration.ofSeconds(30));
        assertThat(a.claimRetention()).isEqualTo(Duration.ofMinutes(6));
    }

    @Test
    void aDecisionDeadlineBeyondTheProposalMaxAgeIsRefused() {
        assertThatThrownBy(() -> settings("writ.admission.decision-deadline = 5m"))
                .hasMessageContaining("writ.admission.decision-deadline");
        assertThatThrownBy(() -> settings("writ.admission.proposal-clock-skew = -1s"))
                .hasMessageContaining("writ.admission.proposal-clock-skew");
    }

    @Test
    void budgetSlicesAreATenthOfTheLimitRefilledAtHalfAndWaitedForAtMostFiveSeconds() {
        assertThat(settings("").budgets()).isEqualTo(new NodeSettings.Budgets(0.1, 0.5, Duration.ofSeconds(5), Duration.ofSeconds(30)));
        assertThatThrownBy(() -> settings("writ.budgets.slice-of-limit = 0")).hasMessageContaining("writ.budgets.slice-of-limit");
        assertThatThrownBy(() -> settings("writ.budgets.low-water = 1")).hasMessageContaining("writ.budgets.low-water");
        assertThatThrownBy(() -> settings("writ.budgets.refill-timeout = 0s")).hasMessageContaining("writ.budgets.refill-timeout");
        assertThatThrownBy(() -> settings("writ.budgets.grant-timeout = 1s")).hasMessageContaining("writ.budgets.grant-timeout");
    }

    @Test
    void chainAnchoringNeedsAContractAndExactlyOneAnchorerKey() {
        String rpc = "writ.chain.rpc-url = \"http://127.0.0.1:8545\"\n";
        String contract = "writ.chain.evidence-anchor = \"0x5FbDB2315678afecb367f032d93F642f64180aa3\"\n";
        String key = "writ.chain.anchorer-key = \"0x" + "11".repeat(32) + "\"\n";
        assertThat(settings(rpc + contract + key).chain().enabled()).isTrue();
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> settings(rpc + key))
                .hasMessageContaining("writ.chain.evidence-anchor");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> settings(rpc + contract))
                .hasMessageContaining("anchorer-key");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> settings(rpc + contract + key
                + "writ.chain.anchorer-key-file = /tmp/k\n")).hasMessageContaining("exactly one");
    }

    @Test
    void aChainPolicySourceNeedsTheChainAndARegistryAddress() {
        assertThatThrownBy(() -> settings("writ.policy.source = chain"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("writ.chain.rpc-url");
        String chain = "writ.chain { rpc-url = \"http://127.0.0.1:8545\", evidence-anchor = \"0xe7f1725E7734CE288F8367e1Bb143E90bb3F0512\","
                + " anchorer-key = \"0x59c6995e998f97a5a0044966f0945389dc9e86dae88c7a8412f4603b6b78690d\" }\n";
        assertThatThrownBy(() -> settings(chain + "writ.policy.source = chain"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("registry-address");
        NodeSettings s = settings(chain + "writ.policy.source = chain\nwrit.policy.chain.registry-address = \"0x5FbDB2315678afecb367f032d93F642f64180aa3\"");
        assertThat(s.policySource()).isEqualTo(NodeSettings.PolicySourceKind.CHAIN);
        assertThat(s.policyChain().registryAddress()).isEqualTo("0x5FbDB2315678afecb367f032d93F642f64180aa3");
        assertThat(s.policyChain().checkInterval()).isEqualTo(Duration.ofSeconds(1));
    }

    @Test
    void aHealthReportMayNotGoStaleFasterThanTwoChecks() {
        assertThat(settings("").healthStaleAfter()).isEqualTo(java.time.Duration.ofSeconds(5));
        assertThatThrownBy(() -> settings("writ.health { check-interval = 2s, stale-after = 3s }"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("writ.health.stale-after");
    }

    @Test
    void aNodeThatJoinsMembersNeedsArteryMutualTlsUnlessATrialSaysOtherwise() {
        String seeds = "writ.cluster.seed-nodes = [\"pekko://writ@127.0.0.1:2551\"]\n";
        assertThat(settings("").nodeId()).as("a cluster of its own needs no TLS").isEqualTo("node-1");
        assertThatThrownBy(() -> settings(seeds)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("writ.cluster.mutual-tls").hasMessageContaining("writ ca node-tls");
        assertThatThrownBy(() -> settings(seeds + "pekko.remote.artery.transport = tls-tcp\n"
                + "pekko.remote.artery.ssl.config-ssl-engine.require-mutual-authentication = off"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("mutual authentication");
        assertThat(settings(seeds + "pekko.remote.artery.transport = tls-tcp").nodeId()).isEqualTo("node-1");
        assertThat(settings(seeds + "writ.cluster.mutual-tls = optional").nodeId()).isEqualTo("node-1");
        assertThatThrownBy(() -> settings("pekko.remote.artery.canonical.hostname = \"10.0.0.7\""))
                .as("a cluster of its own that others can reach needs TLS too")
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("anyone who reaches that port");
        assertThatThrownBy(() -> settings("pekko.remote.artery.bind.hostname = \"0.0.0.0\""))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'0.0.0.0'");
        assertThat(settings("pekko.remote.artery.canonical.hostname = localhost").nodeId()).isEqualTo("node-1");
        assertThat(settings("pekko.remote.artery.canonical.hostname = \"10.0.0.7\"\npekko.remote.artery.transport = tls-tcp")
                .nodeId()).isEqualTo("node-1");
        assertThat(settings("pekko.remote.artery.canonical.hostname = \"10.0.0.7\"\nwrit.cluster.mutual-tls = optional")
                .nodeId()).isEqualTo("node-1");
        assertThatThrownBy(() -> settings("writ.cluster.mutual-tls = maybe")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'required' or 'optional'");
    }

    @Test
    void httpsNeedsTheNodeTlsStoresAndAKnownClientAuthMode() {
        assertThat(settings("").httpTls()).isEqualTo(new NodeSettings.HttpTls(false, NodeSettings.ClientAuth.WANT));
        assertThatThrownBy(() -> settings("writ.http.tls.enabled = on")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("writ ca node-tls");
        assertThat(settings("writ.http.tls { enabled = on, client-auth = need }\n"
                + "pekko.remote.artery.transport = tls-tcp").httpTls())
                .isEqualTo(new NodeSettings.HttpTls(true, NodeSettings.ClientAuth.NEED));
        assertThatThrownBy(() -> settings("writ.http.tls.client-auth = sometimes")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("none, want or need");
    }

    @Test
    void anUnknownPolicySourceIsRefused() {
        assertThatThrownBy(() -> settings("writ.policy.source = ipfs"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("file or chain");
    }

    @Test
    void theDataDirDefaultsToDataSlashNodeIdMadeAbsolute() {
        NodeSettings s = settings("writ.node.id = \"broker-7\"");
        assertThat(s.dataDir()).isAbsolute();
        assertThat(s.dataDir()).isEqualTo(Path.of("data", "broker-7").toAbsolutePath());
        assertThat(s.nodeKeyFile()).isEqualTo(s.dataDir().resolve("node-key.pem"));
    }

    @Test
    void aGivenRelativeDataDirIsMadeAbsolute() {
        NodeSettings s = settings("writ.node.data-dir = \"var/writ\"");
        assertThat(s.dataDir()).isEqualTo(Path.of("var/writ").toAbsolutePath());
    }

    @Test
    void anEmptyJournalUrlBecomesAnH2FileUnderTheDataDir() {
        NodeSettings s = settings("writ.node.id = \"broker-7\"");
        assertThat(s.journal().url()).isEqualTo("jdbc:h2:file:" + s.dataDir().resolve("journal") + ";DB_CLOSE_ON_EXIT=FALSE");
        assertThat(s.journal().isPostgres()).isFalse();
    }

    @Test
    void aPostgresUrlIsKeptAsGiven() {
        NodeSettings s = settings("""
                writ.journal { url = "jdbc:postgresql://db.internal:5432/writ", user = "writ", password = "s3cret" }
                """);
        assertThat(s.journal().url()).isEqualTo("jdbc:postgresql://db.internal:5432/writ");
        assertThat(s.journal().isPostgres()).isTrue();
        assertThat(s.journal().user()).isEqualTo("writ");
        assertThat(s.journal().password()).isEqualTo("s3cret");
    }

    @Test
    void anH2ServerUrlIsKeptAndIsNotPostgres() {
        NodeSettings s = settings("writ.journal.url = \"jdbc:h2:tcp://localhost/~/writ\"");
        assertThat(s.journal().url()).isEqualTo("jdbc:h2:tcp://localhost/~/writ");
        assertThat(s.journal().isPostgres()).isFalse();
    }

    @Test
    void aGivenNodeKeyFileIsMadeAbsolute() {
        NodeSettings s = settings("writ.keys.node-key = \"keys/n1.pem\"");
        assertThat(s.nodeKeyFile()).isEqualTo(Path.of("keys/n1.pem").toAbsolutePath());
    }

    @Test
    void approversAreRead() {
        NodeSettings s = settings("writ.approvals.approvers = [{ id = alice, public-key-pem = \"PEM-A\" }]");
        assertThat(s.approvers()).containsExactly(new NodeSettings.Approver("alice", "PEM-A"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "-node", ".node", "node/1", "node 1", "../etc", "n\u00e9"})
    void aBadNodeIdIsRefusedNamingTheKey(String id) {
        assertThatThrownBy(() -> settings("writ.node.id = \"" + id + "\""))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("writ.node.id");
    }

    @Test
    void aNodeIdOf64CharactersIsRefused() {
        assertThat(settings("writ.node.id = \"" + "n".repeat(63) + "\"").nodeId()).hasSize(63);
        assertThatThrownBy(() -> settings("writ.node.id = \"" + "n".repeat(64) + "\""))
                .hasMessageContaining("writ.node.id");
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "ACME", "acme_corp", "-acme", "acme/x", "acme corp"})
    void aBadDomainIsRefusedNamingTheKey(String domain) {
        assertThatThrownBy(() -> settings("writ.node.domain = \"" + domain + "\""))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("writ.node.domain");
    }

    @Test
    void aMissingKeyIsReportedByTheConfigLibrary() {
        Config config = ConfigFactory.parseString("writ { node { id = n1, domain = acme } }");
        assertThatThrownBy(() -> NodeSettings.from(config)).isInstanceOf(ConfigException.Missing.class);
    }
}

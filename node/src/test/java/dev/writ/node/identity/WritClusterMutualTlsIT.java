package dev.writ.node.identity;

import com.typesafe.config.ConfigFactory;
import dev.writ.authority.ca.CaDirectory;
import dev.writ.authority.ca.CertificateAuthority;
import dev.writ.authority.ca.NodeTlsMaterial;
import dev.writ.node.TestNode;
import dev.writ.protocol.client.PepGuard;
import dev.writ.protocol.client.WritClient;
import dev.writ.protocol.wire.DecisionRecord.Decision;
import dev.writ.protocol.wire.ProposalResponse;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Three Writ nodes of one domain (PostgreSQL journal, one JVM) whose only Artery transport is TLS
 * with mutual authentication from `writ ca node-tls` material: they form a cluster, become HEALTHY
 * (which needs three Up members), and a writ admitted on one node is redeemed through another.
 */
class WritClusterMutualTlsIT {
    @TempDir
    Path dir;
    private final List<TestNode> nodes = new ArrayList<>();
    private String database;

    @AfterEach
    void stop() throws Exception {
        // Youngest first: the oldest (the seed, holding the singletons) leaves last, so no node's
        // shutdown waits on a hand-over to members that are themselves leaving.
        for (int i = nodes.size() - 1; i >= 0; i--) {
            nodes.get(i).close();
        }
        if (database != null) {
            ScratchDatabase.drop(database);
        }
    }

    @Test
    void aDomainsNodesFormOverMutualTlsAndServeEachOthersWrits() throws Exception {
        database = ScratchDatabase.create("writ_tls_");
        CertificateAuthority ca = CaDirectory.at(dir.resolve("ca")).init("acme", Instant.now().minusSeconds(60),
                Duration.ofDays(3650), Duration.ofDays(365));
        int[] artery = {freePort(), freePort(), freePort()};
        for (int i = 0; i < 3; i++) {
            String id = "acme-" + (i + 1);
            NodeTlsMaterial.TlsFiles tls = NodeTlsMaterial.write(ca, id, dir.resolve("tls"), Instant.now(), Duration.ofDays(1));
            Map<String, Object> config = new HashMap<>();
            ConfigFactory.parseFile(tls.config().toFile()).entrySet()
                    .forEach(e -> config.put(e.getKey(), e.getValue().unwrapped()));
            config.putAll(Map.of(
                    "writ.node.id", id,
                    "writ.journal.url", ScratchDatabase.url(database),
                    "writ.journal.user", "postgres",
                    "writ.cluster.seed-nodes", List.of("pekko://writ@127.0.0.1:" + artery[0]),
                    "writ.cluster.min-members", 3,
                    "pekko.remote.artery.canonical.port", artery[i],
                    "pekko.cluster.jmx.multi-mbeans-in-same-jvm", "on"));
            nodes.add(TestNode.start(dir.resolve(id), config));
        }
        List<WritClient> clients = nodes.stream().map(n -> WritClient.create(n.uri())).toList();
        Instant deadline = Instant.now().plusSeconds(90);
        while (!clients.stream().allMatch(WritClusterMutualTlsIT::healthy)) {
            assertThat(Instant.now()).as("three nodes HEALTHY over mutual TLS in time").isBefore(deadline);
            Thread.sleep(200);
        }
        assertThat(clients.get(0).health().getMembersUpList()).hasSize(3);
        for (TestNode node : nodes) {
            com.typesafe.config.Config running = node.node.system().settings().config();
            assertThat(running.getString("pekko.remote.artery.transport")).isEqualTo("tls-tcp");
            assertThat(running.getBoolean("pekko.remote.artery.ssl.config-ssl-engine.require-mutual-authentication")).isTrue();
        }

        ProposalResponse allowed = clients.get(0).propose(AuthenticatedProposalTest.transfer(
                new dev.writ.protocol.identity.SpiffeId("acme", "payments-tls"), "15"));
        assertThat(allowed.getDecision()).isEqualTo(Decision.ALLOW);
        PepGuard pep = new PepGuard(clients.get(1), clients.get(1).keys("acme"), "pep-1", Duration.ofSeconds(5),
                Clock.systemUTC());
        assertThat(pep.redeem(allowed.getWrit(), AuthenticatedProposalTest.action("15"),
                Map.of("account.balance", "100000")).receipt().getJti()).isEqualTo(allowed.getJti());
    }

    private static boolean healthy(WritClient client) {
        try {
            return client.health().getStatus().equals("HEALTHY");
        } catch (Exception e) {
            return false;
        }
    }

    private static int freePort() throws Exception {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}

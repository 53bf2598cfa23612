package dev.writ.fabric;

import static org.assertj.core.api.Assertions.assertThat;

import dev.writ.contracts.chain.AgentRegistryContract;
import dev.writ.protocol.client.WritClient;
import dev.writ.protocol.wire.DomainContinuity;
import dev.writ.protocol.wire.RevocationEntry;
import dev.writ.protocol.wire.RevocationRequest;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * Lineage checkpoints and outbox pruning on a real two-domain fabric (acme: two nodes, globex: one;
 * PostgreSQL, a dev chain, mutual TLS): each domain seals a checkpoint every 10 envelopes, its
 * partner acknowledges it, and the domain prunes its exchange outbox below it, keeping its
 * revocation entries. The outbox's rows and every node's held envelopes stay bounded however many
 * envelopes were published (counted, not timed); a restarted node, whose lineage of both domains
 * starts empty, asks from envelope 0, is answered that the range was pruned, starts from each
 * domain's latest checkpoint with the revocation entries before it, and proves both domains'
 * continuity again (ACCEPT) with the same state as the nodes that saw it all.
 */
@EnabledIfSystemProperty(named = "writ.it.lineage-checkpoint-fabric", matches = "true")
class LineageCheckpointFabricIT {
    private static final String ACME = "acme";
    private static final String GLOBEX = SamplePolicies.PARTNER;
    private static final int INTERVAL = 10;
    private static final int MAX_HELD = 40;
    private static final short REVOCATION = 2;
    private static FabricChain chain;
    private static LocalFabric fabric;

    @BeforeAll
    static void launch() throws Exception {
        Path work = Path.of("target", "it-checkpoints-" + UUID.randomUUID()).toAbsolutePath();
        chain = FabricChain.start(work.resolve("chain"), List.of(ACME, GLOBEX));
        chain.enact(SamplePolicies.version(1));
        chain.enact(SamplePolicies.partner());
        FabricOptions.Builder options = FabricOptions.builder(work.resolve("fabric"))
                .database(DatabaseChoice.localPostgres())
                .mutualTls(true)
                .chain(chain)
                .domainConfig(ACME, chain.nodeConfig(ACME))
                .domainConfig(GLOBEX, chain.nodeConfig(GLOBEX))
                .config("writ.exchange.registry-address", NodeConfigRenderer.quote(chain.config().contract(AgentRegistryContract.NAME)))
                .config("writ.exchange.checkpoints.interval", String.valueOf(INTERVAL))
                .config("writ.exchange.checkpoints.max-held", String.valueOf(MAX_HELD))
                .config("writ.exchange.checkpoints.prune-interval", "500ms");
        PartnerDomain.exchangeConfig(SamplePolicies.PARTNER_TARGET, GLOBEX, List.of(ACME, GLOBEX)).forEach(options::config);
        fabric = LocalFabric.launch(Topology.of(new DomainNodes(ACME, 2), new DomainNodes(GLOBEX, 1)), options.build());
    }

    @AfterAll
    static void close() {
        if (fabric != null) {
            fabric.close();
        }
        if (chain != null) {
            chain.close();
        }
    }

    @Test
    @Timeout(420)
    void theOutboxIsPrunedBelowAcknowledgedCheckpointsAndARestartedNodeStartsFromThem() throws Exception {
        List<URI> nodes = fabric.nodeIds().stream().map(fabric::httpUri).toList();
        ReconciliationClient.awaitAccepted(nodes, Duration.ofSeconds(90));

        // A revocation early in acme's lineage: once pruned below, its entry must still reach a node that starts later.
        WritClient acme1 = WritClient.builder(fabric.httpUri("acme-1")).operatorCredential(fabric.identity(ACME).operator())
                .build();
        acme1.revoke(RevocationRequest.newBuilder().setKind(RevocationEntry.Kind.WRIT).setSubject("writ-before-checkpoints")
                .setReason("checkpoint test").setIssuer(FabricIdentity.OPERATOR).build());

        // Published far past the bound, and pruned: a counted picture, taken many times while envelopes flow.
        for (String domain : List.of(ACME, GLOBEX)) {
            Outbox first = awaitOutbox(domain, o -> o.floor() >= 3 * INTERVAL && o.published() > 6 * INTERVAL,
                    "pruned past three checkpoints");
            assertThat(first.acknowledged()).as(domain + "'s checkpoint acknowledged by its partner").isGreaterThanOrEqualTo(first.floor());
            for (int i = 0; i < 10; i++) {
                Outbox o = outbox(domain);
                assertThat(o.beaconsBelowFloor()).as(domain + ": only revocation entries below the floor").isZero();
                assertThat(o.rows() - o.revocations()).as(domain + ": rows from the floor up, with "
                        + o.published() + " envelopes published").isLessThanOrEqualTo(o.published() - o.floor())
                        .isLessThanOrEqualTo(MAX_HELD);
                Thread.sleep(300);
            }
            Outbox later = awaitOutbox(domain, o -> o.published() >= first.published() + 3 * INTERVAL, "three checkpoints on");
            assertThat(later.floor()).as(domain + "'s floor moved with its checkpoints").isGreaterThan(first.floor());
            assertThat(later.rows()).as(domain + "'s rows stay bounded while its lineage grows")
                    .isLessThan(later.published() - first.floor());
            System.out.printf("LineageCheckpointFabricIT %s: %d envelopes published, %d rows kept (%d revocation entries),"
                    + " pruned below checkpoint %d, acknowledged up to %d%n", domain, later.published(), later.rows(),
                    later.revocations(), later.floor(), later.acknowledged());
        }
        assertThat(outbox(ACME).revocations()).as("acme's revocation entry is kept").isEqualTo(1);
        for (URI node : nodes) {
            for (String domain : List.of(ACME, GLOBEX)) {
                DomainContinuity c = ReconciliationClient.continuity(node, domain).orElseThrow();
                assertThat(c.getCheckpointSeq()).as(node + " verified a checkpoint of " + domain).isGreaterThan(0);
                assertThat(c.getHeldEnvelopes()).as(node + " holds a bounded lineage of " + domain).isBetween(1L, (long) MAX_HELD);
            }
        }

        // A restarted node of each domain starts both lineages at their checkpoints and proves continuity again.
        for (String restarted : List.of("globex-1", "acme-2")) {
            fabric.restart(restarted);
            URI node = fabric.httpUri(restarted);
            ReconciliationClient.awaitAccepted(List.of(node), Duration.ofSeconds(90));
            for (String domain : List.of(ACME, GLOBEX)) {
                DomainContinuity c = ReconciliationClient.continuity(node, domain).orElseThrow();
                assertThat(c.getVerdict()).isEqualTo("ACCEPT");
                assertThat(c.getCheckpointSeq()).as(restarted + " started " + domain + " from a checkpoint").isGreaterThan(0);
                assertThat(c.getHeldEnvelopes()).isBetween(1L, (long) MAX_HELD);
            }
            assertThat(ReconciliationClient.continuity(node, ACME).orElseThrow().getRevocationEpoch())
                    .as(restarted + " holds acme's revocation from below the checkpoint").isGreaterThanOrEqualTo(1);
            assertThat(Files.readString(fabric.logFile(restarted))).contains("lineage from its checkpoint", "RANGE_PRUNED");
        }
        awaitOneDigest(nodes);
    }

    /** Every node reports one digest at a common cut: the restarted ones hold what the others hold. */
    private static void awaitOneDigest(List<URI> nodes) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        Map<URI, String> digests = Map.of();
        while (System.nanoTime() < deadline) {
            digests = ReconciliationClient.digestsAt(nodes, ReconciliationClient.commonCut(nodes));
            if (!digests.containsValue("") && digests.values().stream().distinct().count() == 1) {
                return;
            }
            Thread.sleep(200);
        }
        assertThat(digests.values()).as("digests at a common cut").doesNotContain("").hasSameSizeAs(nodes)
                .containsOnly(digests.values().iterator().next());
    }

    /** One counted picture of a domain's exchange outbox and acknowledgements in its database. */
    record Outbox(long rows, long revocations, long floor, long published, long beaconsBelowFloor, long acknowledged) {
    }

    private static Outbox awaitOutbox(String domain, Predicate<Outbox> condition, String what) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(180).toNanos();
        Outbox last = outbox(domain);
        while (!condition.test(last)) {
            assertThat(System.nanoTime()).as(domain + "'s outbox " + what + "; last " + last).isLessThan(deadline);
            Thread.sleep(250);
            last = outbox(domain);
        }
        return last;
    }

    private static Outbox outbox(String domain) throws Exception {
        NodeConfig.Journal journal = fabric.journal(domain);
        try (Connection c = DriverManager.getConnection(journal.url(), journal.user(), journal.password())) {
            long rows = one(c, "SELECT COUNT(*) FROM writ_exchange_outbox WHERE domain = ?", domain);
            long revocations = one(c, "SELECT COUNT(*) FROM writ_exchange_outbox WHERE domain = ? AND kind = " + REVOCATION, domain);
            long floor = one(c, "SELECT COALESCE(MIN(seq), 0) FROM writ_exchange_outbox WHERE domain = ? AND kind <> "
                    + REVOCATION, domain);
            long published = one(c, "SELECT COALESCE(MAX(seq) + 1, 0) FROM writ_exchange_outbox WHERE domain = ?", domain);
            long below = one(c, "SELECT COUNT(*) FROM writ_exchange_outbox WHERE domain = ? AND kind <> " + REVOCATION
                    + " AND seq < " + floor, domain);
            long acknowledged = one(c, "SELECT COALESCE(MIN(checkpoint_seq), -1) FROM writ_exchange_acks WHERE domain = ?", domain);
            return new Outbox(rows, revocations, floor, published, below, acknowledged);
        }
    }

    private static long one(Connection c, String sql, String domain) throws Exception {
        try (PreparedStatement s = c.prepareStatement(sql)) {
            s.setString(1, domain);
            try (ResultSet rs = s.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }
}

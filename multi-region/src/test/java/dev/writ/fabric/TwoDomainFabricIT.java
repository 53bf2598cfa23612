package dev.writ.fabric;

import static org.assertj.core.api.Assertions.assertThat;

import dev.writ.contracts.chain.AgentRegistryContract;
import dev.writ.contracts.chain.Bytes32;
import dev.writ.contracts.chain.DomainKey;
import dev.writ.node.keys.NodeKeys;
import dev.writ.protocol.client.AgentCredential;
import dev.writ.protocol.client.WritClient;
import dev.writ.protocol.crypto.VerifyingKey;
import dev.writ.protocol.wire.Action;
import dev.writ.protocol.wire.ActionContext;
import dev.writ.protocol.wire.ActionProposal;
import dev.writ.protocol.wire.DecisionRecord.Decision;
import dev.writ.protocol.wire.ProposalResponse;
import dev.writ.protocol.wire.RedemptionRequest;
import java.net.URI;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Two sovereign domains launched by one {@link LocalFabric} on PostgreSQL and a real dev chain:
 * acme (two nodes) and globex (one node) form one Pekko cluster over mutual TLS (each domain its
 * own CA, every node trusting both roots), each domain its own data center with its own
 * database, policy and anchoring key. The fabric registered every node's key
 * on chain for its domain before the node started, so the domains accept each other's signed
 * envelopes (proof exchange on); each domain admits and redeems its own writs, and its database
 * holds only its own evidence.
 */
class TwoDomainFabricIT {
    private static final String ACME = "acme";
    private static final String GLOBEX = SamplePolicies.PARTNER;
    private static FabricChain chain;
    private static LocalFabric fabric;

    @BeforeAll
    static void launch() throws Exception {
        Path work = Path.of("target", "it-two-domains-" + UUID.randomUUID()).toAbsolutePath();
        chain = FabricChain.start(work.resolve("chain"), List.of(ACME, GLOBEX));
        chain.enact(SamplePolicies.version(1));
        chain.enact(SamplePolicies.partner());
        FabricOptions.Builder options = FabricOptions.builder(work.resolve("fabric"))
                .database(DatabaseChoice.localPostgres())
                .mutualTls(true)
                .chain(chain)
                .domainConfig(ACME, chain.nodeConfig(ACME))
                .domainConfig(GLOBEX, chain.nodeConfig(GLOBEX))
                .config("writ.exchange.registry-address", NodeConfigRenderer.quote(chain.config().contract(AgentRegistryContract.NAME)));
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
    void bothDomainsAreOneClusterAndAcceptEachOthersEnvelopes() throws Exception {
        assertThat(fabric.nodeIds()).containsExactly("acme-1", "acme-2", "globex-1");
        for (String id : fabric.nodeIds()) {
            String domain = fabric.topology().domainOf(id);
            NodeHealth health = fabric.health(id);
            assertThat(health.healthy()).as(id + ": " + health).isTrue();
            // A node's health lists the Up members of its own data center (its domain): others' are not its to count.
            assertThat(health.membersUp()).as("members up seen by " + id).containsExactlyInAnyOrderElementsOf(
                    fabric.nodesOf(domain).stream().map(n -> fabric.config(n).arteryAddress()).toList());
        }
        // Envelopes travel between the data centers over the one cluster and are verified against the
        // sender's keys on chain: every node proving both domains' continuity shows both.
        List<URI> nodes = fabric.nodeIds().stream().map(fabric::httpUri).toList();
        ReconciliationClient.awaitAccepted(nodes, Duration.ofSeconds(60));
        for (URI node : nodes) {
            for (String domain : List.of(ACME, GLOBEX)) {
                assertThat(ReconciliationClient.continuity(node, domain)).as(node + " holds " + domain)
                        .hasValueSatisfying(c -> assertThat(c.getVerdict()).isEqualTo("ACCEPT"));
            }
        }
    }

    @Test
    void eachDomainAdmitsAndRedeemsItsOwnWritsAndKeepsItsEvidenceInItsOwnDatabase() throws Exception {
        WritClient acme1 = WritClient.create(fabric.httpUri("acme-1"));
        // each domain's PEP holds a PEP certificate of its own domain's CA
        WritClient acme2 = WritClient.builder(fabric.httpUri("acme-2")).pepCredential(fabric.identity(ACME).pep("pep-it"))
                .build();
        WritClient globex1 = WritClient.builder(fabric.httpUri("globex-1"))
                .pepCredential(fabric.identity(GLOBEX).pep("pep-it")).build();

        Action payment = action("payments-api", "transfer", Map.of("amount", "40", "currency", "EUR"));
        ProposalResponse paid = Admit.admit(acme1, () -> fabric.identity(ACME).sign(proposal("spiffe://acme/agent/payments-it", payment)));
        assertThat(paid.getDecision()).as(paid.getReasonsList().toString()).isEqualTo(Decision.ALLOW);
        assertThat(acme2.redeem(redemption(paid, payment, fabric.identity(ACME).agent("spiffe://acme/agent/payments-it"),
                acme2)).getJti()).isEqualTo(paid.getJti());

        Action posting = action(SamplePolicies.PARTNER_TARGET, "post", Map.of("amount", "5"));
        ProposalResponse posted = Admit.admit(globex1, () -> fabric.identity(GLOBEX).sign(proposal("spiffe://globex/agent/clerk-it", posting)));
        assertThat(posted.getDecision()).as(posted.getReasonsList().toString()).isEqualTo(Decision.ALLOW);
        assertThat(globex1.redeem(redemption(posted, posting, fabric.identity(GLOBEX).agent("spiffe://globex/agent/clerk-it"),
                globex1)).getJti()).isEqualTo(posted.getJti());

        assertThat(fabric.databaseDescription(ACME)).isNotEqualTo(fabric.databaseDescription(GLOBEX));
        for (String domain : List.of(ACME, GLOBEX)) {
            Set<String> domains = new HashSet<>();
            Set<String> writers = new HashSet<>();
            NodeConfig.Journal journal = fabric.journal(domain);
            try (Connection c = DriverManager.getConnection(journal.url(), journal.user(), journal.password());
                 Statement s = c.createStatement();
                 ResultSet rs = s.executeQuery("SELECT DISTINCT domain, node_id FROM writ_evidence")) {
                while (rs.next()) {
                    domains.add(rs.getString(1));
                    writers.add(rs.getString(2));
                }
            }
            assertThat(domains).as("domains in the evidence of " + domain + "'s database").containsExactly(domain);
            assertThat(writers).as("nodes writing " + domain + "'s evidence").isNotEmpty()
                    .isSubsetOf(fabric.nodesOf(domain));
        }
    }

    @Test
    void everyNodesKeyIsOnChainUnderItsOwnDomainOnly() throws Exception {
        AgentRegistryContract registry = new AgentRegistryContract(chain.chain().client(),
                chain.config().contract(AgentRegistryContract.NAME));
        Map<String, Bytes32> domainIds = Map.of(ACME, chain.config().domain(ACME).domainId(),
                GLOBEX, chain.config().domain(GLOBEX).domainId());
        long now = Instant.now().getEpochSecond();
        for (String id : fabric.nodeIds()) {
            String domain = fabric.topology().domainOf(id);
            String other = domain.equals(ACME) ? GLOBEX : ACME;
            VerifyingKey key = NodeKeys.loadOrCreate(fabric.config(id).dataDir().resolve("node-key.pem")).verifyingKey();
            Bytes32 keyId = new Bytes32(key.id().bytes());

            assertThat(registry.keyIds(domainIds.get(domain))).as("key ids of " + domain).contains(keyId);
            assertThat(registry.keyIds(domainIds.get(other))).as("key ids of " + other).doesNotContain(keyId);
            DomainKey onChain = registry.key(domainIds.get(domain), keyId);
            assertThat(onChain.publicKey()).isEqualTo(new Bytes32(key.raw()));
            assertThat(onChain.revoked()).isFalse();
            assertThat(onChain.validFrom()).isLessThanOrEqualTo(now);
            assertThat(onChain.validUntil()).isGreaterThan(now + Duration.ofDays(7).toSeconds());
        }
    }

    private static ActionProposal proposal(String agent, Action action) {
        return ActionProposal.newBuilder()
                .setProposalId("it-" + UUID.randomUUID())
                .setAgentId(agent)
                .setAction(action)
                .setContext(ActionContext.newBuilder().setRiskScore(10).setDataClassification("internal"))
                .setProposedAtMillis(System.currentTimeMillis())
                .build();
    }

    private static Action action(String target, String operation, Map<String, String> parameters) {
        return Action.newBuilder().setTarget(target).setOperation(operation).putAllParameters(parameters)
                .setClassification("internal").build();
    }

    /** With the possession proof of {@code agent}, which proposed {@code issued}, for the PEP of {@code pep} (D61). */
    private static RedemptionRequest redemption(ProposalResponse issued, Action mutation, AgentCredential agent,
                                                WritClient pep) {
        return RedemptionRequest.newBuilder().setWrit(issued.getWrit()).setMutation(mutation)
                .putObserved("account.balance", "100000").setPepId("pep-it")
                .setPossession(agent.prove(issued, mutation, pep.pepCredential().orElseThrow().pepId().uri(), Instant.now()))
                .build();
    }
}

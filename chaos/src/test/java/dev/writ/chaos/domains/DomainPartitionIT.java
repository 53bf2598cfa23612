package dev.writ.chaos.domains;

import com.typesafe.config.ConfigFactory;
import dev.writ.chaos.sut.DrillState;
import dev.writ.chaos.sut.NetworkLab;
import dev.writ.chaos.sut.PrivatePostgres;
import dev.writ.fabric.DatabaseChoice;
import dev.writ.fabric.FabricChain;
import dev.writ.fabric.FabricIdentity;
import dev.writ.fabric.FabricOptions;
import dev.writ.fabric.LocalFabric;
import dev.writ.fabric.NodeConfigRenderer;
import dev.writ.fabric.NodePlacement;
import dev.writ.fabric.PartnerDomain;
import dev.writ.fabric.ReconciliationClient;
import dev.writ.fabric.Topology;
import dev.writ.policy.PolicyFiles;
import dev.writ.protocol.client.WritClient;
import dev.writ.protocol.client.WritRefusedException;
import dev.writ.protocol.crypto.SigningKey;
import dev.writ.protocol.identity.SpiffeId;
import dev.writ.protocol.wire.Action;
import dev.writ.protocol.wire.ActionContext;
import dev.writ.protocol.wire.ActionProposal;
import dev.writ.protocol.wire.DecisionRecord.Decision;
import dev.writ.protocol.wire.DomainContinuity;
import dev.writ.protocol.wire.ProposalResponse;
import dev.writ.protocol.wire.RedemptionRequest;
import dev.writ.protocol.wire.RevocationEntry;
import dev.writ.protocol.wire.RevocationRequest;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Two sovereign domains in one Pekko cluster: acme (2 node JVMs) and globex (1), each
 * its own data center, PostgreSQL database and keys registered on a real dev chain, every node in
 * its own network namespace. A cross-domain action is admitted in acme and redeemed once in
 * globex; an acme revocation is honoured in globex; a real network partition hides globex's
 * beacons from acme, after which acme admits nothing that depends on globex (and globex redeems
 * nothing of acme's); after healing, service resumes by itself and every node of both domains
 * holds identical reconciliation digests.
 */
class DomainPartitionIT {
    private static final String ACME = "acme";
    private static final String GLOBEX = "globex";
    private static final String TARGET = "globex-ledger";
    private static final String AGENT = "spiffe://acme/agent/ledger-1";
    private static final byte[] MODEL = new byte[32];
    private static final Duration STALENESS = Duration.ofSeconds(3);

    private static DrillState state;
    private static NetworkLab lab;
    private static PrivatePostgres postgres;
    private static FabricChain chain;
    private static LocalFabric acme;
    private static LocalFabric globex;

    @BeforeAll
    static void launch() throws Exception {
        assumeTrue(NetworkLab.available(), "needs root and iproute2 for network namespaces");
        Path work = Path.of("target", "it-domains-" + UUID.randomUUID()).toAbsolutePath();
        List<String> acmeNodes = List.of("acme-1", "acme-2");
        List<String> globexNodes = List.of("globex-1");
        List<String> all = new ArrayList<>(acmeNodes);
        all.addAll(globexNodes);
        state = DrillState.begin(work);
        lab = NetworkLab.create(all, state);
        postgres = PrivatePostgres.start(lab.bridgeAddress(), state);
        chain = FabricChain.start(work.resolve("chain"), List.of(ACME, GLOBEX), lab.bridgeAddress());
        chain.enact(policy(ACME, "rules = [{ name = ledger, agent-class = \"spiffe://acme/agent/ledger-*\","
                + " targets { " + TARGET + " = [post], acme-books = [post] }, parameters { amount { required = true,"
                + " minimum = 1, maximum = 1000 } }, window-seconds = 120 }]"));
        chain.enact(policy(GLOBEX, "rules = [{ name = clerks, agent-class = \"spiffe://globex/agent/clerk-*\","
                + " targets { " + TARGET + " = [post] }, parameters { amount { required = true, maximum = 10 } },"
                + " window-seconds = 60 }]"));
        // Its certificates come from the CA directory (FabricIdentity), not a node: the enrolment key is never used.
        chain.registerAgent(SpiffeId.parse(AGENT), MODEL, SigningKey.generate().verifyingKey());
        // The domain admin registers each node's key on chain before the node first speaks (globex's: PartnerDomain).
        chain.registerNodeKeys(ACME, work.resolve(ACME), acmeNodes);
        FabricOptions.Builder acmeOptions = options(work, ACME);
        chain.nodeConfig(ACME).forEach(acmeOptions::config);
        acme = LocalFabric.launch(new Topology(ACME, acmeNodes), acmeOptions.build());
        // globex joins acme's cluster (seeded by acme's nodes), both trusting each other's roots for Artery TLS.
        globex = PartnerDomain.launch(chain, acme, new Topology(GLOBEX, globexNodes), options(work, GLOBEX));
        ReconciliationClient.awaitAccepted(uris(), Duration.ofSeconds(60));
    }

    private static FabricOptions.Builder options(Path work, String domain) {
        FabricOptions.Builder b = FabricOptions.builder(work.resolve(domain))
                .database(new DatabaseChoice.Postgres(postgres.baseUrl(), "postgres", "", false))
                .config("writ.exchange.enabled", "on")
                .config("writ.exchange.beacon-staleness-bound", "\"" + STALENESS.toMillis() + "ms\"")
                .config("writ.exchange.partners", "[" + ACME + ", " + GLOBEX + "]")
                .config("writ.exchange.target-owners", "{ \"" + TARGET + "\" = \"" + GLOBEX + "\" }")
                .config("writ.identity.agent-registry.address",
                        NodeConfigRenderer.quote(chain.config().contract("AgentRegistry")));
        for (String id : domain.equals(ACME) ? List.of("acme-1", "acme-2") : List.of("globex-1")) {
            b.place(id, new NodePlacement(lab.address(id), lab.launchPrefix(id)));
        }
        return b;
    }

    private static dev.writ.policy.PolicySet policy(String domain, String rules) throws Exception {
        return PolicyFiles.parse(ConfigFactory.parseString("domain = " + domain + "\nversion = 1\nminimum-writ-version = 1\n"
                + rules));
    }

    @AfterAll
    static void close() {
        for (AutoCloseable c : new AutoCloseable[] {globex, acme, chain, postgres, lab, state}) {
            try {
                if (c != null) {
                    c.close();
                }
            } catch (Exception e) {
                System.err.println("closing " + c + ": " + e);
            }
        }
    }

    @Test
    void partnersVerifyEachOtherFailClosedWhileHiddenAndConvergeAfterHealing() throws Exception {
        WritClient acme1 = client(acme, "acme-1");
        WritClient acme2 = client(acme, "acme-2");
        WritClient globex1 = client(globex, "globex-1");

        // A cross-domain action: admitted in acme, verified and redeemed once in globex.
        ProposalResponse allowed = admitUntilAllowed(acme1, "25");
        String jti = allowed.getJti();
        long redeemStarted = System.nanoTime();
        assertThat(globex1.redeem(redemption(allowed, "25", globex1)).getJti()).isEqualTo(jti);
        System.out.printf("cross-domain redemption at globex took %d ms%n", (System.nanoTime() - redeemStarted) / 1_000_000);
        assertThatThrownBy(() -> globex1.redeem(redemption(allowed, "25", globex1)))
                .isInstanceOfSatisfying(WritRefusedException.class, r -> assertThat(r.code()).isEqualTo("REPLAYED"));
        ProposalResponse forGlobex = admitUntilAllowed(acme2, "30");
        assertThatThrownBy(() -> acme1.redeem(redemption(forGlobex, "30", acme1)))
                .isInstanceOfSatisfying(WritRefusedException.class, r -> assertThat(r.code()).isEqualTo("FOREIGN_DOMAIN"));

        // A revocation in acme crosses the boundary: globex refuses the revoked writ.
        var revoked = acme2.revoke(RevocationRequest.newBuilder().setKind(RevocationEntry.Kind.WRIT)
                .setSubject(forGlobex.getJti()).setReason("test").setIssuer(FabricIdentity.OPERATOR).build());
        awaitHeldEpoch(globex, "globex-1", ACME, revoked.getEntry().getEpoch(), Duration.ofSeconds(10));
        assertThatThrownBy(() -> globex1.redeem(redemption(forGlobex, "30", globex1)))
                .isInstanceOfSatisfying(WritRefusedException.class, r -> assertThat(r.code()).isEqualTo("REVOKED"));

        // A partition hides globex's beacons from acme (and acme's from globex).
        ProposalResponse beforeCut = admitUntilAllowed(acme1, "40");
        Instant cut = Instant.now();
        lab.partition(Set.of("globex-1"));
        Instant bound = cut.plus(STALENESS).plusMillis(500);
        List<String> outcomes = new ArrayList<>();
        while (Instant.now().isBefore(bound.plusSeconds(4))) {
            Instant asked = Instant.now();
            try {
                ProposalResponse r = acme1.propose(proposal("41"));
                outcomes.add(r.getDecision().name());
                if (asked.isAfter(bound)) {
                    assertThat(r.getDecision()).as("no ALLOW depending on hidden globex after the beacon bound")
                            .isNotEqualTo(Decision.ALLOW);
                }
            } catch (WritRefusedException e) {
                outcomes.add(e.code());
            }
            Thread.sleep(250);
        }
        assertThat(outcomes).contains("EPOCH_STALE");
        assertThat(continuity(acme, "acme-1", GLOBEX).getVerdict()).isIn("EPOCH_STALE", "CONTINUITY_GAP");
        // acme's own business goes on.
        assertThat(acme1.propose(ownProposal()).getDecision()).isEqualTo(Decision.ALLOW);
        // globex, cut off from acme's beacons, redeems nothing of acme's.
        assertThatThrownBy(() -> globex1.redeem(redemption(beforeCut, "40", globex1)))
                .isInstanceOfSatisfying(WritRefusedException.class, r -> assertThat(r.code()).isIn("EPOCH_STALE",
                        "CONTINUITY_GAP"));

        // Heal: continuity is proven again without anyone's help, and service resumes.
        lab.heal();
        ReconciliationClient.awaitAccepted(uris(), Duration.ofSeconds(30));
        ProposalResponse after = admitUntilAllowed(acme2, "42");
        assertThat(globex1.redeem(redemption(after, "42", globex1)).getJti()).isEqualTo(after.getJti());

        // Every node of both domains holds the same reconciliation state at a common cut.
        Map<String, Long> common = ReconciliationClient.commonCut(uris());
        assertThat(common.keySet()).containsExactlyInAnyOrder(ACME, GLOBEX);
        Map<URI, String> digests = ReconciliationClient.digestsAt(uris(), common);
        assertThat(digests.values()).as("every node's digest at " + common).doesNotContain("");
        assertThat(new HashSet<>(digests.values())).as("reconciliation digests at " + common).hasSize(1);
    }

    private static Map<String, LocalFabric> all() {
        Map<String, LocalFabric> m = new LinkedHashMap<>();
        m.put("acme-1", acme);
        m.put("acme-2", acme);
        m.put("globex-1", globex);
        return m;
    }

    private static WritClient client(LocalFabric fabric, String id) {
        FabricIdentity identity = fabric.identity(fabric.config(id).domain());
        return WritClient.builder(fabric.httpUri(id)).operatorCredential(identity.operator())
                .pepCredential(identity.pep("pep-it")).build();
    }

    private static ActionProposal proposal(String amount) {
        return proposal(TARGET, amount);
    }

    private static ActionProposal ownProposal() {
        return proposal("acme-books", "5");
    }

    /** Signed by the agent's certificate from acme's CA, as acme's nodes require. */
    private static ActionProposal proposal(String target, String amount) {
        return acme.identity(ACME).sign(ActionProposal.newBuilder()
                .setProposalId(UUID.randomUUID().toString())
                .setAgentId(AGENT)
                .setAction(Action.newBuilder().setTarget(target).setOperation("post").putParameters("amount", amount))
                .setContext(ActionContext.newBuilder().setSessionId("s").setRiskScore(10))
                .setRequestedWindowSeconds(120)
                .setProposedAtMillis(System.currentTimeMillis())
                .build());
    }

    /** Sent by the PEP of {@code pep}, with the agent's possession proof made for it (the writ names the agent's key, D61). */
    private static RedemptionRequest redemption(ProposalResponse allowed, String amount, WritClient pep) {
        Action mutation = Action.newBuilder().setTarget(TARGET).setOperation("post").putParameters("amount", amount).build();
        return RedemptionRequest.newBuilder().setWrit(allowed.getWrit()).setMutation(mutation).setPepId("globex-pep")
                .setPossession(acme.identity(ACME).agent(AGENT).prove(allowed, mutation,
                        pep.pepCredential().orElseThrow().pepId().uri(), Instant.now()))
                .build();
    }

    /** Admits, waiting out the young cluster's budget warm-up and the partner's first beacons. */
    private static ProposalResponse admitUntilAllowed(WritClient client, String amount) throws Exception {
        Instant deadline = Instant.now().plusSeconds(60);
        while (true) {
            try {
                ProposalResponse r = client.propose(proposal(amount));
                if (r.getDecision() == Decision.ALLOW || Instant.now().isAfter(deadline)) {
                    assertThat(r.getDecision()).as(r.getReasonsList().toString()).isEqualTo(Decision.ALLOW);
                    return r;
                }
            } catch (WritRefusedException e) {
                if (Instant.now().isAfter(deadline)) {
                    throw e;
                }
            }
            Thread.sleep(200);
        }
    }

    private static List<URI> uris() {
        return all().entrySet().stream().map(n -> n.getValue().httpUri(n.getKey())).toList();
    }

    private static DomainContinuity continuity(LocalFabric fabric, String id, String domain) throws Exception {
        return ReconciliationClient.continuity(fabric.httpUri(id), domain)
                .orElseThrow(() -> new AssertionError(id + " lists no continuity for " + domain));
    }

    private static void awaitHeldEpoch(LocalFabric fabric, String id, String domain, long epoch, Duration timeout)
            throws Exception {
        Instant deadline = Instant.now().plus(timeout);
        while (continuity(fabric, id, domain).getRevocationEpoch() < epoch) {
            if (Instant.now().isAfter(deadline)) {
                throw new AssertionError(id + " does not hold revocation epoch " + epoch + " of " + domain);
            }
            Thread.sleep(20);
        }
    }
}

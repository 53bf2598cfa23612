package dev.writ.node.admission;

import com.google.protobuf.ByteString;
import com.google.protobuf.InvalidProtocolBufferException;
import dev.writ.authority.ca.CaDirectory;
import dev.writ.authority.ca.CertificateAuthority;
import dev.writ.node.TestNode;
import dev.writ.node.budget.BudgetEntity;
import dev.writ.node.evidence.Dialect;
import dev.writ.node.evidence.EvidenceLog;
import dev.writ.node.evidence.EvidenceStore;
import dev.writ.node.evidence.ProposalClaim;
import dev.writ.node.evidence.StoredRecord;
import dev.writ.policy.BudgetCharge;
import dev.writ.protocol.client.AgentCredential;
import dev.writ.protocol.client.WritClient;
import dev.writ.protocol.client.WritRefusedException;
import dev.writ.protocol.crypto.Hashes;
import dev.writ.protocol.crypto.SigningKey;
import dev.writ.protocol.identity.AgentCsr;
import dev.writ.protocol.identity.SpiffeId;
import dev.writ.protocol.wire.Action;
import dev.writ.protocol.wire.ActionContext;
import dev.writ.protocol.wire.ActionProposal;
import dev.writ.protocol.wire.DecisionRecord;
import dev.writ.protocol.wire.DecisionRecord.Decision;
import dev.writ.protocol.wire.EvidenceKind;
import dev.writ.protocol.wire.ExecutionContract;
import dev.writ.protocol.wire.ProposalResponse;
import dev.writ.protocol.wire.RefusalRecord;
import dev.writ.protocol.wire.WritIssuance;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Function;
import java.util.function.Supplier;
import org.apache.pekko.cluster.sharding.typed.javadsl.ClusterSharding;
import org.bouncycastle.cert.X509CertificateHolder;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.postgresql.ds.PGSimpleDataSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * A signed proposal is single use: one real node on the real PostgreSQL, signed proposals required,
 * the built-in policy (payments: 5,000 EUR an hour, 1,000 at most per transfer). A proposal sent
 * again gets its first answer back, never a second writ; the same id with other content, and a
 * proposal dated outside the accepted window, are refused with their codes and REFUSAL records.
 * The claims table's prune: a claim is kept while a proposal it could match is fresh.
 */
class ProposalReplayIT {
    private static final String SERVER = System.getProperty("writ.it.postgres", "jdbc:postgresql://127.0.0.1:5432/");
    private static final String NODE_ID = "test-node";
    private static final byte[] MODEL = Hashes.sha256("model-v1".getBytes(StandardCharsets.UTF_8));

    @TempDir
    static Path dir;
    static String database;
    static TestNode node;
    static CertificateAuthority ca;
    static WritClient plain;

    @BeforeAll
    static void start() throws Exception {
        database = "writ_replay_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12).toLowerCase(Locale.ROOT);
        admin("CREATE DATABASE " + database);
        ca = CaDirectory.at(dir.resolve("ca")).init("acme", Instant.now().minusSeconds(60), Duration.ofDays(3650),
                Duration.ofDays(365));
        node = TestNode.start(dir.resolve("node"), Map.of(
                "writ.journal.url", SERVER + database,
                "writ.journal.user", "postgres",
                "writ.identity.ca-dir", dir.resolve("ca").toString(),
                "writ.identity.agent-certificates", "required",
                // copies sent at once must each be decided, not shed by the adaptive limit on a busy machine
                "writ.http.overload.min-limit", 16));
        plain = WritClient.create(node.uri());
        await("the node is HEALTHY", () -> {
            try {
                return plain.health().getStatus().equals("HEALTHY");
            } catch (Exception e) {
                return false;
            }
        });
    }

    @AfterAll
    static void stop() throws Exception {
        if (node != null) {
            node.close();
        }
        if (database != null) {
            admin("DROP DATABASE IF EXISTS " + database + " WITH (FORCE)");
        }
    }

    @Test
    void oneSignedProposalSentTwentyThreeTimesGetsOneWritAndIsChargedOnce() throws Exception {
        AgentCredential agent = agent("payments-replay");
        ActionProposal signed = agent.sign(transfer("payments-replay", "400", Instant.now()));

        List<ProposalResponse> answers = new ArrayList<>();
        for (int i = 0; i < 23; i++) {
            answers.add(plain.propose(signed));
        }

        ProposalResponse first = answers.get(0);
        assertThat(first.getDecision()).isEqualTo(Decision.ALLOW);
        assertThat(answers).extracting(ProposalResponse::getJti).as("one writ id in all 23 answers")
                .containsOnly(first.getJti());
        assertThat(new HashSet<>(answers)).as("every retry gets the first answer: writ, contract, decision")
                .containsExactly(first);
        assertOneDecisionRecorded(signed.getProposalId(), EvidenceKind.ISSUANCE);
        DecisionRecord decision = DecisionRecord.parseFrom(first.getDecisionRecord());
        long decidedAt = decision.getDecidedAtMillis();
        String agentKey = "spiffe://acme/agent/payments-replay#payments#";
        assertThat(decision.getChargesList()).as("the one decision charged 400 EUR of the spend budget and one admission,"
                + " from this node's slices").satisfiesExactlyInAnyOrder(
                spend -> {
                    assertThat(spend.getBudgetId()).isEqualTo(agentKey + "SPEND#"
                            + BudgetCharge.periodStart(Instant.ofEpochMilli(decidedAt), Duration.ofHours(1)));
                    assertThat(spend.getAmount()).isEqualTo("400");
                    assertThat(spend.getLimit()).isEqualTo("5000");
                    assertThat(spend.getGrantIdsList()).singleElement().asString().startsWith(spend.getBudgetId() + "#g");
                },
                rate -> {
                    assertThat(rate.getBudgetId()).startsWith(agentKey + "RATE#");
                    assertThat(rate.getAmount()).isEqualTo("1");
                });
        assertThat(granted("payments-replay", BudgetCharge.Kind.SPEND, Duration.ofHours(1), decidedAt))
                .as("the owner granted a slice that covers the charge, within the limit")
                .isBetween(new BigDecimal("400"), new BigDecimal("5000"));
    }

    @Test
    void theSameIdWithOtherContentIsRefusedAsADuplicateWithARecord() throws Exception {
        AgentCredential agent = agent("payments-other");
        ActionProposal original = agent.sign(transfer("payments-other", "400", Instant.now()));
        assertThat(plain.propose(original).getDecision()).isEqualTo(Decision.ALLOW);

        ActionProposal changed = agent.sign(original.toBuilder().setAction(action("401")).build());
        assertRefused(changed, 409, "DUPLICATE_PROPOSAL");
        assertOneDecisionRecorded(original.getProposalId(), EvidenceKind.ISSUANCE);
    }

    @Test
    void proposalsDatedTooLongAgoInTheFutureOrNotAtAllAreRefusedAsStale() throws Exception {
        AgentCredential agent = agent("payments-dated");
        Instant now = Instant.now();
        assertRefused(agent.sign(transfer("payments-dated", "10", now.minus(Duration.ofMinutes(10)))), 400, "PROPOSAL_STALE");
        assertRefused(agent.sign(transfer("payments-dated", "10", now.plus(Duration.ofMinutes(10)))), 400, "PROPOSAL_STALE");
        assertRefused(agent.sign(transfer("payments-dated", "10", Instant.EPOCH)), 400, "PROPOSAL_STALE");
    }

    @Test
    void copiesSentAtOnceGetOneWritBetweenThem() throws Exception {
        AgentCredential agent = agent("payments-race");
        ActionProposal signed = agent.sign(transfer("payments-race", "400", Instant.now()));
        ExecutorService senders = Executors.newFixedThreadPool(8);
        List<CompletableFuture<Object>> sent = new ArrayList<>();
        try {
            for (int i = 0; i < 8; i++) {
                sent.add(CompletableFuture.supplyAsync(() -> {
                    try {
                        return plain.propose(signed);
                    } catch (WritRefusedException e) {
                        return e.code();
                    } catch (Exception e) {
                        return e;
                    }
                }, senders));
            }
            List<Object> answers = sent.stream().map(CompletableFuture::join).toList();
            // Each copy is decided and races for the id in its evidence transaction: the losers answer
            // the winner's decision, so no copy is told to wait (TIMEOUT) and all carry one writ.
            assertThat(answers).as("each copy is answered with the writ").allSatisfy(a ->
                    assertThat(a).isInstanceOf(ProposalResponse.class));
            assertThat(answers.stream().map(r -> ((ProposalResponse) r).getJti()).distinct().toList())
                    .as("one writ between all copies").hasSize(1);
        } finally {
            senders.shutdownNow();
        }
        ProposalResponse settled = plain.propose(signed);
        assertThat(settled.getDecision()).isEqualTo(Decision.ALLOW);
        assertOneDecisionRecorded(signed.getProposalId(), EvidenceKind.ISSUANCE);
        // Every copy was charged 400 EUR while it was decided; the ones that lost the claim gave their
        // charges back, so the agent's 5,000 EUR an hour holds the one decision's 400 and 4,600 more.
        List<String> rest = new ArrayList<>(java.util.Collections.nCopies(9, "500")); // 500 at most without approval
        rest.add("100");
        for (String amount : rest) {
            assertThat(decided(agent.sign(transfer("payments-race", amount, Instant.now()))).getDecision())
                    .as(amount + " EUR of what is left").isEqualTo(Decision.ALLOW);
        }
        assertThat(decided(agent.sign(transfer("payments-race", "1", Instant.now()))).getDecision())
                .as("then the limit is reached").isEqualTo(Decision.DENY);
    }

    /** The decision of {@code signed}, sent again while a budget's owner is slow to grant (BUDGET_UNAVAILABLE). */
    private static ProposalResponse decided(ActionProposal signed) throws Exception {
        for (int attempt = 1; ; attempt++) {
            try {
                return plain.propose(signed);
            } catch (WritRefusedException e) {
                if (!e.code().equals("BUDGET_UNAVAILABLE") || attempt == 10) {
                    throw e;
                }
                Thread.sleep(200);
            }
        }
    }

    @Test
    void claimsArePrunedOnceNoFreshProposalCanMatchThem() throws Exception {
        Instant start = Instant.now();
        Duration retention = Duration.ofMinutes(6);
        PGSimpleDataSource db = new PGSimpleDataSource();
        db.setURL(SERVER + database);
        db.setUser("postgres");
        EvidenceStore store = new EvidenceStore(db, Dialect.POSTGRES, Duration.ofSeconds(5), Duration.ofSeconds(1));
        byte[] hash = Hashes.sha256("a proposal".getBytes(StandardCharsets.UTF_8));
        try (EvidenceLog log = new EvidenceLog(store, SigningKey.generate(), "prune", "prune-node", 1, 16, Clock.systemUTC(),
                Runnable::run)) {
            Function<String, ProposalClaim> claimOf = id -> new ProposalClaim("prune", "spiffe://prune/agent/a", id, hash,
                    "admission-" + UUID.randomUUID(), id.equals("p-young") ? start.plusSeconds(60).toEpochMilli()
                    : start.toEpochMilli());
            Function<String, EvidenceLog.Claimed<ProposalClaim>> decide = id -> log.appendClaimed(id, claimOf.apply(id),
                    List.of(new EvidenceLog.Entry(EvidenceKind.DECISION, id, hash))).join();
            decide.apply("p-old");
            decide.apply("p-young");

            new ProposalClaims(db, "prune", Clock.fixed(start.plus(retention).plusSeconds(30), ZoneOffset.UTC), retention,
                    Duration.ofSeconds(5)).prune();

            assertThat(decide.apply("p-old")).as("a claim older than the retention is gone")
                    .isInstanceOf(EvidenceLog.Won.class);
            assertThat(decide.apply("p-young")).as("a younger claim is kept").isInstanceOf(EvidenceLog.Lost.class);
        }
    }

    /** Exactly one PROPOSAL, one DECISION and one {@code outcome} record of the proposal in the domain's evidence. */
    private static void assertOneDecisionRecorded(String proposalId, EvidenceKind outcome) {
        assertThat(recorded(EvidenceKind.PROPOSAL, proposalId)).as("PROPOSAL records").hasSize(1);
        assertThat(recorded(EvidenceKind.DECISION, proposalId)).as("DECISION records").hasSize(1);
        assertThat(recorded(outcome, proposalId)).as(outcome + " records").hasSize(1);
    }

    /** The node's records of {@code kind} about the proposal: by subject, or for an ISSUANCE by its contract. */
    private static List<StoredRecord> recorded(EvidenceKind kind, String proposalId) {
        return node.node.store().byKind("acme", NODE_ID, kind, 0, Long.MAX_VALUE).stream()
                .filter(r -> proposalId.equals(kind == EvidenceKind.ISSUANCE ? contractIdOf(r) : r.subject()))
                .toList();
    }

    private static String contractIdOf(StoredRecord issuance) {
        try {
            return ExecutionContract.parseFrom(WritIssuance.parseFrom(issuance.payload()).getContract()).getContractId();
        } catch (InvalidProtocolBufferException e) {
            throw new AssertionError("an unreadable ISSUANCE record", e);
        }
    }

    private static void assertRefused(ActionProposal proposal, int status, String code) throws Exception {
        assertThatThrownBy(() -> plain.propose(proposal)).isInstanceOfSatisfying(WritRefusedException.class, r -> {
            assertThat(r.code()).isEqualTo(code);
            assertThat(r.status()).isEqualTo(status);
        });
        List<String> refusals = new ArrayList<>();
        for (StoredRecord r : node.node.store().story("acme", proposal.getProposalId())) {
            if (r.kind() == EvidenceKind.REFUSAL) {
                refusals.add(RefusalRecord.parseFrom(r.payload()).getCode());
            }
        }
        assertThat(refusals).as("a REFUSAL record with the code").contains(code);
    }

    private static BigDecimal granted(String agent, BudgetCharge.Kind kind, Duration period, long decidedAtMillis)
            throws Exception {
        String entityId = BudgetCharge.key("spiffe://acme/agent/" + agent, "payments", kind) + BudgetCharge.SEPARATOR
                + BudgetCharge.periodStart(Instant.ofEpochMilli(decidedAtMillis), period);
        return ClusterSharding.get(node.node.system()).entityRefFor(BudgetEntity.TYPE_KEY, entityId)
                .<BudgetEntity.Usage>ask(reply -> BudgetEntity.GetUsage.sealedBy(node.node.seals(), entityId, reply),
                        Duration.ofSeconds(10))
                .toCompletableFuture().get().granted();
    }

    private static AgentCredential agent(String name) throws Exception {
        SpiffeId id = new SpiffeId("acme", name);
        SigningKey key = SigningKey.generate();
        X509CertificateHolder leaf = ca.issueAgent(AgentCsr.verify(AgentCsr.create(key, id, MODEL)), Instant.now(),
                Duration.ofHours(1));
        return new AgentCredential(key, ca.presentedChain(leaf));
    }

    private static ActionProposal transfer(String agent, String amount, Instant proposedAt) {
        return ActionProposal.newBuilder()
                .setProposalId("p-" + UUID.randomUUID())
                .setAgentId("spiffe://acme/agent/" + agent)
                .setAction(action(amount))
                .setContext(ActionContext.newBuilder().setSessionId("s-1").setRiskScore(10).setDataClassification("internal")
                        .setModelHash(ByteString.copyFrom(MODEL)))
                .setProposedAtMillis(proposedAt.toEpochMilli())
                .build();
    }

    private static Action action(String amount) {
        return Action.newBuilder().setTarget("payments-api").setOperation("transfer")
                .putParameters("amount", amount).putParameters("currency", "EUR").setClassification("internal").build();
    }

    private static void await(String what, Supplier<Boolean> condition) throws InterruptedException {
        Instant deadline = Instant.now().plusSeconds(30);
        while (!condition.get()) {
            assertThat(Instant.now()).as(what + " within 30 s").isBefore(deadline);
            Thread.sleep(50);
        }
    }

    private static void admin(String sql) throws SQLException {
        try (Connection connection = DriverManager.getConnection(SERVER + "postgres", "postgres", "");
             Statement statement = connection.createStatement()) {
            statement.execute(sql);
        }
    }
}

package dev.writ.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.google.protobuf.ByteString;
import dev.writ.contracts.chain.AgentRegistryContract;
import dev.writ.contracts.chain.EvidenceAnchorContract;
import dev.writ.fabric.DatabaseChoice;
import dev.writ.fabric.DomainNodes;
import dev.writ.fabric.FabricChain;
import dev.writ.fabric.FabricOptions;
import dev.writ.fabric.LocalFabric;
import dev.writ.fabric.NodeConfigRenderer;
import dev.writ.fabric.PartnerDomain;
import dev.writ.fabric.ReconciliationClient;
import dev.writ.fabric.SamplePolicies;
import dev.writ.fabric.Topology;
import dev.writ.protocol.bundle.BundleFiles;
import dev.writ.protocol.client.WritClient;
import dev.writ.protocol.client.WritRefusedException;
import dev.writ.protocol.crypto.Hashes;
import dev.writ.protocol.wire.Action;
import dev.writ.protocol.wire.ActionContext;
import dev.writ.protocol.wire.ActionProposal;
import dev.writ.protocol.wire.BundleItem;
import dev.writ.protocol.wire.DecisionRecord.Decision;
import dev.writ.protocol.wire.EvidenceBody;
import dev.writ.protocol.wire.EvidenceKind;
import dev.writ.protocol.wire.IssuanceLineageCheck;
import dev.writ.protocol.wire.OutcomeRecord;
import dev.writ.protocol.wire.OutcomeRequest;
import dev.writ.protocol.wire.ProofBundle;
import dev.writ.protocol.wire.ProposalResponse;
import dev.writ.protocol.wire.RedemptionReceipt;
import dev.writ.protocol.wire.RedemptionRequest;
import dev.writ.protocol.wire.WritStatus;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/**
 * A writ acme admits and globex redeems, on a real two-domain fabric (PostgreSQL, a dev chain, one
 * node JVM per domain, one Pekko cluster over mutual TLS): either domain's node answers its bundle
 * with both parts, and `writ verify --rpc --agent-registry --evidence-anchor` proves from nothing
 * but the chain (keys registered in the AgentRegistry, roots in EvidenceAnchor) that acme admitted
 * it and globex redeemed it exactly once; a dropped globex part is refused, and while acme is silent
 * globex's bundle names acme's part as missing and is not verified.
 */
class CrossBoundaryBundleIT {
    private static final String ACME = "acme";
    private static final String GLOBEX = SamplePolicies.PARTNER;
    private static FabricChain chain;
    private static LocalFabric fabric;
    private static Path work;

    @BeforeAll
    static void launch() throws Exception {
        work = Path.of("target", "it-cross-boundary-" + UUID.randomUUID()).toAbsolutePath();
        chain = FabricChain.start(work.resolve("chain"), List.of(ACME, GLOBEX));
        chain.enact(SamplePolicies.version(1));
        chain.enact(SamplePolicies.partner());
        FabricOptions.Builder options = FabricOptions.builder(work.resolve("fabric"))
                .database(DatabaseChoice.localPostgres())
                .mutualTls(true)
                // two node JVMs on cores shared with other builds: a start is slow, not wrong
                .startTimeout(Duration.ofSeconds(240))
                .chain(chain)
                .domainConfig(ACME, chain.nodeConfig(ACME))
                .domainConfig(GLOBEX, chain.nodeConfig(GLOBEX))
                .config("writ.exchange.registry-address", NodeConfigRenderer.quote(registry()));
        PartnerDomain.exchangeConfig(SamplePolicies.PARTNER_TARGET, GLOBEX, List.of(ACME, GLOBEX)).forEach(options::config);
        fabric = LocalFabric.launch(Topology.of(new DomainNodes(ACME, 1), new DomainNodes(GLOBEX, 1)), options.build());
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
    void aPartnerProvesFromTheChainAloneThatAcmeAdmittedAndGlobexRedeemedOnce() throws Exception {
        ReconciliationClient.awaitAccepted(List.of(uri(ACME), uri(GLOBEX)), Duration.ofSeconds(60));
        WritClient acme = WritClient.builder(uri(ACME)).operatorCredential(fabric.identity(ACME).operator()).build();
        WritClient globex = WritClient.builder(uri(GLOBEX)).operatorCredential(fabric.identity(GLOBEX).operator())
                .pepCredential(fabric.identity(GLOBEX).pep("pep-it")).build();

        Action post = Action.newBuilder().setTarget(SamplePolicies.PARTNER_TARGET).setOperation("post")
                .putParameters("amount", "5").putParameters("currency", "EUR").setClassification("internal").build();
        ActionProposal proposal = fabric.identity(ACME).sign(ActionProposal.newBuilder()
                .setProposalId("it-" + UUID.randomUUID()).setAgentId("spiffe://acme/agent/payments-it").setAction(post)
                .setContext(ActionContext.newBuilder().setRiskScore(10).setDataClassification("internal"))
                .setProposedAtMillis(System.currentTimeMillis()).build());
        ProposalResponse admitted = acme.propose(proposal);
        assertThat(admitted.getDecision()).as(admitted.getReasonsList().toString()).isEqualTo(Decision.ALLOW);
        String jti = admitted.getJti();
        // the writ names the agent's key (D61): the agent hands it to globex's PEP with its possession proof
        globex.redeem(RedemptionRequest.newBuilder().setWrit(admitted.getWrit()).setMutation(post)
                .putObserved("account.balance", "100000").setPepId("pep-it")
                .setPossession(fabric.identity(ACME).prove(proposal, admitted.getWrit(),
                        globex.pepCredential().orElseThrow().pepId().uri()))
                .build());
        globex.reportOutcome(OutcomeRequest.newBuilder().setJti(jti).setStatus(OutcomeRecord.Status.SUCCEEDED)
                .setResultHash(ByteString.copyFrom(Hashes.sha256("posted".getBytes()))).setPepId("pep-it").build());

        // globex knows the writ it redeemed: its lifecycle here, naming acme as the issuer (operator only).
        WritStatus redeemedThere = globex.writStatus(jti);
        assertThat(redeemedThere.getState()).isEqualTo(WritStatus.State.REDEEMED);
        assertThat(redeemedThere.getIssuingDomain()).isEqualTo(ACME);
        assertThat(redeemedThere.getOwnerNode()).isEqualTo(GLOBEX + "-1");
        assertThat(redeemedThere.getEvidenceList()).containsSubsequence(EvidenceKind.REDEMPTION, EvidenceKind.OUTCOME);
        assertThat(acme.writStatus(jti).getIssuingDomain()).isEqualTo(ACME);
        WritRefusedException anonymous = catchThrowableOfType(
                () -> WritClient.builder(uri(GLOBEX)).build().writStatus(jti), WritRefusedException.class);
        assertThat(anonymous.code()).isEqualTo("OPERATOR_REQUIRED");
        WritRefusedException unknown = catchThrowableOfType(() -> globex.writStatus("no-such-" + jti),
                WritRefusedException.class);
        assertThat(unknown.code()).isEqualTo("UNKNOWN_WRIT");

        String evidenceAnchor = chain.config().contract(EvidenceAnchorContract.NAME);
        for (WritClient exporter : List.of(acme, globex)) {
            ProofBundle bundle = anchored(exporter, jti);
            assertThat(bundle.getDomain()).isEqualTo(ACME);
            assertThat(bundle.getMissingList()).isEmpty();
            assertThat(bundle.getRedeeming().getDomain()).isEqualTo(GLOBEX);
            assertThat(kinds(bundle.getItemsList())).contains(EvidenceKind.PROPOSAL, EvidenceKind.DECISION,
                    EvidenceKind.ISSUANCE).doesNotContain(EvidenceKind.REDEMPTION, EvidenceKind.EXPIRY);
            // exactly once: one REDEMPTION in all, globex's, and its OUTCOME
            assertThat(kinds(bundle.getRedeeming().getItemsList())).containsOnlyOnce(EvidenceKind.REDEMPTION)
                    .contains(EvidenceKind.OUTCOME);
            // globex's receipt records the lineage check it made of acme's ISSUANCE record before redeeming
            IssuanceLineageCheck lineage = RedemptionReceipt.parseFrom(
                    item(bundle.getRedeeming().getItemsList(), EvidenceKind.REDEMPTION).getPayload()).getLineageCheck();
            BundleItem issuance = item(bundle.getItemsList(), EvidenceKind.ISSUANCE);
            assertThat(lineage.getIssuingDomain()).isEqualTo(ACME);
            assertThat(lineage.getVerdict()).isEqualTo(IssuanceLineageCheck.Verdict.HELD);
            assertThat(lineage.getIssuanceRecordHash().toByteArray())
                    .isEqualTo(Hashes.sha256(issuance.getRecord().getBody().toByteArray()));

            Path file = work.resolve(exporter == acme ? "from-acme.json" : "from-globex.json");
            BundleFiles.writeJson(bundle, file);
            Run verified = verify("--rpc", chain.chain().rpcUrl(), "--evidence-anchor", evidenceAnchor,
                    "--agent-registry", registry(), file.toString());
            assertThat(verified.exit()).as(verified.out()).isZero();
            assertThat(verified.out()).contains("PASS partner.part", "PASS partner.keys.trusted", "PASS partner.story.links",
                    "PASS partner.lineage",
                    "PASS keys.trusted", "PASS anchors.onchain").containsPattern("(?m)^VERIFIED");

            Path dropped = work.resolve("dropped.json");
            BundleFiles.writeJson(bundle.toBuilder().clearRedeeming().build(), dropped);
            Run refused = verify("--rpc", chain.chain().rpcUrl(), "--evidence-anchor", evidenceAnchor,
                    "--agent-registry", registry(), dropped.toString());
            assertThat(refused.exit()).as(refused.out()).isEqualTo(1);
            assertThat(refused.out()).contains("REFUSED: PARTNER_PART_DROPPED");
        }

        // acme silent (its node frozen, as a partition would hide it): globex answers a second writ's
        // bundle with its own part and names acme's as missing, and such a bundle is never verified.
        ActionProposal secondProposal = fabric.identity(ACME).sign(ActionProposal.newBuilder()
                .setProposalId("it-" + UUID.randomUUID()).setAgentId("spiffe://acme/agent/payments-it")
                .setAction(post.toBuilder().putParameters("amount", "6"))
                .setContext(ActionContext.newBuilder().setRiskScore(10).setDataClassification("internal"))
                .setProposedAtMillis(System.currentTimeMillis()).build());
        ProposalResponse second = acme.propose(secondProposal);
        Action secondPost = post.toBuilder().putParameters("amount", "6").build();
        globex.redeem(RedemptionRequest.newBuilder().setWrit(second.getWrit()).setMutation(secondPost)
                .putObserved("account.balance", "100000").setPepId("pep-it")
                .setPossession(fabric.identity(ACME).prove(secondProposal, second.getWrit(),
                        globex.pepCredential().orElseThrow().pepId().uri()))
                .build());
        // longer than the node's wait for acme (writ.ask-timeout), so the answer is the node's, not a client timeout
        WritClient patient = WritClient.builder(uri(GLOBEX)).operatorCredential(fabric.identity(GLOBEX).operator())
                .timeout(Duration.ofSeconds(30)).build();
        fabric.freeze(ACME + "-1");
        try {
            ProofBundle partial = partial(patient, second.getJti());
            assertThat(partial.getMissingList()).extracting(m -> m.getDomain()).containsExactly(ACME);
            Path file = work.resolve("acme-missing.json");
            BundleFiles.writeJson(partial, file);
            Run notVerified = verify("--rpc", chain.chain().rpcUrl(), "--evidence-anchor", evidenceAnchor,
                    "--agent-registry", registry(), file.toString());
            assertThat(notVerified.exit()).as(notVerified.out()).isEqualTo(3);
            assertThat(notVerified.out()).contains("SKIP issuing.part", "PASS partner.evidence.inclusion",
                    "NOT VERIFIED");
        } finally {
            fabric.thaw(ACME + "-1");
        }
    }

    private static BundleItem item(List<BundleItem> items, EvidenceKind kind) throws Exception {
        for (BundleItem item : items) {
            if (EvidenceBody.parseFrom(item.getRecord().getBody()).getKind() == kind) {
                return item;
            }
        }
        throw new AssertionError("no " + kind + " record in the part");
    }

    /** globex's bundle of a writ while acme is silent, once globex's own part is anchored on chain. */
    private static ProofBundle partial(WritClient client, String jti) throws Exception {
        Instant deadline = Instant.now().plusSeconds(90);
        while (true) {
            ProofBundle bundle = client.bundle(jti);
            if (bundle.getRedeeming().getItemsList().stream().allMatch(BundleItem::hasInclusion)
                    && bundle.getRedeeming().getAnchorsList().stream().allMatch(a -> a.hasAnchor())) {
                return bundle;
            }
            assertThat(Instant.now()).as("globex's part of " + jti + " anchored: " + state(bundle)).isBefore(deadline);
            Thread.sleep(500);
        }
    }

    /** The bundle once both parts' records are in batches anchored on chain. */
    private static ProofBundle anchored(WritClient client, String jti) throws Exception {
        Instant deadline = Instant.now().plusSeconds(90);
        while (true) {
            ProofBundle bundle = client.bundle(jti);
            boolean onChain = bundle.getItemsList().stream().allMatch(BundleItem::hasInclusion)
                    && bundle.getRedeeming().getItemsList().stream().allMatch(BundleItem::hasInclusion)
                    && bundle.getAnchorsList().stream().allMatch(a -> a.hasAnchor())
                    && bundle.getRedeeming().getAnchorsList().stream().allMatch(a -> a.hasAnchor())
                    && kinds(bundle.getRedeeming().getItemsList()).contains(EvidenceKind.OUTCOME);
            if (onChain) {
                return bundle;
            }
            assertThat(Instant.now()).as("both parts of " + jti + " anchored: " + state(bundle)).isBefore(deadline);
            Thread.sleep(500);
        }
    }

    private static String state(ProofBundle bundle) throws Exception {
        return "missing " + bundle.getMissingList() + "; " + bundle.getDomain() + " " + kinds(bundle.getItemsList())
                + " proven " + bundle.getItemsList().stream().map(BundleItem::hasInclusion).toList() + " batches on chain "
                + bundle.getAnchorsList().stream().map(a -> a.hasAnchor()).toList() + "; " + bundle.getRedeeming().getDomain()
                + " " + kinds(bundle.getRedeeming().getItemsList()) + " proven "
                + bundle.getRedeeming().getItemsList().stream().map(BundleItem::hasInclusion).toList() + " batches on chain "
                + bundle.getRedeeming().getAnchorsList().stream().map(a -> a.hasAnchor()).toList();
    }

    private static List<EvidenceKind> kinds(List<BundleItem> items) throws Exception {
        List<EvidenceKind> kinds = new java.util.ArrayList<>();
        for (BundleItem item : items) {
            kinds.add(EvidenceBody.parseFrom(item.getRecord().getBody()).getKind());
        }
        return kinds;
    }

    private record Run(int exit, String out) {
    }

    private static Run verify(String... args) {
        StringWriter out = new StringWriter();
        CommandLine cli = new CommandLine(new WritCommand());
        cli.setOut(new PrintWriter(out));
        cli.setErr(new PrintWriter(out));
        String[] all = new String[args.length + 1];
        all[0] = "verify";
        System.arraycopy(args, 0, all, 1, args.length);
        return new Run(cli.execute(all), out.toString());
    }

    private static URI uri(String domain) {
        return fabric.httpUri(domain + "-1");
    }

    private static String registry() {
        return chain.config().contract(AgentRegistryContract.NAME);
    }
}

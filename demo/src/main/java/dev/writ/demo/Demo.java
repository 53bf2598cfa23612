package dev.writ.demo;

import com.google.protobuf.ByteString;
import com.google.protobuf.util.JsonFormat;
import dev.writ.contracts.anchor.OnChainKeys;
import dev.writ.contracts.anchor.OnChainVerifier;
import dev.writ.contracts.chain.AgentRegistryContract;
import dev.writ.contracts.chain.EvidenceAnchorContract;
import dev.writ.fabric.DatabaseChoice;
import dev.writ.fabric.FabricChain;
import dev.writ.fabric.FabricIdentity;
import dev.writ.fabric.FabricOptions;
import dev.writ.fabric.LocalFabric;
import dev.writ.fabric.SamplePolicies;
import dev.writ.fabric.Topology;
import dev.writ.policy.PolicySet;
import dev.writ.protocol.bundle.BundleVerdict;
import dev.writ.protocol.bundle.BundleVerifier;
import dev.writ.protocol.bundle.Check;
import dev.writ.protocol.client.AgentCredential;
import dev.writ.protocol.client.ApprovalSigner;
import dev.writ.protocol.client.PepGuard;
import dev.writ.protocol.client.PepRefusal;
import dev.writ.protocol.client.VerifiedReceipt;
import dev.writ.protocol.client.WritClient;
import dev.writ.protocol.client.WritRefusedException;
import dev.writ.protocol.crypto.Hashes;
import dev.writ.protocol.crypto.KeyEncoding;
import dev.writ.protocol.crypto.KeyRing;
import dev.writ.protocol.crypto.SigningKey;
import dev.writ.protocol.identity.AgentCsr;
import dev.writ.protocol.identity.CertificateRequests;
import dev.writ.protocol.identity.Pem;
import dev.writ.protocol.identity.SpiffeId;
import dev.writ.protocol.wire.Action;
import dev.writ.protocol.wire.ActionContext;
import dev.writ.protocol.wire.ActionProposal;
import dev.writ.protocol.wire.AgentCertificateResponse;
import dev.writ.protocol.wire.OutcomeRecord;
import dev.writ.protocol.wire.PossessionProof;
import dev.writ.protocol.wire.ProofBundle;
import dev.writ.protocol.wire.ProposalResponse;
import dev.writ.protocol.wire.RedemptionRequest;
import dev.writ.protocol.wire.RevocationEntry;
import dev.writ.protocol.wire.RevocationRequest;
import java.io.IOException;
import java.io.PrintStream;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * `bin/writ demo`: a 3-node domain on embedded defaults (an H2 server this process runs) and a
 * scripted story through the real API: an agent registered on chain with its enrolment key gets its
 * certificate from a CSR of that key (another key in its name is refused), renews it with the current
 * one, and signs every proposal; allowed and redeemed via another node, replayed via a third,
 * refused with reasons, escalated and approved, revoked mid-flight, drifted, a policy changed on
 * chain, and a second agent revoked on chain refused at admission, at redemption and by OCSP. It
 * writes the redeemed writs' proof bundles, verifies them offline, and stops every process it started.
 */
public final class Demo {
    private static final String DOMAIN = "acme";
    private static final String APPROVER = "alice@acme";
    private static final Map<String, String> BALANCE = Map.of("account.balance", "2500");
    private static final SpiffeId BOT = new SpiffeId(DOMAIN, "payments-bot");
    private static final SpiffeId INTERN = new SpiffeId(DOMAIN, "payments-intern");
    /** A chain PEM from the node holds two certificates of well under 1 KiB each. */
    private static final int MAX_CHAIN_PEM = 16 * 1024;

    private final PrintStream out;
    private final Path workDir;
    private final Narration narration;

    public Demo(PrintStream out, Path workDir) {
        this.out = out;
        this.workDir = workDir;
        this.narration = new Narration(out);
    }

    /** Runs the story; 0 when every step went as the story says, 1 otherwise. */
    public int run() throws Exception {
        deleteRecursively(workDir);
        Path bundles = Files.createDirectories(workDir.resolve("bundles"));
        SigningKey approverKey = SigningKey.generate();
        out.println("Starting a dev chain (anvil, 1 s blocks) and deploying PolicyRegistry, AgentRegistry, EvidenceAnchor ...");
        Instant started = Instant.now();
        try (FabricChain chain = FabricChain.start(workDir.resolve("chain"), List.of(DOMAIN, SamplePolicies.PARTNER))) {
            PolicySet policy = SamplePolicies.version(1);
            var enacted = chain.enact(policy);
            chain.enact(SamplePolicies.partner());
            out.printf("  chain %s up; policy v%d of '%s' in force through the registry's 2-of-3 multisig and timelock "
                    + "(change %s, %.1f s)%n%n", chain.chain().rpcUrl(), enacted.version(), DOMAIN, enacted.id(),
                    Duration.between(started, Instant.now()).toMillis() / 1000.0);
            FabricOptions.Builder options = FabricOptions.builder(workDir.resolve("fabric"))
                    .database(DatabaseChoice.h2())
                    .config("writ.approvals.approvers", "[{ id = \"" + APPROVER + "\", public-key-pem = \"\"\""
                            + KeyEncoding.toPem(approverKey.verifyingKey()) + "\"\"\" }]");
            chain.nodeConfig(DOMAIN).forEach(options::config);
            chain.agentRegistryConfig().forEach(options::config);
            Partner.exchangeConfig(DOMAIN).forEach(options::config);
            chain.registerNodeKeys(DOMAIN, workDir.resolve("fabric"), Topology.singleDomain(DOMAIN, 3).nodeIds());
            story(chain, options.build(), approverKey, bundles);
        }
        return narration.finish("Demo");
    }

    private void story(FabricChain chain, FabricOptions options, SigningKey approverKey, Path bundles) throws Exception {
        out.println("Starting domain '" + DOMAIN + "': 3 broker nodes (separate JVMs) in one Pekko cluster, journal on an "
                + "embedded H2 server, policy read from the chain ...");
        Instant started = Instant.now();
        try (LocalFabric fabric = LocalFabric.launch(Topology.singleDomain(DOMAIN, 3), options)) {
            List<String> nodes = fabric.nodeIds();
            out.printf("  cluster of %d up in %.1f s: %s%n%n", nodes.size(),
                    Duration.between(started, Instant.now()).toMillis() / 1000.0,
                    nodes.stream().map(n -> n + " " + fabric.httpUri(n)).collect(Collectors.joining(", ")));
            out.printf("  the domain's CA in %s (root + intermediate) certifies the nodes (Artery mutual TLS) and the "
                    + "agents; nodes admit only signed proposals, check agents against the AgentRegistry, and take "
                    + "revocations only with the operator credential of '%s'%n%n", fabric.identity(DOMAIN).caDir(),
                    FabricIdentity.OPERATOR);
            // The payments PEP holds a PEP certificate of the domain's CA: the nodes serve redemptions
            // and outcome reports only to a certified PEP, signed with its key (trust model, "PEP").
            WritClient[] via = nodes.stream().map(n -> WritClient.builder(fabric.httpUri(n))
                    .operatorCredential(fabric.identity(DOMAIN).operator())
                    .pepCredential(fabric.identity(DOMAIN).pep("pep-payments")).build()).toArray(WritClient[]::new);
            KeyRing keys = via[0].keys(DOMAIN);
            PepGuard[] pep = new PepGuard[via.length];
            for (int i = 0; i < via.length; i++) {
                pep[i] = new PepGuard(via[i], keys, Duration.ofSeconds(2), Clock.systemUTC());
            }
            String payments = via[0].pepCredential().orElseThrow().pepId().uri();
            List<String> redeemed = new ArrayList<>();

            narration.step("0. The agent " + BOT.uri() + " gets its identity: its key made locally and committed on chain, certificate from a CSR");
            SigningKey botKey = SigningKey.generate();
            chain.registerAgent(BOT, model(BOT), botKey.verifyingKey());
            narration.say("acme's admin registered it ACTIVE in the AgentRegistry, model hash " + shortHex(model(BOT))
                    + ", enrolment key " + botKey.id());
            expectRefusal(() -> via[0].requestCertificate(CertificateRequests.enrolment(
                    AgentCsr.createPem(SigningKey.generate(), BOT, model(BOT)))), "ENROLMENT_KEY_MISMATCH",
                    "a CSR in its name from someone who knows its id and model hash, with a key of their own");
            AgentCertificateResponse botCert = via[0].requestCertificate(
                    CertificateRequests.enrolment(AgentCsr.createPem(botKey, BOT, model(BOT))));
            narration.say("its CSR to " + nodes.get(0) + " (signed with the committed key, which never leaves the agent) -> certificate "
                    + botCert.getSerial() + " for " + botCert.getAgentId() + ", valid until "
                    + Instant.ofEpochMilli(botCert.getNotAfterMillis()));
            AgentCredential enrolled = AgentCredential.fromPem(KeyEncoding.toPem(botKey), botCert.getChain());
            SigningKey renewedKey = SigningKey.generate();
            expectRefusal(() -> via[2].requestCertificate(CertificateRequests.enrolment(
                    AgentCsr.createPem(renewedKey, BOT, model(BOT)))), "ENROLMENT_KEY_MISMATCH",
                    "a CSR for a new key without the current certificate");
            AgentCertificateResponse renewedCert = via[2].requestCertificate(CertificateRequests.renewal(
                    AgentCsr.createPem(renewedKey, BOT, model(BOT)), enrolled.key(), enrolled.chain()));
            narration.say("renewed via " + nodes.get(2) + ": a new key, its CSR signed with the current certificate's key -> certificate "
                    + renewedCert.getSerial());
            AgentCredential botCredential = AgentCredential.fromPem(KeyEncoding.toPem(renewedKey), renewedCert.getChain());
            WritClient[] bot = nodes.stream().map(n -> WritClient.builder(fabric.httpUri(n)).agentCredential(botCredential)
                    .build()).toArray(WritClient[]::new);
            expectRefusal(() -> via[1].propose(transfer(BOT, "10")), "CERT_REQUIRED", "an unsigned proposal in its name");
            narration.say("from here on every proposal of the agent is signed with its certificate key");

            narration.step("1. The agent proposes a transfer of 120 EUR via " + nodes.get(0));
            ProposalResponse allowed = bot[0].propose(transfer(BOT, "120"));
            narration.expect(allowed.getDecision().name(), "ALLOW", reasons(allowed));
            narration.step("   The agent hands the writ to the PEP with its proof of possession; the PEP verifies both offline,"
                    + " then redeems via " + nodes.get(1));
            var handed = botCredential.prove(allowed, action("120"), payments, Instant.now());
            VerifiedReceipt receipt = pep[1].redeem(allowed.getWrit(), handed, action("120"), BALANCE);
            narration.say("redeemed once, jti " + allowed.getJti() + ": receipt signed by " + receipt.receipt().getNodeId()
                    + " and verified by the PEP");
            pep[1].reportOutcome(receipt, OutcomeRecord.Status.SUCCEEDED, "transfer executed", new byte[32]);
            narration.say("outcome SUCCEEDED recorded");
            redeemed.add(allowed.getJti());

            narration.step("2. Someone replays the same writ and proof via " + nodes.get(2));
            expectRefusal(() -> pep[2].redeem(allowed.getWrit(), handed, action("120"), BALANCE), "REPLAYED");
            narration.step("   Another certified PEP copies a fresh writ and its proof: the writ names the agent's key (D61)");
            ProposalResponse copied = bot[0].propose(transfer(BOT, "15"));
            WritClient rogue = WritClient.builder(fabric.httpUri(nodes.get(0)))
                    .pepCredential(fabric.identity(DOMAIN).pep("pep-rogue")).build();
            expectRefusal(() -> rogue.redeem(RedemptionRequest.newBuilder().setWrit(copied.getWrit())
                    .setMutation(action("15")).putAllObserved(BALANCE).build()), "POP_REQUIRED", "without the agent's proof");
            var meantForPayments = botCredential.prove(copied, action("15"), payments, Instant.now());
            expectRefusal(() -> rogue.redeem(RedemptionRequest.newBuilder().setWrit(copied.getWrit())
                    .setMutation(action("15")).putAllObserved(BALANCE).setPossession(meantForPayments).build()),
                    "POP_INVALID", "with the proof the agent made for the payments PEP");
            pep[0].redeem(copied.getWrit(), meantForPayments, action("15"), BALANCE);
            narration.say("the payments PEP it was meant for redeems it");

            narration.step("3. The agent proposes 5000 XYZ, above its limit and in a currency it may not use");
            ProposalResponse denied = bot[2].propose(transfer(BOT, "5000").toBuilder()
                    .setAction(action("5000").toBuilder().putParameters("currency", "XYZ")).build());
            narration.expect(denied.getDecision().name(), "DENY", reasons(denied));

            narration.step("4. A transfer of 700 EUR needs a person: the broker escalates");
            ProposalResponse escalated = bot[1].propose(transfer(BOT, "700"));
            narration.expect(escalated.getDecision().name(), "ESCALATE", reasons(escalated));
            ProposalResponse approved = via[0].approve(escalated.getApprovalId(),
                    new ApprovalSigner(APPROVER, approverKey, Clock.systemUTC()).approve(escalated));
            narration.expect(approved.getDecision().name(), "ALLOW", "approved by " + APPROVER + ", writ " + approved.getJti());
            pep[2].redeem(approved.getWrit(), botCredential.prove(approved, action("700"), payments, Instant.now()),
                    action("700"), BALANCE);
            narration.say("redeemed via " + nodes.get(2));
            redeemed.add(approved.getJti());

            narration.step("5. A writ is revoked mid-flight, between admission and redemption");
            ProposalResponse doomed = bot[0].propose(transfer(BOT, "90"));
            long revokeStarted = System.nanoTime();
            var revocation = via[2].revoke(RevocationRequest.newBuilder().setKind(RevocationEntry.Kind.WRIT)
                    .setSubject(doomed.getJti()).setReason("operator saw a suspicious plan").setIssuer(FabricIdentity.OPERATOR).build());
            narration.say("revocation epoch " + revocation.getEntry().getEpoch() + " held by " + revocation.getNodesAcknowledged()
                    + "/" + revocation.getNodesTotal() + " nodes when answered, " + (System.nanoTime() - revokeStarted) / 1_000_000
                    + " ms after the request (ledger append, evidence, every node's view confirming)");
            expectRefusal(() -> pep[1].redeem(doomed.getWrit(), botCredential.prove(doomed, action("90"), payments,
                    Instant.now()), action("90"), BALANCE), "REVOKED");

            narration.step("6. Live state drifted: the balance no longer covers the transfer");
            ProposalResponse drifting = bot[1].propose(transfer(BOT, "300"));
            expectRefusal(() -> pep[0].redeem(drifting.getWrit(), botCredential.prove(drifting, action("300"), payments,
                    Instant.now()), action("300"), Map.of("account.balance", "250")), "DRIFT");

            narration.step("7. The policy owners change the policy on chain: v2 no longer honours writs minted under v1");
            ProposalResponse minted = bot[0].propose(transfer(BOT, "80"));
            narration.say("writ " + minted.getJti() + " minted under policy v" + minted.getPolicyEpoch().getVersion()
                    + " (registry " + minted.getPolicyEpoch().getContractAddress() + ", block " + minted.getPolicyEpoch().getBlockNumber() + ")");
            var changed = chain.enact(SamplePolicies.version(2));
            narration.say("change " + changed.id() + ": proposed, approved by 2 of 3 owners, timelock waited out, executed");
            awaitPolicyVersion(via, 2);
            ProposalResponse fresh = bot[1].propose(transfer(BOT, "80"));
            narration.expect("v" + fresh.getPolicyEpoch().getVersion(), "v2", "a new writ carries the new policy epoch, executed at block "
                    + fresh.getPolicyEpoch().getBlockNumber());
            expectRefusal(() -> pep[2].redeem(minted.getWrit(), botCredential.prove(minted, action("80"), payments,
                    Instant.now()), action("80"), BALANCE), "POLICY_EPOCH_STALE");
            pep[2].redeem(fresh.getWrit(), botCredential.prove(fresh, action("80"), payments, Instant.now()), action("80"),
                    BALANCE);
            narration.say("the v2 writ redeems via " + nodes.get(2));

            narration.step("8. A second agent, " + INTERN.uri() + ", is certified and minted a writ; then acme's admin revokes it on chain");
            SigningKey internKey = SigningKey.generate();
            chain.registerAgent(INTERN, model(INTERN), internKey.verifyingKey());
            AgentCertificateResponse internCert = via[1].requestCertificate(
                    CertificateRequests.enrolment(AgentCsr.createPem(internKey, INTERN, model(INTERN))));
            AgentCredential internCredential = AgentCredential.fromPem(KeyEncoding.toPem(internKey), internCert.getChain());
            WritClient intern = WritClient.builder(fabric.httpUri(nodes.get(2))).agentCredential(internCredential).build();
            ProposalResponse pending = intern.propose(transfer(INTERN, "60"));
            narration.expect(pending.getDecision().name(), "ALLOW", "registered on chain, certificate " + internCert.getSerial()
                    + " from " + nodes.get(1) + ", writ " + pending.getJti() + " minted via " + nodes.get(2) + ", not yet redeemed");
            narration.expect(ocsp(via[2], internCert).isPresent() ? "REVOKED" : "GOOD", "GOOD", "the OCSP answer of " + nodes.get(2)
                    + " for certificate " + internCert.getSerial() + ", signed by the domain's intermediate CA");
            long revokedAt = System.nanoTime();
            chain.revokeAgent(INTERN, "model recalled by its vendor");
            narration.say("acme's admin revoked it in the AgentRegistry (mined; final: the id can never be registered again)");
            awaitOcspRevoked(via[2], internCert, revokedAt, nodes.get(2));
            expectRefusal(() -> intern.propose(transfer(INTERN, "61")), "CERT_REVOKED", "its next proposal, at admission");
            expectRefusal(() -> pep[2].redeem(pending.getWrit(), internCredential.prove(pending, action("60"), payments,
                    Instant.now()), action("60"), BALANCE), "CERT_REVOKED",
                    "its unredeemed writ " + pending.getJti() + ", at redemption");

            narration.step("9. Proof bundles: evidence anchored on chain in signed Merkle batches, verified offline and against EvidenceAnchor");
            // Verified means pinned: the domain's keys and its EvidenceAnchor, never what a bundle names itself.
            String evidenceAnchor = chain.config().contract(EvidenceAnchorContract.NAME);
            Path trustedKeys = bundles.resolve(DOMAIN + ".jwks.json");
            Files.writeString(trustedKeys, "{\"keys\":[" + keys.entries().stream()
                    .map(e -> KeyEncoding.toJwk(e.key()).toJSONString()).collect(Collectors.joining(",")) + "]}\n",
                    StandardCharsets.UTF_8);
            OnChainVerifier onChain = new OnChainVerifier(chain.chain().rpcUrl(), Optional.of(evidenceAnchor), Duration.ofSeconds(5));
            for (String jti : redeemed) {
                ProofBundle bundle = anchoredBundle(via[0], jti);
                Path file = bundles.resolve(jti + ".json");
                Files.writeString(file, JsonFormat.printer().print(bundle), StandardCharsets.UTF_8);
                BundleVerdict verdict = new BundleVerifier(Optional.of(keys)).verify(bundle);
                boolean onlyChainLeft = verdict.holds()
                        && verdict.skipped().stream().allMatch(c -> c.name().equals(OnChainVerifier.CHECK));
                narration.expect(onlyChainLeft ? "holds" : "fails", "holds", bundle.getItemsCount() + " records, "
                        + bundle.getAnchorsCount() + " batch(es), keys pinned, story as signed at export -> "
                        + workDir.relativize(file.getParent()).resolve(file.getFileName()));
                Check anchored = onChain.verify(bundle);
                narration.expect(anchored.status().name(), "PASS", "on chain, at the pinned EvidenceAnchor: " + anchored.detail());
            }
            partnerSteps(chain, fabric, botCredential, bot, via, bundles);
            out.println();
            out.println("Bundles: " + bundles + "  (check one: bin/writ verify --trusted-keys " + trustedKeys
                    + " --rpc <url> --evidence-anchor " + evidenceAnchor + " " + bundles.resolve(redeemed.get(0) + ".json") + ")");
            out.println("Node logs: " + workDir.resolve("fabric"));
        }
    }

    /**
     * Steps 10-12: a second domain, globex, joins the cluster as its own data center with its own
     * database and keys on chain; acme's agent acts on globex's ledger (the writ's one bundle holds both
     * domains' parts, verified with keys from the chain), a revocation crosses the boundary, and globex going silent makes acme refuse what depends on it until it speaks again.
     */
    private void partnerSteps(FabricChain chain, LocalFabric acme, AgentCredential agent, WritClient[] bot, WritClient[] via,
                              Path bundles)
            throws Exception {
        narration.step("10. A partner domain, globex, joins: its own node, database and keys on chain, one Pekko cluster");
        Instant started = Instant.now();
        try (Partner globex = Partner.launch(chain, acme, workDir.resolve("globex"))) {
            narration.say("globex-1 up in " + Duration.between(started, Instant.now()).toMillis() / 1000.0 + " s at " + globex.uri()
                    + "; every node of both domains verifies the other's signed beacons against its keys in the AgentRegistry");
            globex.awaitContinuity(acme, Duration.ofSeconds(30));
            WritClient partner = globex.pepClient("pep-globex-ledger");
            String ledgerPep = partner.pepCredential().orElseThrow().pepId().uri();
            ProposalResponse cross = bot[0].propose(ledgerPost(BOT, "75"));
            narration.expect(cross.getDecision().name(), "ALLOW", "acme admits a post of 75 EUR to globex's ledger via "
                    + acme.nodeIds().get(0) + " (writ " + cross.getJti() + ")");
            started = Instant.now();
            var crossProof = agent.prove(cross, ledgerAction("75"), ledgerPep, Instant.now());
            var receipt = partner.redeem(ledgerRedemption(cross, "75", crossProof));
            narration.say("globex-1 checked acme's signature (key from chain), acme's continuity and revocations, and the writ's "
                    + "issuance in acme's attested evidence lineage, then redeemed it once ("
                    + Duration.between(started, Instant.now()).toMillis() + " ms): receipt for " + receipt.getJti());
            expectRefusal(() -> partner.redeem(ledgerRedemption(cross, "75", crossProof)), "REPLAYED",
                    "the same writ again at globex");
            expectRefusal(() -> via[1].redeem(ledgerRedemption(cross, "75", crossProof)), "FOREIGN_DOMAIN",
                    "the writ at acme, which does not own the target");
            crossBoundaryBundle(chain, globex, cross.getJti(), bundles);

            narration.step("11. A revocation in acme crosses the boundary");
            ProposalResponse doomed = bot[1].propose(ledgerPost(BOT, "80"));
            long revokeStarted = System.nanoTime();
            var revocation = via[2].revoke(RevocationRequest.newBuilder().setKind(RevocationEntry.Kind.WRIT)
                    .setSubject(doomed.getJti()).setReason("partner flagged the payee").setIssuer(FabricIdentity.OPERATOR).build());
            long heldAfter = globex.awaitRevocationEpoch(DOMAIN, revocation.getEntry().getEpoch(), revokeStarted);
            narration.say("acme revocation epoch " + revocation.getEntry().getEpoch() + " held at globex-1 " + heldAfter
                    + " ms after the request (a signed envelope pushed to every node of every domain)");
            expectRefusal(() -> partner.redeem(ledgerRedemption(doomed, "80", agent.prove(doomed, ledgerAction("80"),
                    ledgerPep, Instant.now()))), "REVOKED", "the revoked writ at globex");

            narration.step("12. globex goes silent (its node is frozen with SIGSTOP, as a partition would hide it): acme fails closed");
            ProposalResponse beforeSilence = bot[2].propose(ledgerPost(BOT, "81"));
            globex.freeze();
            try {
                String code = globex.awaitRefusal(bot[0], () -> ledgerPost(BOT, "82"), Duration.ofSeconds(15));
                narration.expect(code, "EPOCH_STALE", "acme refuses a post to globex's ledger once globex's last beacon is older "
                        + "than the 3 s bound");
                narration.expect(bot[0].propose(transfer(BOT, "12")).getDecision().name(), "ALLOW",
                        "acme's own payments go on meanwhile");
            } finally {
                globex.thaw();
            }
            globex.awaitContinuity(acme, Duration.ofSeconds(30));
            narration.say("globex speaks again: every node of both domains holds its continuity again, by itself");
            narration.expect(partner.redeem(ledgerRedemption(beforeSilence, "81", agent.prove(beforeSilence, ledgerAction("81"),
                    ledgerPep, Instant.now()))).getJti(), beforeSilence.getJti(),
                    "the writ minted before the silence is redeemed at globex");
            narration.say("reconciliation digests at a common cut: " + globex.digestsAtCommonCut(acme));
        }
    }

    private static ActionProposal ledgerPost(SpiffeId agent, String amount) {
        return transfer(agent, amount).toBuilder().setAction(ledgerAction(amount)).build();
    }

    private static Action ledgerAction(String amount) {
        return Action.newBuilder().setTarget(SamplePolicies.PARTNER_TARGET).setOperation("post").putParameters("amount", amount)
                .putParameters("currency", "EUR").setClassification("internal").build();
    }

    /** A redemption at globex's ledger PEP, with the agent's proof of possession made for that PEP (D61). */
    private static RedemptionRequest ledgerRedemption(ProposalResponse allowed, String amount, PossessionProof proof) {
        return RedemptionRequest.newBuilder().setWrit(allowed.getWrit()).setMutation(ledgerAction(amount))
                .putAllObserved(BALANCE).setPossession(proof).build();
    }

    /** Waits until every node decides with policy {@code version} (each reads the registry once a second). */
    private void awaitPolicyVersion(WritClient[] via, long version) throws Exception {
        Instant started = Instant.now();
        Instant deadline = started.plusSeconds(30);
        for (WritClient client : via) {
            while (client.health().getPolicyEpoch().getVersion() != version) {
                if (Instant.now().isAfter(deadline)) {
                    narration.fail("node " + client.baseUri() + " still decides with policy v" + client.health().getPolicyEpoch().getVersion());
                    return;
                }
                Thread.sleep(100);
            }
        }
        narration.say("every node decides with v" + version + " " + Duration.between(started, Instant.now()).toMillis()
                + " ms after the change was executed");
    }

    /**
     * Polls {@code node}'s OCSP responder until it reports the certificate revoked: it reads the
     * registry through the same status cache as admission and redemption on that node, so from then
     * on both refuse the agent there.
     */
    private void awaitOcspRevoked(WritClient node, AgentCertificateResponse cert, long revokedAt, String nodeId)
            throws Exception {
        Instant deadline = Instant.now().plusSeconds(30);
        Optional<String> revocation = ocsp(node, cert);
        while (revocation.isEmpty() && Instant.now().isBefore(deadline)) {
            Thread.sleep(100);
            revocation = ocsp(node, cert);
        }
        narration.expect(revocation.isPresent() ? "REVOKED" : "GOOD", "REVOKED", "the OCSP answer of " + nodeId + ", "
                + (System.nanoTime() - revokedAt) / 1_000_000 + " ms after the revocation was sent: "
                + revocation.orElse("still good at the deadline"));
    }

    /** The node's OCSP answer for {@code cert}: empty when good, the reason when revoked. */
    private static Optional<String> ocsp(WritClient node, AgentCertificateResponse cert) throws Exception {
        List<byte[]> chain = Pem.decodeAll(cert.getChain(), Pem.CERTIFICATE, MAX_CHAIN_PEM);
        return node.ocsp(chain.get(1), new BigInteger(cert.getSerial(), 16));
    }

    /** The demo agents' model provenance hash, as registered on chain and certified. */
    private static byte[] model(SpiffeId agent) {
        return Hashes.sha256((agent.uri() + " model v1").getBytes(StandardCharsets.UTF_8));
    }

    private static String shortHex(byte[] bytes) {
        return HexFormat.of().formatHex(bytes, 0, 8) + "...";
    }

    private static ActionProposal transfer(SpiffeId agent, String amount) {
        return ActionProposal.newBuilder()
                .setProposalId("demo-" + UUID.randomUUID())
                .setAgentId(agent.uri())
                .setAction(action(amount))
                .setContext(ActionContext.newBuilder().setSessionId("session-42").setPlanId("pay-suppliers")
                        .setRiskScore(20).setDataClassification("internal").setModelHash(ByteString.copyFrom(model(agent))))
                .setRequestedWindowSeconds(60)
                // Nodes refuse a proposal dated outside writ.admission's window (PROPOSAL_STALE).
                .setProposedAtMillis(System.currentTimeMillis())
                .build();
    }

    private static Action action(String amount) {
        return Action.newBuilder().setTarget("payments-api").setOperation("transfer").putParameters("amount", amount)
                .putParameters("currency", "EUR").setClassification("internal").build();
    }

    /**
     * The cross-boundary writ's bundle, from globex's node: acme's part (fetched over the exchange)
     * and globex's, written beside the others and verified with every domain's keys from the
     * AgentRegistry, then against EvidenceAnchor: what a partner proves from the chain alone.
     */
    private void crossBoundaryBundle(FabricChain chain, Partner globex, String jti, Path bundles) throws Exception {
        ProofBundle bundle = anchoredBundle(globex.operatorClient(), jti);
        Path file = bundles.resolve(jti + ".json");
        Files.writeString(file, JsonFormat.printer().print(bundle), StandardCharsets.UTF_8);
        String registry = chain.config().contract(AgentRegistryContract.NAME);
        String evidenceAnchor = chain.config().contract(EvidenceAnchorContract.NAME);
        KeyRing registered = OnChainKeys.read(chain.chain().rpcUrl(), registry, bundle, Duration.ofSeconds(5));
        BundleVerdict verdict = new BundleVerifier(Optional.of(registered)).verify(bundle);
        boolean onlyChainLeft = verdict.holds()
                && verdict.skipped().stream().allMatch(c -> c.name().equals(OnChainVerifier.CHECK));
        narration.expect(onlyChainLeft ? "holds" : "fails " + verdict.firstFault().map(Enum::name).orElse("(not checked: "
                + verdict.skipped().stream().map(Check::name).collect(Collectors.joining(", ")) + ")"), "holds",
                "one bundle of both parts: acme's " + bundle.getItemsCount() + " records and globex's "
                        + bundle.getRedeeming().getItemsCount() + ", each under its domain's keys from the AgentRegistry -> "
                        + workDir.relativize(file.getParent()).resolve(file.getFileName()));
        Check anchored = new OnChainVerifier(chain.chain().rpcUrl(), Optional.of(evidenceAnchor), Duration.ofSeconds(5))
                .verify(bundle);
        narration.expect(anchored.status().name(), "PASS", "both domains' batches on chain, at the pinned EvidenceAnchor: "
                + anchored.detail());
        narration.say("check it from the chain alone: bin/writ verify --rpc <url> --evidence-anchor " + evidenceAnchor
                + " --agent-registry " + registry + " " + file);
    }

    /** The bundle once every record of every part is in a batch whose root is confirmed on chain (or at the deadline, as it is). */
    private ProofBundle anchoredBundle(WritClient client, String jti) throws Exception {
        Instant deadline = Instant.now().plusSeconds(60);
        while (true) {
            ProofBundle bundle = client.bundle(jti);
            boolean onChain = bundle.getItemsList().stream().allMatch(i -> i.hasInclusion())
                    && bundle.getAnchorsList().stream().allMatch(a -> a.hasAnchor())
                    && bundle.getRedeeming().getItemsList().stream().allMatch(i -> i.hasInclusion())
                    && bundle.getRedeeming().getAnchorsList().stream().allMatch(a -> a.hasAnchor());
            if (onChain || Instant.now().isAfter(deadline)) {
                return bundle;
            }
            Thread.sleep(200);
        }
    }

    private interface Call {
        void run() throws Exception;
    }

    private void expectRefusal(Call call, String code) {
        expectRefusal(call, code, "");
    }

    /** As {@link #expectRefusal(Call, String)}, naming {@code what} was refused before the node's detail. */
    private void expectRefusal(Call call, String code, String what) {
        String prefix = what.isEmpty() ? "" : what + ": ";
        try {
            call.run();
            narration.fail("expected " + code + ", but it was accepted");
        } catch (PepRefusal r) {
            // The message repeats the code and the stage; the node's own detail is what a reader wants.
            narration.expect(r.code(), code, prefix + r.getMessage().replaceFirst("^[A-Z_]+ \\([A-Z]+\\): ([A-Z_]+ \\(HTTP \\d+\\): )?", ""));
        } catch (WritRefusedException r) {
            narration.expect(r.code(), code, prefix + r.detail());
        } catch (Exception e) {
            narration.fail("expected " + code + ", got " + e);
        }
    }

    private static String reasons(ProposalResponse response) {
        return response.getReasonsList().stream().map(r -> r.getCode() + " (" + r.getDetail() + ")")
                .collect(Collectors.joining("; "));
    }

    static void deleteRecursively(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }
}

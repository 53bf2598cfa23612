package dev.writ.fabric.demo;

import com.google.protobuf.util.JsonFormat;
import dev.writ.fabric.DatabaseChoice;
import dev.writ.fabric.FabricChain;
import dev.writ.fabric.FabricOptions;
import dev.writ.fabric.LocalFabric;
import dev.writ.fabric.Topology;
import dev.writ.node.policy.PolicySet;
import dev.writ.contracts.anchor.OnChainVerifier;
import dev.writ.protocol.bundle.BundleVerdict;
import dev.writ.protocol.bundle.Check;
import dev.writ.protocol.bundle.BundleVerifier;
import dev.writ.protocol.client.ApprovalSigner;
import dev.writ.protocol.client.PepGuard;
import dev.writ.protocol.client.PepRefusal;
import dev.writ.protocol.client.VerifiedReceipt;
import dev.writ.protocol.client.WritClient;
import dev.writ.protocol.crypto.KeyEncoding;
import dev.writ.protocol.crypto.KeyRing;
import dev.writ.protocol.crypto.SigningKey;
import dev.writ.protocol.wire.Action;
import dev.writ.protocol.wire.ActionContext;
import dev.writ.protocol.wire.ActionProposal;
import dev.writ.protocol.wire.OutcomeRecord;
import dev.writ.protocol.wire.ProofBundle;
import dev.writ.protocol.wire.ProposalResponse;
import dev.writ.protocol.wire.RevocationEntry;
import dev.writ.protocol.wire.RevocationRequest;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * `bin/writ demo`: a 3-node domain on embedded defaults (an H2 server this process runs) and a
 * scripted story through the real API: allowed and redeemed via another node, replayed via a
 * third, refused with reasons, escalated and approved, revoked mid-flight, drifted. It writes the
 * redeemed writs' proof bundles, verifies them offline, and stops every process it started.
 */
public final class Demo {
    private static final String DOMAIN = "acme";
    private static final String APPROVER = "alice@acme";
    private static final Map<String, String> BALANCE = Map.of("account.balance", "2500");

    private final PrintStream out;
    private final Path workDir;
    private final List<String> failures = new ArrayList<>();

    public Demo(PrintStream out, Path workDir) {
        this.out = out;
        this.workDir = workDir;
    }

    /** Runs the story; 0 when every step went as the story says, 1 otherwise. */
    public int run() throws Exception {
        deleteRecursively(workDir);
        Path bundles = Files.createDirectories(workDir.resolve("bundles"));
        SigningKey approverKey = SigningKey.generate();
        out.println("Starting a dev chain (anvil, 1 s blocks) and deploying PolicyRegistry, AgentRegistry, EvidenceAnchor ...");
        Instant started = Instant.now();
        try (FabricChain chain = FabricChain.start(workDir.resolve("chain"), List.of(DOMAIN))) {
            PolicySet policy = DemoPolicies.version(1);
            var enacted = chain.enact(policy);
            out.printf("  chain %s up; policy v%d of '%s' in force through the registry's 2-of-3 multisig and timelock "
                    + "(change %s, %.1f s)%n%n", chain.chain().rpcUrl(), enacted.version(), DOMAIN, enacted.id(),
                    Duration.between(started, Instant.now()).toMillis() / 1000.0);
            FabricOptions.Builder options = FabricOptions.builder(workDir.resolve("fabric"))
                    .database(DatabaseChoice.h2())
                    .config("writ.approvals.approvers", "[{ id = \"" + APPROVER + "\", public-key-pem = \"\"\""
                            + KeyEncoding.toPem(approverKey.verifyingKey()) + "\"\"\" }]");
            chain.nodeConfig(DOMAIN).forEach(options::config);
            story(chain, options.build(), approverKey, bundles);
        }
        out.println(failures.isEmpty() ? "Demo finished: every step went as expected; all processes stopped."
                : "Demo finished with " + failures.size() + " unexpected result(s): " + failures);
        return failures.isEmpty() ? 0 : 1;
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
            WritClient[] via = nodes.stream().map(n -> WritClient.create(fabric.httpUri(n))).toArray(WritClient[]::new);
            KeyRing keys = via[0].keys(DOMAIN);
            PepGuard[] pep = new PepGuard[via.length];
            for (int i = 0; i < via.length; i++) {
                pep[i] = new PepGuard(via[i], keys, "pep-payments", Duration.ofSeconds(2), Clock.systemUTC());
            }
            List<String> redeemed = new ArrayList<>();

            step("1. An agent proposes a transfer of 120 EUR via " + nodes.get(0));
            ProposalResponse allowed = via[0].propose(transfer("payments-bot", "120"));
            expect(allowed.getDecision().name(), "ALLOW", reasons(allowed));
            step("   The PEP verifies the writ offline, then redeems it via " + nodes.get(1));
            VerifiedReceipt receipt = pep[1].redeem(allowed.getWrit(), action("120"), BALANCE);
            say("redeemed once, jti " + allowed.getJti() + ": receipt signed by " + receipt.receipt().getNodeId()
                    + " and verified by the PEP");
            pep[1].reportOutcome(receipt, OutcomeRecord.Status.SUCCEEDED, "transfer executed", new byte[32]);
            say("outcome SUCCEEDED recorded");
            redeemed.add(allowed.getJti());

            step("2. Someone replays the same writ via " + nodes.get(2));
            expectRefusal(() -> pep[2].redeem(allowed.getWrit(), action("120"), BALANCE), "REPLAYED");

            step("3. The agent proposes 5000 XYZ, above its limit and in a currency it may not use");
            ProposalResponse denied = via[2].propose(transfer("payments-bot", "5000").toBuilder()
                    .setAction(action("5000").toBuilder().putParameters("currency", "XYZ")).build());
            expect(denied.getDecision().name(), "DENY", reasons(denied));

            step("4. A transfer of 700 EUR needs a person: the broker escalates");
            ProposalResponse escalated = via[1].propose(transfer("payments-bot", "700"));
            expect(escalated.getDecision().name(), "ESCALATE", reasons(escalated));
            ProposalResponse approved = via[0].approve(escalated.getApprovalId(),
                    new ApprovalSigner(APPROVER, approverKey, Clock.systemUTC()).approve(escalated));
            expect(approved.getDecision().name(), "ALLOW", "approved by " + APPROVER + ", writ " + approved.getJti());
            pep[2].redeem(approved.getWrit(), action("700"), BALANCE);
            say("redeemed via " + nodes.get(2));
            redeemed.add(approved.getJti());

            step("5. A writ is revoked mid-flight, between admission and redemption");
            ProposalResponse doomed = via[0].propose(transfer("payments-bot", "90"));
            long revokeStarted = System.nanoTime();
            var revocation = via[2].revoke(RevocationRequest.newBuilder().setKind(RevocationEntry.Kind.WRIT)
                    .setSubject(doomed.getJti()).setReason("operator saw a suspicious plan").setIssuer("sre-on-call").build());
            say("revocation epoch " + revocation.getEntry().getEpoch() + " held by " + revocation.getNodesAcknowledged()
                    + "/" + revocation.getNodesTotal() + " nodes when answered, " + (System.nanoTime() - revokeStarted) / 1_000_000
                    + " ms after the request (ledger append, evidence, every node's view confirming)");
            expectRefusal(() -> pep[1].redeem(doomed.getWrit(), action("90"), BALANCE), "REVOKED");

            step("6. Live state drifted: the balance no longer covers the transfer");
            ProposalResponse drifting = via[1].propose(transfer("payments-bot", "300"));
            expectRefusal(() -> pep[0].redeem(drifting.getWrit(), action("300"), Map.of("account.balance", "250")), "DRIFT");

            step("7. The policy owners change the policy on chain: v2 no longer honours writs minted under v1");
            ProposalResponse minted = via[0].propose(transfer("payments-bot", "80"));
            say("writ " + minted.getJti() + " minted under policy v" + minted.getPolicyEpoch().getVersion()
                    + " (registry " + minted.getPolicyEpoch().getContractAddress() + ", block " + minted.getPolicyEpoch().getBlockNumber() + ")");
            var changed = chain.enact(DemoPolicies.version(2));
            say("change " + changed.id() + ": proposed, approved by 2 of 3 owners, timelock waited out, executed");
            awaitPolicyVersion(via, 2);
            ProposalResponse fresh = via[1].propose(transfer("payments-bot", "80"));
            expect("v" + fresh.getPolicyEpoch().getVersion(), "v2", "a new writ carries the new policy epoch, executed at block "
                    + fresh.getPolicyEpoch().getBlockNumber());
            expectRefusal(() -> pep[2].redeem(minted.getWrit(), action("80"), BALANCE), "POLICY_EPOCH_STALE");
            pep[2].redeem(fresh.getWrit(), action("80"), BALANCE);
            say("the v2 writ redeems via " + nodes.get(2));

            step("8. Proof bundles: evidence anchored on chain in signed Merkle batches, verified offline and against EvidenceAnchor");
            OnChainVerifier onChain = new OnChainVerifier(chain.chain().rpcUrl(), java.util.Optional.empty(), Duration.ofSeconds(5));
            for (String jti : redeemed) {
                ProofBundle bundle = anchoredBundle(via[0], jti);
                Path file = bundles.resolve(jti + ".json");
                Files.writeString(file, JsonFormat.printer().print(bundle), StandardCharsets.UTF_8);
                BundleVerdict verdict = new BundleVerifier(java.util.Optional.of(keys)).verify(bundle);
                expect(verdict.holds() ? "holds" : "fails", "holds", bundle.getItemsCount() + " records, "
                        + bundle.getAnchorsCount() + " batch(es) -> " + workDir.relativize(file.getParent()).resolve(file.getFileName()));
                Check anchored = onChain.verify(bundle);
                expect(anchored.status().name(), "PASS", "on chain: " + anchored.detail());
            }
            out.println();
            out.println("Bundles: " + bundles + "  (check one: bin/writ verify " + bundles.resolve(redeemed.get(0) + ".json") + ")");
            out.println("Node logs: " + workDir.resolve("fabric"));
        }
    }

    /** Waits until every node decides with policy {@code version} (each reads the registry once a second). */
    private void awaitPolicyVersion(WritClient[] via, long version) throws Exception {
        Instant started = Instant.now();
        Instant deadline = started.plusSeconds(30);
        for (WritClient client : via) {
            while (client.health().getPolicyEpoch().getVersion() != version) {
                if (Instant.now().isAfter(deadline)) {
                    fail("node " + client.baseUri() + " still decides with policy v" + client.health().getPolicyEpoch().getVersion());
                    return;
                }
                Thread.sleep(100);
            }
        }
        say("every node decides with v" + version + " " + Duration.between(started, Instant.now()).toMillis()
                + " ms after the change was executed");
    }

    private static ActionProposal transfer(String agent, String amount) {
        return ActionProposal.newBuilder()
                .setProposalId("demo-" + UUID.randomUUID())
                .setAgentId("spiffe://" + DOMAIN + "/agent/" + agent)
                .setAction(action(amount))
                .setContext(ActionContext.newBuilder().setSessionId("session-42").setPlanId("pay-suppliers")
                        .setRiskScore(20).setDataClassification("internal"))
                .setRequestedWindowSeconds(60)
                .build();
    }

    private static Action action(String amount) {
        return Action.newBuilder().setTarget("payments-api").setOperation("transfer").putParameters("amount", amount)
                .putParameters("currency", "EUR").setClassification("internal").build();
    }

    /** The bundle once every record is in a batch whose root is confirmed on chain (or at the deadline, as it is). */
    private ProofBundle anchoredBundle(WritClient client, String jti) throws Exception {
        Instant deadline = Instant.now().plusSeconds(60);
        while (true) {
            ProofBundle bundle = client.bundle(jti);
            boolean onChain = bundle.getItemsList().stream().allMatch(i -> i.hasInclusion())
                    && bundle.getAnchorsList().stream().allMatch(a -> a.hasAnchor());
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
        try {
            call.run();
            fail("expected " + code + ", but it was accepted");
        } catch (PepRefusal r) {
            // The message repeats the code and the stage; the node's own detail is what a reader wants.
            expect(r.code(), code, r.getMessage().replaceFirst("^[A-Z_]+ \\([A-Z]+\\): ([A-Z_]+ \\(HTTP \\d+\\): )?", ""));
        } catch (Exception e) {
            fail("expected " + code + ", got " + e);
        }
    }

    private void step(String text) {
        out.println(text);
    }

    private void say(String text) {
        out.println("   -> " + text);
    }

    private void expect(String actual, String expected, String detail) {
        if (actual.equals(expected)) {
            say(actual + ": " + detail);
        } else {
            fail("expected " + expected + ", got " + actual + " (" + detail + ")");
        }
    }

    private void fail(String text) {
        failures.add(text);
        out.println("   !! " + text);
    }

    private static String reasons(ProposalResponse response) {
        return response.getReasonsList().stream().map(r -> r.getCode() + " (" + r.getDetail() + ")")
                .collect(Collectors.joining("; "));
    }

    private static void deleteRecursively(Path dir) throws IOException {
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

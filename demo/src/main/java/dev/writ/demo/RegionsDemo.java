package dev.writ.demo;

import com.google.protobuf.ByteString;
import dev.writ.fabric.DomainNodes;
import dev.writ.fabric.FabricIdentity;
import dev.writ.fabric.FabricOptions;
import dev.writ.fabric.LocalFabric;
import dev.writ.fabric.TopologyFile;
import dev.writ.fabric.region.RegionLinks;
import dev.writ.fabric.region.ReplicatedDatabase;
import dev.writ.protocol.client.AgentCredential;
import dev.writ.protocol.client.PepGuard;
import dev.writ.protocol.client.PepRefusal;
import dev.writ.protocol.client.VerifiedReceipt;
import dev.writ.protocol.client.WritClient;
import dev.writ.protocol.client.WritClientException;
import dev.writ.protocol.client.WritRefusedException;
import dev.writ.protocol.crypto.KeyRing;
import dev.writ.protocol.identity.SpiffeId;
import dev.writ.protocol.wire.Action;
import dev.writ.protocol.wire.ActionContext;
import dev.writ.protocol.wire.ActionProposal;
import dev.writ.protocol.wire.DecisionRecord.Decision;
import dev.writ.protocol.wire.ProposalResponse;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;

/**
 * `bin/writ demo regions`: the multi-region part of the demo, apart from the main story so that
 * `bin/writ demo` stays as fast as it is. It launches a topology file as `writ fabric --topology`
 * does (one domain in two regions, region A holding the database's primary and a minority of the
 * nodes, region B the synchronous standby and the rest; every cross-region link through a delaying
 * relay) and shows, as an agent and two PEPs see it: an admission in A, its redemption by a PEP in A
 * and one by a PEP in B (one hop, to A's node), each region granting only its share of the budget,
 * then the loss of A (its nodes killed, the primary stopped, the links cut, the standby promoted, as
 * the region-outage drill does), after which B admits and redeems again (the RTO), a writ redeemed
 * before the loss is still refused, and one issued before it is redeemed exactly once.
 */
public final class RegionsDemo {
    /** A payments agent of the node's built-in policy (rule payments: rate 50 per minute, spend 5000 per hour). */
    private static final String BOT = "payments-bot";
    private static final Map<String, String> BALANCE = Map.of("account.balance", "2500");
    private static final String AMOUNT = "25";
    /** How long a client waits for a node's answer: a region's first admission warms its budget owners on shared cores. */
    private static final Duration CLIENT_TIMEOUT = Duration.ofSeconds(30);
    /** How long B's nodes get to serve again after the loss before the demo calls it a failure. */
    private static final Duration RECOVERY = Duration.ofSeconds(90);
    /** More than any region's share of the built-in policy's rate budget (50 per agent per minute). */
    private static final int MAX_ADMISSIONS_TO_SPEND_A_SHARE = 60;
    /** Refusals that say "not now" while the database or the cluster settles after the loss, not "no". */
    private static final Set<String> TRANSIENT = Set.of("EVIDENCE_UNAVAILABLE", "BUDGET_UNAVAILABLE",
            "SERVICE_UNAVAILABLE", "IDENTITY_UNAVAILABLE", "POLICY_UNAVAILABLE");

    private final PrintStream out;
    private final Path workDir;
    private final Path topologyFile;
    private final Narration narration;

    public RegionsDemo(PrintStream out, Path workDir, Path topologyFile) {
        this.out = out;
        this.workDir = workDir;
        this.topologyFile = topologyFile;
        this.narration = new Narration(out);
    }

    /** Runs the story; 0 when every step went as the story says, 1 otherwise. */
    public int run() throws Exception {
        Demo.deleteRecursively(workDir);
        TopologyFile file = TopologyFile.read(topologyFile);
        Regions regions = Regions.of(file);
        out.printf("Starting domain '%s' from %s: %s%n", regions.domain(), topologyFile, regions.describe());
        out.printf("  every link between %s and %s (HTTP, Artery, database, replication) runs through a relay adding"
                + " %d ms per round trip (%d ms each way)%n", regions.a(), regions.b(), file.roundTrip().toMillis(),
                file.roundTrip().toMillis() / 2);
        Instant started = Instant.now();
        FabricOptions options = file.applyTo(FabricOptions.builder(workDir.resolve("fabric")))
                .startTimeout(Duration.ofSeconds(150)).build();
        try (LocalFabric fabric = LocalFabric.launch(file.topology(), options)) {
            out.printf("  %d nodes up in %.1f s; database: %s%n%n", fabric.nodeIds().size(),
                    Duration.between(started, Instant.now()).toMillis() / 1000.0, fabric.databaseDescription());
            story(fabric, regions);
        }
        return narration.finish("Regions demo");
    }

    private void story(LocalFabric fabric, Regions regions) throws Exception {
        String domain = regions.domain();
        String nodeA = regions.nodesA().get(0);
        String nodeB = regions.nodesB().get(0);
        SpiffeId bot = new SpiffeId(domain, BOT);
        AgentCredential botCredential = fabric.identity(domain).agent(bot.uri());
        WritClient agentInA = WritClient.builder(fabric.httpUri(nodeA, regions.a())).timeout(CLIENT_TIMEOUT)
                .agentCredential(botCredential).build();
        WritClient agentInB = WritClient.builder(fabric.httpUri(nodeB, regions.b())).timeout(CLIENT_TIMEOUT)
                .agentCredential(botCredential).build();
        Pep pepA = Pep.at(fabric, domain, "pep-" + regions.a(), nodeA, regions.a());
        // B's PEP calls A's node while A is there: a redemption is one claim on the primary, so from B
        // the node next to the primary costs one round trip (docs/regions.md, "Work stays in its region").
        Pep pepBToA = Pep.at(fabric, domain, "pep-" + regions.b(), nodeA, regions.b());
        Pep pepB = Pep.at(fabric, domain, "pep-" + regions.b(), nodeB, regions.b());

        narration.step("1. The agent in " + regions.a() + " proposes a transfer of " + AMOUNT + " EUR to " + nodeA + " (its region)");
        Instant t0 = Instant.now();
        ProposalResponse first = admit(agentInA, bot);
        narration.expect(first.getDecision().name(), "ALLOW", "writ " + first.getJti() + " minted in " + regions.a() + " in "
                + millis(t0) + " ms");
        narration.step("2. A PEP in " + regions.a() + " redeems it at " + nodeA + " (the minting region, next to the primary)");
        t0 = Instant.now();
        VerifiedReceipt receipt = pepA.redeem(first, botCredential);
        narration.say("redeemed once in " + millis(t0) + " ms, receipt signed by " + receipt.receipt().getNodeId());

        narration.step("3. The agent proposes again in " + regions.a() + "; a PEP in " + regions.b() + " redeems it at " + nodeA
                + " (one hop across the link)");
        ProposalResponse second = admit(agentInA, bot);
        narration.expect(second.getDecision().name(), "ALLOW", "writ " + second.getJti());
        t0 = Instant.now();
        pepBToA.redeem(second, botCredential);
        narration.say("redeemed once from " + regions.b() + " in " + millis(t0) + " ms (its request crosses the link once, a "
                + fabric.options().regionRoundTrip().toMillis() + " ms round trip)");
        ProposalResponse held = admit(agentInA, bot);
        narration.expect(held.getDecision().name(), "ALLOW", "and a third writ, " + held.getJti()
                + ", acknowledged and held by the agent, not redeemed yet");

        narration.step("4. Each region grants only its share of the agent's budgets (" + regions.shares() + " of each limit)");
        spendShare(agentInA, bot, regions.a());
        ProposalResponse inB = admit(agentInB, bot);
        narration.expect(inB.getDecision().name(), "ALLOW", "meanwhile " + regions.b() + " still admits from its own share at "
                + nodeB + ": writ " + inB.getJti());

        narration.step("5. Region " + regions.a() + " is lost: " + String.join(", ", regions.nodesA())
                + " killed (SIGKILL), the primary stopped, every link to " + regions.b() + " cut; the operator promotes the"
                + " standby in " + regions.b());
        ReplicatedDatabase database = fabric.replicatedDatabase(domain).orElseThrow();
        RegionLinks links = fabric.regionLinks().orElseThrow();
        Instant loss = Instant.now();
        regions.nodesA().forEach(fabric::kill);
        database.losePrimary();
        links.cut(regions.a(), regions.b());
        Duration promotion = database.promoteStandby();
        narration.say("standby promoted in " + promotion.toMillis() + " ms; " + String.join(", ", regions.nodesB())
                + " follow it through their multi-host database URL");

        narration.step("6. The agent and the PEP in " + regions.b() + " carry on at " + nodeB);
        ProposalResponse after = untilAnswered(() -> agentInB.propose(transfer(bot)), loss);
        narration.expect(after.getDecision().name(), "ALLOW", "a new action admitted in " + regions.b() + ": writ " + after.getJti());
        untilAnswered(() -> pepB.redeem(after, botCredential), loss);
        Duration rto = Duration.between(loss, Instant.now());
        narration.say(String.format("and redeemed: RTO %.1f s from the loss to an action admitted and redeemed again"
                + " (promotion %d ms)", rto.toMillis() / 1000.0, promotion.toMillis()));

        narration.step("7. Nothing acknowledged before the loss is lost, and single use holds across the promotion");
        expectRefusal(() -> pepB.redeem(second, botCredential), "REPLAYED",
                "the writ the PEP in " + regions.b() + " redeemed before the loss, presented again");
        pepB.redeem(held, botCredential);
        narration.say("the held writ " + held.getJti() + ", issued before the loss, redeemed once at " + nodeB);
        expectRefusal(() -> pepB.redeem(held, botCredential), "REPLAYED", "and a second time");
        out.printf("%nRTO %.1f s (standby promotion %d ms), round trip between regions %d ms%n", rto.toMillis() / 1000.0,
                promotion.toMillis(), fabric.options().regionRoundTrip().toMillis());
    }

    /** Proposes in {@code region} until its share of the rate budget is spent, and shows the refusal. */
    private void spendShare(WritClient agent, SpiffeId bot, String region) throws Exception {
        for (int admitted = 0; admitted < MAX_ADMISSIONS_TO_SPEND_A_SHARE; admitted++) {
            ProposalResponse r = admit(agent, bot);
            if (r.getDecision() != Decision.ALLOW) {
                String reasons = r.getReasonsList().stream().map(x -> x.getCode() + " (" + x.getDetail() + ")")
                        .collect(Collectors.joining("; "));
                boolean rate = r.getReasonsList().stream().anyMatch(x -> x.getCode().equals("RATE_LIMIT_EXCEEDED"));
                narration.expect(rate ? "RATE_LIMIT_EXCEEDED" : r.getDecision().name(), "RATE_LIMIT_EXCEEDED", region + " admitted "
                        + admitted + " more, then refused: " + reasons);
                return;
            }
        }
        narration.fail(region + " admitted " + MAX_ADMISSIONS_TO_SPEND_A_SHARE + " in a row: its share of the rate budget was not enforced");
    }

    /**
     * A proposal answered with a decision: a region's budget owners that give no slice in time (its
     * first admission, on shared cores) are refused BUDGET_UNAVAILABLE, nothing decided, retry (D63).
     */
    private static ProposalResponse admit(WritClient agent, SpiffeId bot) throws Exception {
        Instant deadline = Instant.now().plus(RECOVERY);
        while (true) {
            try {
                return agent.propose(transfer(bot));
            } catch (WritRefusedException e) {
                if (!e.code().equals("BUDGET_UNAVAILABLE") || Instant.now().isAfter(deadline)) {
                    throw e;
                }
            }
            Thread.sleep(200);
        }
    }

    private interface Attempt<T> {
        T call() throws Exception;
    }

    /**
     * Repeats {@code attempt} while the node cannot answer yet (its database connections died with
     * the primary, the cluster has not yet downed the lost nodes): fail closed is a refusal to retry.
     */
    private static <T> T untilAnswered(Attempt<T> attempt, Instant loss) throws Exception {
        Instant deadline = loss.plus(RECOVERY);
        while (true) {
            try {
                return attempt.call();
            } catch (WritRefusedException e) {
                if (!TRANSIENT.contains(e.code()) || Instant.now().isAfter(deadline)) {
                    throw e;
                }
            } catch (PepRefusal e) {
                if (!TRANSIENT.contains(e.code()) || Instant.now().isAfter(deadline)) {
                    throw e;
                }
            } catch (WritClientException e) {
                if (Instant.now().isAfter(deadline)) {
                    throw e;
                }
            }
            Thread.sleep(100);
        }
    }

    private static ActionProposal transfer(SpiffeId agent) {
        return ActionProposal.newBuilder()
                .setProposalId("demo-regions-" + UUID.randomUUID())
                .setAgentId(agent.uri())
                .setAction(action())
                .setContext(ActionContext.newBuilder().setRiskScore(20).setDataClassification("internal")
                        // the model the fabric's CA certified the agent for
                        .setModelHash(ByteString.copyFrom(FabricIdentity.NO_MODEL)))
                .setRequestedWindowSeconds(60)
                .setProposedAtMillis(System.currentTimeMillis())
                .build();
    }

    private static Action action() {
        return Action.newBuilder().setTarget("payments-api").setOperation("transfer").putParameters("amount", AMOUNT)
                .putParameters("currency", "EUR").setClassification("internal").build();
    }

    /** A PEP of the domain's CA in one region, calling one node, verifying writs and receipts offline. */
    private record Pep(PepGuard guard, String pepId) {
        static Pep at(LocalFabric fabric, String domain, String name, String node, String region) throws Exception {
            WritClient client = WritClient.builder(fabric.httpUri(node, region)).timeout(CLIENT_TIMEOUT)
                    .pepCredential(fabric.identity(domain).pep(name)).build();
            KeyRing keys = client.keys(domain);
            return new Pep(new PepGuard(client, keys, Duration.ofSeconds(2), Clock.systemUTC()),
                    client.pepCredential().orElseThrow().pepId().uri());
        }

        /** Redeems with the agent's possession proof made now for this PEP (the writ names the agent's key). */
        VerifiedReceipt redeem(ProposalResponse issued, AgentCredential agent) throws Exception {
            return guard.redeem(issued.getWrit(), agent.prove(issued, action(), pepId, Instant.now()), action(), BALANCE);
        }
    }

    /**
     * The one domain of the topology file in two regions: A with the database's primary, B with its
     * standby and more nodes than A, so that the nodes left when A is lost keep a majority (with
     * keep-majority a region holding the majority cannot be lost without the survivors downing
     * themselves; docs/regions.md).
     */
    record Regions(String domain, String a, String b, List<String> nodesA, List<String> nodesB, String shares) {
        static Regions of(TopologyFile file) {
            List<String> domains = file.topology().domains();
            if (domains.size() != 1) {
                throw new IllegalArgumentException("the regions demo runs one domain; the topology file has " + domains);
            }
            DomainNodes d = file.topology().domainNodes(domains.get(0));
            if (file.database() != TopologyFile.Database.REPLICATED_POSTGRES || d.database().standby().isEmpty()
                    || d.regions().size() != 2) {
                throw new IllegalArgumentException("the regions demo needs a domain in two regions with database"
                        + " = replicated-postgres and a standby in the region without the primary");
            }
            String a = d.database().primary();
            String b = d.database().standby().get();
            List<String> nodesA = nodesIn(d, a);
            List<String> nodesB = nodesIn(d, b);
            if (nodesA.size() >= nodesB.size()) {
                throw new IllegalArgumentException("region " + a + " (the primary's) must hold fewer nodes than " + b
                        + ": with keep-majority the nodes left after losing it must be the majority");
            }
            String shares = d.budgetShares().entrySet().stream().map(e -> e.getKey() + " " + e.getValue().toPlainString())
                    .collect(Collectors.joining(", "));
            return new Regions(d.domain(), a, b, nodesA, nodesB, shares);
        }

        private static List<String> nodesIn(DomainNodes d, String region) {
            return d.nodeIds().stream().filter(id -> d.regionOf(id).orElseThrow().equals(region)).toList();
        }

        String describe() {
            return a + " (" + String.join(", ", nodesA) + " and the database's primary), " + b + " ("
                    + String.join(", ", nodesB) + " and its synchronous standby)";
        }
    }

    private static long millis(Instant since) {
        return Duration.between(since, Instant.now()).toMillis();
    }

    private interface Call {
        void run() throws Exception;
    }

    private void expectRefusal(Call call, String code, String what) {
        try {
            call.run();
            narration.fail("expected " + code + ", but it was accepted (" + what + ")");
        } catch (PepRefusal r) {
            narration.expect(r.code(), code, what);
        } catch (WritRefusedException r) {
            narration.expect(r.code(), code, what + ": " + r.detail());
        } catch (Exception e) {
            narration.fail("expected " + code + ", got " + e + " (" + what + ")");
        }
    }

}

package dev.writ.demo;

import dev.writ.fabric.DatabaseChoice;
import dev.writ.fabric.FabricChain;
import dev.writ.fabric.FabricException;
import dev.writ.fabric.FabricOptions;
import dev.writ.fabric.LocalFabric;
import dev.writ.fabric.PartnerDomain;
import dev.writ.fabric.ReconciliationClient;
import dev.writ.fabric.SamplePolicies;
import dev.writ.fabric.Topology;
import dev.writ.protocol.client.WritClient;
import dev.writ.protocol.client.WritRefusedException;
import dev.writ.protocol.wire.ActionProposal;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;

/** The demo's partner domain, globex: one node JVM joined to acme's cluster as its own data center. */
final class Partner implements AutoCloseable {
    static final String NODE = SamplePolicies.PARTNER + "-1";

    private final LocalFabric fabric;

    private Partner(LocalFabric fabric) {
        this.fabric = fabric;
    }

    /** Proof exchange between {@code home} and the partner, for the nodes of either. */
    static Map<String, String> exchangeConfig(String home) {
        return PartnerDomain.exchangeConfig(SamplePolicies.PARTNER_TARGET, SamplePolicies.PARTNER,
                List.of(home, SamplePolicies.PARTNER));
    }

    static Partner launch(FabricChain chain, LocalFabric acme, Path dir) {
        FabricOptions.Builder options = FabricOptions.builder(dir).database(DatabaseChoice.h2());
        exchangeConfig(acme.topology().domainNodes().get(0).domain()).forEach(options::config);
        return new Partner(PartnerDomain.launch(chain, acme, new Topology(SamplePolicies.PARTNER, List.of(NODE)), options));
    }

    URI uri() {
        return fabric.httpUri(NODE);
    }

    /** A client of globex's node redeeming as globex's PEP {@code name}, certified by globex's CA. */
    WritClient pepClient(String name) {
        return WritClient.builder(uri()).pepCredential(fabric.identity(SamplePolicies.PARTNER).pep(name)).build();
    }

    /** A client of globex's node reading as globex's operator (bundles are the operator's to read). */
    WritClient operatorClient() {
        return WritClient.builder(uri()).operatorCredential(fabric.identity(SamplePolicies.PARTNER).operator()).build();
    }

    private List<URI> everyNode(LocalFabric acme) {
        List<URI> nodes = new ArrayList<>();
        acme.nodeIds().forEach(id -> nodes.add(acme.httpUri(id)));
        nodes.add(uri());
        return nodes;
    }

    /** Waits until every node of both domains accepts both domains' continuity. */
    void awaitContinuity(LocalFabric acme, Duration timeout) throws Exception {
        ReconciliationClient.awaitAccepted(everyNode(acme), timeout);
    }

    /** Milliseconds from {@code sinceNanos} until globex holds {@code domain}'s revocation {@code epoch}. */
    long awaitRevocationEpoch(String domain, long epoch, long sinceNanos) throws Exception {
        Instant deadline = Instant.now().plusSeconds(10);
        while (ReconciliationClient.continuity(uri(), domain).map(c -> c.getRevocationEpoch()).orElse(0L) < epoch) {
            if (Instant.now().isAfter(deadline)) {
                throw new FabricException(NODE + " does not hold revocation epoch " + epoch + " of " + domain);
            }
            Thread.sleep(5);
        }
        return (System.nanoTime() - sinceNanos) / 1_000_000;
    }

    void freeze() {
        fabric.freeze(NODE);
    }

    void thaw() {
        fabric.thaw(NODE);
    }

    /** Proposes until refused (or the timeout), answering the refusal code, or "ALLOW" if never refused. */
    String awaitRefusal(WritClient client, Supplier<ActionProposal> proposal, Duration timeout) throws Exception {
        Instant deadline = Instant.now().plus(timeout);
        while (Instant.now().isBefore(deadline)) {
            try {
                client.propose(proposal.get());
            } catch (WritRefusedException e) {
                return e.code();
            }
            Thread.sleep(250);
        }
        return "ALLOW";
    }

    /** Every node's reconciliation digest at the highest cut all reach: one value when they agree. */
    String digestsAtCommonCut(LocalFabric acme) throws Exception {
        List<URI> nodes = everyNode(acme);
        Map<String, Long> cut = ReconciliationClient.commonCut(nodes);
        Set<String> distinct = new HashSet<>(ReconciliationClient.digestsAt(nodes, cut).values());
        return distinct.size() == 1 && !distinct.contains("")
                ? "all " + nodes.size() + " nodes agree at " + cut + ": " + distinct.iterator().next().substring(0, 16) + "..."
                : "nodes DISAGREE at " + cut + ": " + distinct;
    }

    @Override
    public void close() {
        fabric.close();
    }
}

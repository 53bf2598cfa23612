package dev.writ.fabric;

import static org.assertj.core.api.Assertions.assertThat;

import dev.writ.protocol.client.WritClient;
import dev.writ.protocol.wire.RevocationEntry;
import dev.writ.protocol.wire.RevocationRequest;
import dev.writ.protocol.wire.RevocationResponse;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A revocation does not wait on a member the cluster sees as unreachable: a real 3-node fabric,
 * one node frozen (SIGSTOP) and, with the split brain resolver held back, left unreachable but
 * not downed; a revocation taken by a survivor is answered with 2 of 3 nodes confirming. Before,
 * the survivor waited out {@code writ.revocation.propagation-timeout} for the frozen node's view:
 * here a minute, longer than the client waits, so the revocation went unanswered.
 */
class FrozenMemberRevocationIT {
    private static final Duration CLIENT_TIMEOUT = Duration.ofSeconds(15);

    private final Path work = Path.of("target", "fabric-it", "frozen-revocation-" + System.currentTimeMillis())
            .toAbsolutePath();

    @Test
    @Timeout(240)
    void aRevocationIsAnsweredWithoutWaitingForAFrozenMembersView() throws Exception {
        FabricOptions options = FabricOptions.builder(work)
                .startTimeout(Duration.ofSeconds(90))
                .stopTimeout(Duration.ofSeconds(15))
                // the frozen node stays an unreachable member for the whole test instead of being downed
                .config("pekko.cluster.split-brain-resolver.stable-after", "300s")
                .config("writ.revocation.propagation-timeout", "60s")
                .build();
        try (LocalFabric fabric = LocalFabric.launch(Topology.singleDomain("acme", 3), options)) {
            String victim = "acme-3";
            fabric.freeze(victim);
            try {
                fabric.awaitHealth("acme-1", h -> h.reasons().stream().anyMatch(r -> r.check().equals("cluster")
                                && r.detail().contains("unreachable")), Duration.ofSeconds(60),
                        "acme-1 seeing the frozen " + victim + " unreachable");
                WritClient survivor = WritClient.builder(fabric.httpUri("acme-1")).timeout(CLIENT_TIMEOUT)
                        .operatorCredential(fabric.identity("acme").operator()).build();

                RevocationResponse r = survivor.revoke(RevocationRequest.newBuilder().setKind(RevocationEntry.Kind.WRIT)
                        .setSubject("jti-frozen-member-1").setReason("frozen member test")
                        .setIssuer(FabricIdentity.OPERATOR).build());

                assertThat(r.getEntry().getSubject()).isEqualTo("jti-frozen-member-1");
                assertThat(r.getNodesTotal()).isEqualTo(3);
                assertThat(r.getNodesAcknowledged()).as("the two reachable nodes, not the frozen one").isEqualTo(2);
            } finally {
                fabric.thaw(victim);
            }
        }
    }
}

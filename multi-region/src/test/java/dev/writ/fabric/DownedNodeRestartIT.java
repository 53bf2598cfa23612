package dev.writ.fabric;

import static org.assertj.core.api.Assertions.assertThat;

import dev.writ.node.ClusterExit;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A node the cluster downed comes back by itself (D55): a real 3-node fabric,
 * one node frozen (SIGSTOP) until the others' split brain resolver downs and removes it, then
 * woken. It finds itself removed, logs why and exits with {@link ClusterExit#CODE}; the fabric, as
 * its supervisor, starts it again, and the new process rejoins and is HEALTHY with all three up.
 */
class DownedNodeRestartIT {
    private final Path work = Path.of("target", "fabric-it", "downed-" + System.currentTimeMillis()).toAbsolutePath();

    @Test
    @Timeout(240)
    void aDownedNodeExitsWithItsCodeAndTheFabricStartsItAgainUntilItIsHealthyInTheCluster() throws Exception {
        FabricOptions options = FabricOptions.builder(work)
                .startTimeout(Duration.ofSeconds(90))
                .stopTimeout(Duration.ofSeconds(15))
                .build();
        try (LocalFabric fabric = LocalFabric.launch(Topology.singleDomain("acme", 3), options)) {
            String victim = "acme-3";
            String port = ":" + fabric.config(victim).arteryPort();
            long before = fabric.pid(victim);

            fabric.freeze(victim);
            for (String survivor : List.of("acme-1", "acme-2")) {
                fabric.awaitHealth(survivor, h -> h.membersUp().size() == 2 && h.membersUp().stream().noneMatch(m -> m.endsWith(port)),
                        Duration.ofSeconds(60), "the survivors downing and removing the frozen " + victim);
            }
            fabric.thaw(victim);

            long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
            while (fabric.pid(victim) == before && System.nanoTime() < deadline) {
                Thread.sleep(200);
            }
            assertThat(fabric.pid(victim)).as("a new process of " + victim).isNotEqualTo(before);
            assertThat(ProcessHandle.of(before).map(ProcessHandle::isAlive).orElse(false)).isFalse();
            fabric.awaitHealthy(Set.of(victim), options.startTimeout());
            for (String id : fabric.nodeIds()) {
                fabric.awaitHealth(id, h -> h.healthy() && h.membersUp().size() == 3, Duration.ofSeconds(60),
                        "HEALTHY with the restarted " + victim + " among 3 members up");
            }
            String log = Files.readString(fabric.logFile(victim));
            assertThat(log).contains("is no longer a cluster member", "exiting with code " + ClusterExit.CODE);
            assertThat(log.split("writ fabric starts node " + victim, -1)).as("started twice").hasSize(3);
        }
    }
}

package dev.writ.fabric;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A real 3-node fabric: three node JVMs on one H2 TCP server. It forms one cluster, the
 * survivors see a SIGKILLed node leave, and closing leaves no process behind.
 */
class LocalFabricIT {

    /** Under target/ (not a temp dir that vanishes) so the nodes' logs are there to read when it fails. */
    private final Path work = Path.of("target", "fabric-it", "run-" + System.currentTimeMillis()).toAbsolutePath();

    @Test
    @Timeout(120)
    void threeNodesFormOneClusterSurvivorsSeeAKilledNodeLeaveAndCloseLeavesNoProcess() {
        FabricOptions options = FabricOptions.builder(work)
                .startTimeout(Duration.ofSeconds(60))
                .stopTimeout(Duration.ofSeconds(15))
                .build();
        Map<String, Long> pids;
        try (LocalFabric fabric = LocalFabric.launch(Topology.singleDomain("acme", 3), options)) {
            pids = fabric.nodeIds().stream().collect(Collectors.toMap(Function.identity(), fabric::pid));
            assertThat(pids.values()).allMatch(LocalFabricIT::alive);

            for (String id : fabric.nodeIds()) {
                NodeHealth h = fabric.awaitHealth(id, x -> x.healthy() && x.membersUp().size() == 3,
                        Duration.ofSeconds(10), "HEALTHY with 3 members up");
                assertThat(h.nodeId()).isEqualTo(id);
                assertThat(h.httpStatus()).isEqualTo(200);
            }

            fabric.kill("acme-3");
            assertThat(alive(pids.get("acme-3"))).isFalse();
            assertThat(fabric.isRunning("acme-3")).isFalse();

            for (String survivor : List.of("acme-1", "acme-2")) {
                NodeHealth h = fabric.awaitHealth(survivor, x -> x.membersUp().size() == 2, Duration.ofSeconds(20),
                        "the cluster shrinking to 2 members up after acme-3 was killed");
                assertThat(h.membersUp()).noneMatch(m -> m.endsWith(":" + fabric.config("acme-3").arteryPort()));
            }
        }
        assertThat(pids.values()).noneMatch(LocalFabricIT::alive);
    }

    @Test
    @Timeout(120)
    void aFabricWithMutualTlsFormsOneClusterOverTls() throws Exception {
        FabricOptions options = FabricOptions.builder(work.resolveSibling(work.getFileName() + "-tls"))
                .mutualTls(true)
                .startTimeout(Duration.ofSeconds(90))
                .stopTimeout(Duration.ofSeconds(15))
                .build();
        try (LocalFabric fabric = LocalFabric.launch(Topology.singleDomain("acme", 3), options)) {
            for (String id : fabric.nodeIds()) {
                fabric.awaitHealth(id, x -> x.healthy() && x.membersUp().size() == 3, Duration.ofSeconds(10),
                        "HEALTHY with 3 members up over mutual TLS");
                com.typesafe.config.Config rendered = com.typesafe.config.ConfigFactory.parseFile(
                        options.workDir().toAbsolutePath().resolve(id + ".conf").toFile());
                assertThat(rendered.getString("pekko.remote.artery.transport")).isEqualTo("tls-tcp");
                assertThat(rendered.getBoolean("pekko.remote.artery.ssl.config-ssl-engine.require-mutual-authentication"))
                        .isTrue();
            }
        }
    }

    private static boolean alive(long pid) {
        return ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false);
    }
}

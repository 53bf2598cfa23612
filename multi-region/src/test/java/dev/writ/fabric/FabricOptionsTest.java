package dev.writ.fabric;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

class FabricOptionsTest {
    @Test
    void relativeClasspathEntriesBecomeAbsoluteBecauseNodesRunInTheWorkDirectory() {
        String cp = String.join(File.pathSeparator, "cli/target/writ.jar", "/opt/lib/a.jar");

        String[] entries = FabricOptions.absolute(cp).split(File.pathSeparator);

        assertThat(entries).containsExactly(Path.of("cli/target/writ.jar").toAbsolutePath().toString(), "/opt/lib/a.jar");
    }

    @Test
    void aPlacedNodeGetsItsOwnAddressAndLaunchPrefixAndTheOthersTheFabricsHost() {
        FabricOptions options = FabricOptions.builder(Path.of("w"))
                .place("acme-2", new NodePlacement("10.9.9.3", List.of("ip", "netns", "exec", "ns2"))).build();

        assertThat(options.placement("acme-2")).isEqualTo(new NodePlacement("10.9.9.3", List.of("ip", "netns", "exec", "ns2")));
        assertThat(options.placement("acme-1")).isEqualTo(new NodePlacement("127.0.0.1", List.of()));
    }

    @Test
    void aDomainsOverridesWinOverTheFabricsForItsNodesOnly() {
        FabricOptions options = FabricOptions.builder(Path.of("w"))
                .config("writ.evidence.lanes", "4")
                .config("writ.exchange.enabled", "on")
                .domainConfig("acme", "writ.evidence.lanes", "8")
                .domainConfig("globex", java.util.Map.of("writ.chain.anchorer-key", "\"0x01\""))
                .build();

        assertThat(options.extraConfig("acme")).containsOnly(java.util.Map.entry("writ.evidence.lanes", "8"),
                java.util.Map.entry("writ.exchange.enabled", "on"));
        assertThat(options.extraConfig("globex")).containsOnly(java.util.Map.entry("writ.evidence.lanes", "4"),
                java.util.Map.entry("writ.exchange.enabled", "on"), java.util.Map.entry("writ.chain.anchorer-key", "\"0x01\""));
        assertThat(options.extraConfig("initech")).isEqualTo(options.extraConfig());
        assertThat(options.chain()).isEmpty();
    }
}

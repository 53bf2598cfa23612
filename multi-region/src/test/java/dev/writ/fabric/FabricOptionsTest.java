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
}

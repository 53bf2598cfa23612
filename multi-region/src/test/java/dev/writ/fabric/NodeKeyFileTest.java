package dev.writ.fabric;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class NodeKeyFileTest {
    private static NodeConfig node(Map<String, String> extra) {
        return new NodeConfig("acme-1", "acme", Path.of("/f/acme-1"), "127.0.0.1", 7001, 8001, List.of(), 1,
                new NodeConfig.Journal("jdbc:h2:tcp://127.0.0.1:9092/acme", "sa", "", 4), Optional.empty(), extra);
    }

    @Test
    void theKeyLivesInTheDataDirectoryUnlessAnOverrideSaysWhere() {
        assertThat(NodeKeyFile.of(node(Map.of()), Path.of("/f"))).isEqualTo(Path.of("/f/acme-1/node-key.pem"));
        assertThat(NodeKeyFile.of(node(Map.of("writ.keys.node-key", "\"/keys/a.pem\"")), Path.of("/f")))
                .isEqualTo(Path.of("/keys/a.pem"));
        assertThat(NodeKeyFile.of(node(Map.of("writ.keys.node-key", "\"keys/a.pem\"")), Path.of("/f")))
                .isEqualTo(Path.of("/f/keys/a.pem"));
    }
}

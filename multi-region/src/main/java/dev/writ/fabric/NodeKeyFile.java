package dev.writ.fabric;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import java.nio.file.Path;

/**
 * Where a node of a local fabric keeps its Ed25519 key, as the node itself finds it: {@code
 * writ.keys.node-key} when an override sets it (relative paths against the fabric's work
 * directory, the node's working directory), else {@code <data-dir>/node-key.pem}.
 */
final class NodeKeyFile {
    static final String SETTING = "writ.keys.node-key";
    static final String DEFAULT_NAME = "node-key.pem";

    private NodeKeyFile() {
    }

    static Path of(NodeConfig node, Path workDir) {
        Config rendered = ConfigFactory.parseString(NodeConfigRenderer.render(node));
        String set = rendered.hasPath(SETTING) ? rendered.getString(SETTING) : "";
        return set.isEmpty() ? node.dataDir().toAbsolutePath().resolve(DEFAULT_NAME) : workDir.resolve(set).toAbsolutePath();
    }
}

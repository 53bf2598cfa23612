package dev.writ.cli;

import dev.writ.node.NodeMain;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** `writ node --config <file>`: run one broker node until SIGTERM, or until the cluster ends its membership (exit 75). */
@Command(name = "node", mixinStandardHelpOptions = true,
        description = {"Run one broker node.",
                "The file is HOCON over the node's reference.conf (every key documented there): node id and domain,",
                "HTTP and cluster ports, seed nodes, the journal database (H2 file by default, or PostgreSQL).",
                "Exits 0 after SIGTERM; exits 75 when the cluster downed or removed the node, for its supervisor",
                "to start it again (ops/systemd/writ-node.service)."})
final class NodeCommand implements Callable<Integer> {
    @Option(names = "--config", required = true, paramLabel = "<file>", description = "the node's configuration file")
    private Path config;

    @Override
    public Integer call() throws Exception {
        NodeMain.run(config);
        return 0;
    }
}

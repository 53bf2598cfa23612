package dev.writ.node;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs one node until the process is told to stop: `bin/writ node --config <file>`. The file is
 * HOCON over reference.conf; SIGTERM leaves the cluster and closes the node in order (exit 0 after
 * the JVM's shutdown); a node the cluster downed or removed exits with {@link ClusterExit#CODE}.
 */
public final class NodeMain {
    private static final Logger LOG = LoggerFactory.getLogger(NodeMain.class);

    private NodeMain() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length != 2 || !args[0].equals("--config")) {
            System.err.println("usage: NodeMain --config <file>");
            System.exit(2);
        }
        run(Path.of(args[1]));
    }

    /**
     * Loads {@code file} over the defaults, starts the node and blocks until the JVM shuts down,
     * or until the cluster ends the node's membership: then it logs why and exits with
     * {@link ClusterExit#CODE}, for its supervisor to start it again.
     */
    public static void run(Path file) throws Exception {
        if (!Files.isReadable(file)) {
            throw new IllegalArgumentException("cannot read the node configuration " + file.toAbsolutePath());
        }
        Config config = load(file);
        LogFormat.configure(config);
        String nodeId = config.getString("writ.node.id");
        Node node = Node.start(config);
        CountDownLatch stopped = new CountDownLatch(1);
        AtomicBoolean closing = new AtomicBoolean();
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            if (closing.compareAndSet(false, true)) {
                close(node);
            }
            stopped.countDown();
        }, "writ-node-shutdown"));
        CompletableFuture<String> ended = ClusterExit.watch(node.system());
        ended.thenRun(stopped::countDown);
        stopped.await();
        if (closing.compareAndSet(false, true)) {
            LOG.error("Node {} is no longer a cluster member: {}. A removed member cannot rejoin in this process;"
                    + " exiting with code {} for its supervisor to start it again", nodeId, ended.getNow("?"),
                    ClusterExit.CODE);
            close(node);
            System.exit(ClusterExit.CODE);
        }
    }

    private static void close(Node node) {
        try {
            node.close();
        } catch (Exception e) {
            LOG.warn("The node did not stop cleanly: {}", e.toString());
        }
    }

    public static Config load(Path file) {
        ConfigFactory.invalidateCaches();
        return compose(ConfigFactory.parseFile(file.toFile()));
    }

    /**
     * A node's whole configuration: system properties, then {@code settings}, then the node's
     * Pekko settings (writ/pekko.conf), then every reference.conf, resolved together so that
     * substitutions see the node's own values.
     */
    public static Config compose(Config settings) {
        return ConfigFactory.defaultOverrides()
                .withFallback(settings)
                .withFallback(ConfigFactory.parseResources(NodeMain.class.getClassLoader(), "writ/pekko.conf"))
                .withFallback(ConfigFactory.defaultReferenceUnresolved())
                .resolve();
    }
}

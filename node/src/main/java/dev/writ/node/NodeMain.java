package dev.writ.node;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;

/**
 * Runs one node until the process is told to stop: `bin/writ node --config <file>`. The file is
 * HOCON over reference.conf; SIGTERM leaves the cluster and closes the node in order.
 */
public final class NodeMain {
    private NodeMain() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length != 2 || !args[0].equals("--config")) {
            System.err.println("usage: NodeMain --config <file>");
            System.exit(2);
        }
        run(Path.of(args[1]));
    }

    /** Loads {@code file} over the defaults, starts the node and blocks until the JVM shuts down. */
    public static void run(Path file) throws Exception {
        if (!Files.isReadable(file)) {
            throw new IllegalArgumentException("cannot read the node configuration " + file.toAbsolutePath());
        }
        Config config = load(file);
        LogFormat.configure(config);
        Node node = Node.start(config);
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                node.close();
            } catch (Exception e) {
                System.err.println("node did not stop cleanly: " + e);
            } finally {
                stopped.countDown();
            }
        }, "writ-node-shutdown"));
        stopped.await();
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

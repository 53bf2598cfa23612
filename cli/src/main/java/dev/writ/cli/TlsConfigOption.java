package dev.writ.cli;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/**
 * The node's {@code <node>-tls.conf} as {@code writ ca node-tls} wrote it: where its trust store is
 * and the store's password (never printed).
 */
final class TlsConfigOption {
    private static final String ENGINE = "pekko.remote.artery.ssl.config-ssl-engine.";

    @Option(names = "--tls-config", required = true, paramLabel = "<file>",
            description = "the node's <node>-tls.conf written by `writ ca node-tls` (names its trust store)")
    private Path file;

    /** The trust store and its password. */
    record TrustStore(Path path, String password) {
    }

    TrustStore trustStore() throws CaOutput.Refused {
        if (!Files.isRegularFile(file)) {
            throw new CaOutput.Refused("MALFORMED", file + " is not a file");
        }
        try {
            Config c = ConfigFactory.parseFile(file.toFile());
            return new TrustStore(Path.of(c.getString(ENGINE + "trust-store")), c.getString(ENGINE + "trust-store-password"));
        } catch (ConfigException e) {
            throw new CaOutput.Refused("MALFORMED", file + " is not a <node>-tls.conf of `writ ca node-tls`: " + e.getMessage());
        }
    }
}

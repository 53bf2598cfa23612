package dev.writ.cli;

import dev.writ.authority.ca.NodeTlsMaterial;
import dev.writ.protocol.ProtocolException;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** `writ ca node-tls`: a node's certificate, PKCS12 key and trust stores, and the Pekko TLS settings. */
@Command(name = "node-tls", mixinStandardHelpOptions = true,
        description = {"Issue a node certificate from the domain's intermediate and write PKCS12 key and trust stores",
                "plus <node>-tls.conf (Artery TLS with mutual authentication); include that file in the node's config."})
final class CaNodeTlsCommand extends CaStep {
    @Mixin
    private CaDirectoryOption ca;

    @Option(names = "--node-id", required = true, description = "the node's id (writ.node.id)")
    private String nodeId;

    @Option(names = "--out", required = true, paramLabel = "<dir>", description = "where to write the stores and config")
    private Path out;

    @Option(names = "--validity", defaultValue = "30d", converter = HoconDuration.class,
            description = "node certificate lifetime (default ${DEFAULT-VALUE})")
    private Duration validity;

    @Override
    public void run(PrintWriter console) throws CaOutput.Refused, ProtocolException, IOException, InterruptedException {
        NodeTlsMaterial.TlsFiles files = NodeTlsMaterial.write(ca.directory().load(), nodeId, out,
                Instant.now(), validity);
        console.println("wrote " + files.keyStore() + ", " + files.trustStore() + " and " + files.config());
        console.println("add to the node's configuration: include file(\"" + files.config().toAbsolutePath() + "\")");
    }
}

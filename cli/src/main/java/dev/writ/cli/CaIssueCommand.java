package dev.writ.cli;

import dev.writ.authority.ca.CaDirectory;
import dev.writ.authority.ca.CertificateAuthority;
import dev.writ.protocol.ProtocolException;
import dev.writ.protocol.identity.AgentCsr;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import org.bouncycastle.cert.X509CertificateHolder;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * `writ ca issue`: the operator's offline issuance from the intermediate. The node's
 * {@code POST /v1/agents/certificates} is the online path, which also checks the on-chain AgentRegistry.
 */
@Command(name = "issue", mixinStandardHelpOptions = true,
        description = {"Issue an agent certificate from a CSR with the domain's intermediate CA.",
                "Writes the agent certificate followed by the intermediate (the chain an agent presents)."})
final class CaIssueCommand extends CaStep {
    @Mixin
    private CaDirectoryOption ca;

    @Option(names = "--csr", required = true, paramLabel = "<file>", description = "the agent's CSR (PEM)")
    private Path csr;

    @Option(names = "--out", required = true, paramLabel = "<file>", description = "where to write the chain (PEM)")
    private Path out;

    @Option(names = "--validity", defaultValue = "24h", converter = HoconDuration.class,
            description = "certificate lifetime (default ${DEFAULT-VALUE})")
    private Duration validity;

    @Override
    public void run(PrintWriter console) throws CaOutput.Refused, ProtocolException, IOException, InterruptedException {
        CaDirectory dir = ca.directory();
        CertificateAuthority ca = dir.load();
        AgentCsr.Request request = AgentCsr.verifyPem(Files.readString(csr));
        X509CertificateHolder leaf = ca.issueAgent(request, Instant.now(), validity);
        dir.record(leaf);
        CaOutput.writeChain(out, ca.presentedChain(leaf));
        console.println("issued " + leaf.getSerialNumber().toString(16) + " to " + request.agent()
                + " until " + leaf.getNotAfter().toInstant() + "; chain in " + out);
    }
}

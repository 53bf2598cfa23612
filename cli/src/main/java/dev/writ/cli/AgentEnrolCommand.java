package dev.writ.cli;

import dev.writ.protocol.ProtocolException;
import dev.writ.protocol.client.WritClient;
import dev.writ.protocol.client.WritRefusedException;
import dev.writ.protocol.crypto.KeyEncoding;
import dev.writ.protocol.crypto.SigningKey;
import dev.writ.protocol.identity.AgentCsr;
import dev.writ.protocol.identity.CertificateRequests;
import dev.writ.protocol.wire.AgentCertificateResponse;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * `writ agent enrol`: the agent side, its first certificate from a node, for the enrolment key its
 * domain admin committed with `writ agent register`. Later certificates are renewals signed with the
 * current one ({@code RenewingCredential} in the Java client).
 */
@Command(name = "enrol", mixinStandardHelpOptions = true,
        description = {"Get an agent's first certificate from a node, for its enrolment key (committed on chain).",
                "Writes the chain (agent certificate, then intermediate); the key never leaves this machine."})
final class AgentEnrolCommand extends CaStep {
    @Option(names = "--node", required = true, paramLabel = "<url>", description = "a node of the agent's domain")
    private URI node;

    @Mixin
    private AgentIdentityOptions agent;

    @Option(names = "--key", required = true, paramLabel = "<file>", description = "the enrolment key (PKCS#8 PEM)")
    private Path key;

    @Option(names = "--out", required = true, paramLabel = "<file>", description = "where to write the chain (PEM)")
    private Path out;

    @Override
    public void run(PrintWriter console) throws CaOutput.Refused, ProtocolException, IOException, InterruptedException {
        SigningKey enrolmentKey = KeyEncoding.signingKeyFromPem(Files.readString(key));
        String csr = AgentCsr.createPem(enrolmentKey, agent.id(), agent.modelHash());
        AgentCertificateResponse issued;
        try {
            issued = WritClient.builder(node).timeout(Duration.ofSeconds(10)).build()
                    .requestCertificate(CertificateRequests.enrolment(csr));
        } catch (WritRefusedException e) {
            throw new CaOutput.Refused(e.code(), e.detail());
        }
        Files.writeString(out, issued.getChain());
        console.println("enrolled " + issued.getAgentId() + ": certificate " + issued.getSerial() + " until "
                + Instant.ofEpochMilli(issued.getNotAfterMillis()) + "; chain in " + out);
    }
}

package dev.writ.cli;

import dev.writ.protocol.client.WritClient;
import dev.writ.protocol.client.WritRefusedException;
import dev.writ.protocol.crypto.KeyEncoding;
import dev.writ.protocol.crypto.SigningKey;
import dev.writ.protocol.identity.AgentCsr;
import dev.writ.protocol.identity.CertificateRequests;
import dev.writ.protocol.identity.SpiffeId;
import dev.writ.protocol.wire.AgentCertificateResponse;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * `writ agent enrol`: the agent side, its first certificate from a node, for the enrolment key its
 * domain admin committed with `writ agent register`. Later certificates are renewals signed with the
 * current one ({@code RenewingCredential} in the Java client).
 */
@Command(name = "enrol", mixinStandardHelpOptions = true,
        description = {"Get an agent's first certificate from a node, for its enrolment key (committed on chain).",
                "Writes the chain (agent certificate, then intermediate); the key never leaves this machine."})
final class AgentEnrolCommand implements Callable<Integer> {
    @Option(names = "--node", required = true, paramLabel = "<url>", description = "a node of the agent's domain")
    private URI node;

    @Option(names = "--agent", required = true, description = "the agent's SPIFFE id, spiffe://<domain>/agent/<name>")
    private String agent;

    @Option(names = "--model-hash", required = true, description = "SHA-256 of the agent's model (64 hex digits)")
    private String modelHash;

    @Option(names = "--key", required = true, paramLabel = "<file>", description = "the enrolment key (PKCS#8 PEM)")
    private Path key;

    @Option(names = "--out", required = true, paramLabel = "<file>", description = "where to write the chain (PEM)")
    private Path out;

    @CommandLine.Spec
    private CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        return CaOutput.run(spec, console -> {
            SpiffeId id = SpiffeId.parse(agent);
            SigningKey enrolmentKey = KeyEncoding.signingKeyFromPem(Files.readString(key));
            String csr = AgentCsr.createPem(enrolmentKey, id, modelHash(modelHash));
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
        });
    }

    /** A model hash as the commands take it: 64 hex digits. */
    static byte[] modelHash(String hex) throws CaOutput.Refused {
        try {
            byte[] hash = HexFormat.of().parseHex(hex);
            if (hash.length == 32) {
                return hash;
            }
        } catch (IllegalArgumentException e) {
            // refused below
        }
        throw new CaOutput.Refused("MALFORMED", "--model-hash must be 64 hex digits");
    }
}

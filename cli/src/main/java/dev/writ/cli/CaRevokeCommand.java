package dev.writ.cli;

import com.google.protobuf.util.JsonFormat;
import dev.writ.authority.ca.CaDirectory;
import dev.writ.protocol.ProtocolException;
import dev.writ.protocol.client.OperatorCredential;
import dev.writ.protocol.client.WritClient;
import dev.writ.protocol.client.WritRefusedException;
import dev.writ.protocol.crypto.KeyEncoding;
import dev.writ.protocol.wire.RevocationEntry;
import dev.writ.protocol.wire.RevocationRequest;
import dev.writ.protocol.wire.RevocationResponse;
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
 * `writ ca revoke`: records the revocation in the CA directory and, with {@code --node}, enters it in
 * the domain's revocation ledger as a KEY revocation of the certified key, which every node enforces
 * at admission (and the OCSP responder reports). Without {@code --node} nothing running learns of it.
 * The request goes through {@link WritClient}, which signs it for that node with a fresh nonce.
 */
@Command(name = "revoke", mixinStandardHelpOptions = true,
        description = {"Revoke an agent certificate issued from a CA directory.",
                "With --node, also enter it in the domain's revocation ledger through that node's API."})
final class CaRevokeCommand extends CaStep {
    @Mixin
    private CaDirectoryOption ca;

    @Option(names = "--serial", required = true, description = "the certificate's serial (hex, as `writ ca list` prints)")
    private String serial;

    @Option(names = "--reason", defaultValue = "unspecified", description = "why (kept with the revocation)")
    private String reason;

    @Option(names = "--node", paramLabel = "<url>", description = "a node of the domain, e.g. http://127.0.0.1:8080")
    private URI node;

    @Option(names = "--operator", defaultValue = "writ-ca", description = "who revokes (the ledger entry's issuer)")
    private String operator;

    @Option(names = "--operator-key", paramLabel = "<pem>",
            description = "the operator's private key (PKCS#8 PEM): signs the request (Writ-Operator header) for the"
                    + " node --node names (its id and domain are read from its health), for nodes that require"
                    + " operator credentials")
    private Path operatorKey;

    @Override
    public void run(PrintWriter out) throws CaOutput.Refused, ProtocolException, IOException, InterruptedException {
        CaDirectory.Issued issued = ca.directory().revoke(serial, reason, Instant.now());
        out.println("revoked " + issued.serialHex() + " of " + issued.agent() + " (key " + issued.keyId() + ") in " + ca.path());
        if (node != null) {
            WritClient.Builder client = WritClient.builder(node).timeout(Duration.ofSeconds(10));
            if (operatorKey != null) {
                client.operatorCredential(new OperatorCredential(operator,
                        KeyEncoding.signingKeyFromPem(Files.readString(operatorKey))));
            }
            RevocationResponse entered;
            try {
                entered = client.build().revoke(RevocationRequest.newBuilder().setKind(RevocationEntry.Kind.KEY)
                        .setSubject(issued.keyId()).setReason("certificate " + issued.serialHex() + ": " + reason)
                        .setIssuer(operator).build());
            } catch (WritRefusedException e) {
                throw new CaOutput.Refused("NODE_REFUSED", "the node answered " + e.status() + " " + e.code() + ": "
                        + e.detail());
            }
            out.println("entered in the domain's revocation ledger: "
                    + JsonFormat.printer().omittingInsignificantWhitespace().print(entered));
        }
    }
}

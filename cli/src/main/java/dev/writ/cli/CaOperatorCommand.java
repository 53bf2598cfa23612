package dev.writ.cli;

import dev.writ.node.config.NodeSettings;
import dev.writ.protocol.ProtocolException;
import dev.writ.protocol.client.OperatorCredential;
import dev.writ.protocol.crypto.KeyEncoding;
import dev.writ.protocol.crypto.SigningKey;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * `writ ca operator`: an operator's Ed25519 key for the admin endpoints, and the entry that makes
 * the domain's nodes accept it. The key stays with the operator; nodes hold only the public key.
 */
@Command(name = "operator", mixinStandardHelpOptions = true,
        description = {"Generate an operator key for the nodes' admin endpoints (revocations, resolutions).",
                "The key is written owner-read-only and never overwritten; add the printed entry to",
                "writ.identity.operators of every node of the domain, and sign admin requests with the key",
                "(writ revoke or writ ca revoke with --operator <id> --operator-key <file>, or OperatorCredential in the Java client)."})
final class CaOperatorCommand extends CaStep {
    @Option(names = "--id", required = true, description = "the operator's id: 1-64 letters, digits, '.', '_', '@' or '-'")
    private String id;

    @Option(names = "--key-out", required = true, paramLabel = "<file>", description = "where to write the new private key (PKCS#8 PEM)")
    private Path keyOut;

    @Override
    public void run(PrintWriter console) throws CaOutput.Refused, ProtocolException, IOException, InterruptedException {
        SigningKey key = SigningKey.generate();
        OperatorCredential credential;
        try {
            credential = new OperatorCredential(id, key);
        } catch (IllegalArgumentException e) {
            throw new CaOutput.Refused("MALFORMED", "--id: " + e.getMessage());
        }
        CaOutput.writeOwnerOnly(keyOut, KeyEncoding.toPem(key));
        NodeSettings.Operator operator = new NodeSettings.Operator(credential.id(), KeyEncoding.toPem(key.verifyingKey()));
        console.println("wrote the key of operator " + operator.id() + " to " + keyOut);
        console.println("add to writ.identity.operators of every node of the domain:");
        console.println(operator.hocon());
    }
}

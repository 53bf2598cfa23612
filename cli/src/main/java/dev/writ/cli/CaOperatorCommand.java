package dev.writ.cli;

import dev.writ.node.config.NodeSettings;
import dev.writ.protocol.client.OperatorCredential;
import dev.writ.protocol.crypto.KeyEncoding;
import dev.writ.protocol.crypto.SigningKey;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine;

/**
 * `writ ca operator`: an operator's Ed25519 key for the admin endpoints, and the entry that makes
 * the domain's nodes accept it. The key stays with the operator; nodes hold only the public key.
 */
@Command(name = "operator", mixinStandardHelpOptions = true,
        description = {"Generate an operator key for the nodes' admin endpoints (revocations, resolutions).",
                "The key is written owner-read-only and never overwritten; add the printed entry to",
                "writ.identity.operators of every node of the domain, and sign admin requests with the key",
                "(writ ca revoke --operator <id> --operator-key <file>, or OperatorCredential in the Java client)."})
final class CaOperatorCommand implements Callable<Integer> {
    @Option(names = "--id", required = true, description = "the operator's id: 1-64 letters, digits, '.', '_', '@' or '-'")
    private String id;

    @Option(names = "--key-out", required = true, paramLabel = "<file>", description = "where to write the new private key (PKCS#8 PEM)")
    private Path keyOut;

    @CommandLine.Spec
    private CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        PrintWriter console = spec.commandLine().getOut();
        SigningKey key = SigningKey.generate();
        OperatorCredential credential;
        try {
            credential = new OperatorCredential(id, key);
        } catch (IllegalArgumentException e) {
            return CaOutput.refused(console, "MALFORMED", "--id: " + e.getMessage());
        }
        try {
            Files.createFile(keyOut, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        } catch (FileAlreadyExistsException e) {
            return CaOutput.refused(console, "KEY_EXISTS", keyOut + " already exists; an operator key is never overwritten");
        } catch (IOException e) {
            return CaOutput.unreadable(console, e);
        }
        try {
            Files.writeString(keyOut, KeyEncoding.toPem(key));
        } catch (IOException e) {
            return CaOutput.unreadable(console, e);
        }
        NodeSettings.Operator operator = new NodeSettings.Operator(credential.id(), KeyEncoding.toPem(key.verifyingKey()));
        console.println("wrote the key of operator " + operator.id() + " to " + keyOut);
        console.println("add to writ.identity.operators of every node of the domain:");
        console.println(operator.hocon());
        console.flush();
        return CaCommand.DONE;
    }
}

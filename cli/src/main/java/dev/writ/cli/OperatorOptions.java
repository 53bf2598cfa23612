package dev.writ.cli;

import dev.writ.protocol.ProtocolException;
import dev.writ.protocol.client.OperatorCredential;
import dev.writ.protocol.client.WritClient;
import dev.writ.protocol.crypto.KeyEncoding;
import java.io.IOException;
import picocli.CommandLine.Option;

/**
 * The operator a request is signed by (the Writ-Operator header): the id and the key
 * `writ ca operator` wrote. Revocations and reads of a writ's lifecycle and bundle are the
 * operator's (docs/trust-model.md).
 */
final class OperatorOptions {
    @Option(names = "--operator", paramLabel = "<id>", description = "the operator's id (`writ ca operator --id`)")
    String id;

    @Option(names = "--operator-key", paramLabel = "<file>",
            description = "the operator's key (`writ ca operator --key-out`); required by nodes unless"
                    + " writ.identity.operator-credentials = optional")
    String key;

    /** Adds the operator's credential to {@code client} when a key is given. */
    WritClient.Builder sign(WritClient.Builder client) throws ClientOutput.Failure, IOException, ProtocolException {
        if (key == null) {
            return client;
        }
        if (id == null) {
            throw ClientOutput.usage("MISSING_OPERATOR", "--operator-key needs --operator, the id it was made for");
        }
        return client.operatorCredential(new OperatorCredential(id,
                KeyEncoding.signingKeyFromPem(ClientInput.read(key, "the operator's key"))));
    }
}

package dev.writ.cli;

import dev.writ.authority.ca.CaDirectory;
import dev.writ.protocol.client.OperatorCredential;
import dev.writ.protocol.crypto.KeyEncoding;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine;

/**
 * `writ ca revoke`: records the revocation in the CA directory and, with {@code --node}, enters it in
 * the domain's revocation ledger as a KEY revocation of the certified key, which every node enforces
 * at admission (and the OCSP responder reports). Without {@code --node} nothing running learns of it.
 */
@Command(name = "revoke", mixinStandardHelpOptions = true,
        description = {"Revoke an agent certificate issued from a CA directory.",
                "With --node, also enter it in the domain's revocation ledger through that node's API."})
final class CaRevokeCommand implements Callable<Integer> {
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
            description = "the operator's private key (PKCS#8 PEM): signs the request (Writ-Operator header) for nodes"
                    + " that require operator credentials")
    private Path operatorKey;

    @CommandLine.Spec
    private CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        return CaOutput.run(spec, out -> {
            CaDirectory.Issued issued = ca.directory().revoke(serial, reason, Instant.now());
            out.println("revoked " + issued.serialHex() + " of " + issued.agent() + " (key " + issued.keyId() + ") in " + ca.path());
            if (node != null) {
                String body = "{\"kind\":\"KEY\",\"subject\":\"" + issued.keyId() + "\",\"reason\":"
                        + json("certificate " + issued.serialHex() + ": " + reason) + ",\"issuer\":" + json(operator) + "}";
                byte[] bytes = body.getBytes(java.nio.charset.StandardCharsets.UTF_8);
                HttpRequest.Builder post = HttpRequest.newBuilder(node.resolve("/v1/revocations"))
                        .timeout(Duration.ofSeconds(10)).header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofByteArray(bytes));
                if (operatorKey != null) {
                    OperatorCredential credential = new OperatorCredential(operator,
                            KeyEncoding.signingKeyFromPem(java.nio.file.Files.readString(operatorKey)));
                    post.header(OperatorCredential.HEADER, credential.header("POST", "/v1/revocations", bytes,
                            System.currentTimeMillis()));
                }
                HttpResponse<String> answer = HttpClient.newHttpClient().send(post.build(), HttpResponse.BodyHandlers.ofString());
                if (answer.statusCode() != 200) {
                    throw new CaOutput.Refused("NODE_REFUSED", "the node answered " + answer.statusCode() + ": " + answer.body());
                }
                out.println("entered in the domain's revocation ledger: " + answer.body());
            }
        });
    }

    private static String json(String text) {
        return com.nimbusds.jose.util.JSONStringUtils.toJSONString(text);
    }
}

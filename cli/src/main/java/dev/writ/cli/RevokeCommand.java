package dev.writ.cli;

import dev.writ.protocol.ProtocolException;
import dev.writ.protocol.client.WritRefusedException;
import dev.writ.protocol.wire.RevocationEntry;
import dev.writ.protocol.wire.RevocationRequest;
import dev.writ.protocol.wire.RevocationResponse;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * `writ revoke`: an operator enters a revocation in the domain's ledger (POST /v1/revocations), signed
 * with the key `writ ca operator` wrote (the Writ-Operator header, for the node --node names).
 */
@Command(name = "revoke", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Revoke a writ, an agent, a key or a delegation in the domain's revocation ledger (operator).",
                "Answers once every node holds the new epoch, or says how many did."},
        footer = ClientExit.TABLE)
final class RevokeCommand extends ClientCommand {
    /** What is revoked; the subject's form follows. */
    enum Kind {
        writ(RevocationEntry.Kind.WRIT), agent(RevocationEntry.Kind.AGENT), key(RevocationEntry.Kind.KEY),
        delegation(RevocationEntry.Kind.DELEGATION);

        private final RevocationEntry.Kind wire;

        Kind(RevocationEntry.Kind wire) {
            this.wire = wire;
        }
    }

    @Parameters(index = "0", paramLabel = "<subject>",
            description = "a writ's jti, an agent's SPIFFE id, a key id (base64url) or a delegation id")
    private String subject;

    @Option(names = "--kind", defaultValue = "writ", paramLabel = "writ|agent|key|delegation",
            description = "what <subject> is (default ${DEFAULT-VALUE})")
    private Kind kind;

    @Option(names = "--reason", required = true, description = "why (kept in the ledger and its evidence)")
    private String reason;

    @Mixin
    private OperatorOptions operator;

    @Override
    public ClientOutput.Answer run() throws ClientOutput.Failure, ProtocolException, WritRefusedException, IOException {
        if (operator.id == null) {
            throw ClientOutput.usage("MISSING_OPERATOR", "name the operator who revokes: --operator <id>");
        }
        RevocationResponse revoked = operator.sign(node()).build().revoke(RevocationRequest.newBuilder().setKind(kind.wire)
                .setSubject(subject).setReason(reason).setIssuer(operator.id).build());
        RevocationEntry entry = revoked.getEntry();
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("outcome", "REVOKED");
        json.putAll(ClientOutput.json(revoked));
        return new ClientOutput.Answer(ClientExit.OK, "REVOKED " + kind + " " + entry.getSubject() + " in domain "
                + entry.getDomain() + " at revocation epoch " + entry.getEpoch() + "; held by "
                + revoked.getNodesAcknowledged() + " of " + revoked.getNodesTotal() + " nodes", json);
    }
}

package dev.writ.cli;

import dev.writ.contracts.chain.Bytes32;
import dev.writ.protocol.ProtocolException;
import dev.writ.protocol.crypto.KeyId;
import java.io.IOException;
import java.io.PrintWriter;
import org.web3j.crypto.Credentials;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * `writ domain key revoke`: the domain admin revokes one of the domain's keys on chain (final).
 * Partners drop it at their next key refresh ({@code writ.exchange.key-refresh-interval}) and refuse
 * envelopes and writs signed with it from then on; a departing organisation revokes all its keys.
 */
@Command(name = "revoke", mixinStandardHelpOptions = true,
        description = {"Revoke one of the domain's signing keys on chain (domain admin signs; final).",
                "Partners refuse what it signs from their next key refresh on."})
final class DomainKeyRevokeCommand extends CaStep {
    @Mixin
    private RegistryOptions registry;

    @Mixin
    private DomainAdminOptions domain;

    @Option(names = "--key-id", required = true, paramLabel = "<kid>",
            description = "the key's id as `writ domain key add` printed it (base64url thumbprint)")
    private String keyId;

    @Option(names = "--reason", defaultValue = "domain left the cluster", description = "recorded on chain")
    private String reason;

    @Override
    public void run(PrintWriter console) throws CaOutput.Refused, IOException, ProtocolException {
        Bytes32 domainId = domain.domainId();
        KeyId id = KeyId.parse(keyId);
        Credentials admin = domain.admin();
        var receipt = registry.call((r, chain) -> r.revokeKey(admin, domainId, new Bytes32(id.bytes()), reason));
        console.println("revoked key " + id + " of domain " + domain.domain() + " (transaction " + receipt.getTransactionHash() + ")");
    }
}

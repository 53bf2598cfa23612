package dev.writ.cli;

import dev.writ.contracts.chain.Bytes32;
import dev.writ.protocol.ProtocolException;
import dev.writ.protocol.crypto.KeyId;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
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

    @Option(names = "--admin-key", required = true, paramLabel = "<file>",
            description = "the domain admin's wallet key: a file of 32 bytes of hex (secp256k1)")
    private Path adminKey;

    @Option(names = "--domain", required = true, description = "the domain the key signs for")
    private String domain;

    @Option(names = "--key-id", required = true, paramLabel = "<kid>",
            description = "the key's id as `writ domain key add` printed it (base64url thumbprint)")
    private String keyId;

    @Option(names = "--reason", defaultValue = "domain left the cluster", description = "recorded on chain")
    private String reason;

    @Override
    public void run(PrintWriter console) throws CaOutput.Refused, IOException, ProtocolException {
        DomainName.check(domain);
        KeyId id = KeyId.parse(keyId);
        Credentials admin = WalletKey.read(adminKey);
        var receipt = registry.call((r, chain) -> r.revokeKey(admin, Bytes32.keccakOf(domain), new Bytes32(id.bytes()), reason));
        console.println("revoked key " + id + " of domain " + domain + " (transaction " + receipt.getTransactionHash() + ")");
    }
}

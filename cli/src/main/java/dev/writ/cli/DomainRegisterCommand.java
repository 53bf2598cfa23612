package dev.writ.cli;

import dev.writ.contracts.chain.Bytes32;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.regex.Pattern;
import org.web3j.crypto.Credentials;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * `writ domain register`: the AgentRegistry's admin (its deployer, the only account the contract
 * lets register a domain) enters a new domain with the wallet address of that domain's admin, which
 * the new organisation made and sent. From then on only that admin adds and revokes the domain's
 * keys and agents (`writ domain key`, `writ agent register`).
 */
@Command(name = "register", mixinStandardHelpOptions = true,
        description = {"Register a new domain in the AgentRegistry with its admin's address (the registry's admin signs).",
                "A domain is registered once (DomainExists); its admin then adds its node keys with `writ domain key add`."})
final class DomainRegisterCommand extends CaStep {
    private static final Pattern ADDRESS = Pattern.compile("0x[0-9a-fA-F]{40}");

    @Mixin
    private RegistryOptions registry;

    @Option(names = "--registry-admin-key", required = true, paramLabel = "<file>",
            description = "the AgentRegistry admin's (deployer's) wallet key: a file of 32 bytes of hex")
    private Path registryAdminKey;

    @Option(names = "--domain", required = true, description = "the new domain (SPIFFE trust domain), e.g. globex")
    private String domain;

    @Option(names = "--admin", required = true, paramLabel = "<address>",
            description = "the new domain admin's wallet address (0x + 40 hex), sent by the joining organisation")
    private String admin;

    @Override
    public void run(PrintWriter console) throws CaOutput.Refused, IOException {
        if (!ADDRESS.matcher(admin).matches()) {
            throw new CaOutput.Refused("MALFORMED", "--admin must be 0x followed by 40 hex digits");
        }
        DomainName.check(domain);
        Credentials signer = WalletKey.read(registryAdminKey);
        var receipt = registry.call(r -> r.registerDomain(signer, Bytes32.keccakOf(domain), admin));
        console.println("registered domain " + domain + " with admin " + admin + " (transaction "
                + receipt.getTransactionHash() + ")");
    }
}

package dev.writ.cli;

import dev.writ.contracts.chain.Bytes32;
import dev.writ.contracts.chain.EvidenceAnchorContract;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.regex.Pattern;
import org.web3j.crypto.Credentials;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * `writ domain register`: the registries' admin (their deployer, the only account the contracts let
 * register a domain) enters a new domain with the wallet addresses the new organisation made and
 * sent: its domain admin in the AgentRegistry, its anchorer in the EvidenceAnchor (a node with a
 * chain anchors its evidence there). From then on only that admin adds and revokes the domain's
 * keys and agents (`writ domain key`, `writ agent register`). A domain the AgentRegistry knows is
 * refused (DomainExists) before anything is sent, so an existing domain's anchorer is never replaced.
 */
@Command(name = "register", mixinStandardHelpOptions = true,
        description = {"Register a new domain: its admin in the AgentRegistry, its anchorer in the EvidenceAnchor",
                "(the registries' admin signs). Its admin then adds its node keys with `writ domain key add`."})
final class DomainRegisterCommand extends CaStep {
    private static final Pattern ADDRESS = Pattern.compile("0x[0-9a-fA-F]{40}");
    private static final String NO_ADDRESS = "0x" + "0".repeat(40);

    @Mixin
    private RegistryOptions registry;

    @Option(names = "--evidence-anchor", required = true, paramLabel = "<address>", description = "the EvidenceAnchor's address")
    private String evidenceAnchor;

    @Option(names = "--registry-admin-key", required = true, paramLabel = "<file>",
            description = "the registries' admin (deployer) wallet key: a file of 32 bytes of hex")
    private Path registryAdminKey;

    @Option(names = "--domain", required = true, description = "the new domain (SPIFFE trust domain), e.g. globex")
    private String domain;

    @Option(names = "--admin", required = true, paramLabel = "<address>",
            description = "the new domain admin's wallet address, sent by the joining organisation")
    private String admin;

    @Option(names = "--anchorer", required = true, paramLabel = "<address>",
            description = "the wallet address the new domain's nodes anchor evidence with (writ.chain.anchorer-key)")
    private String anchorer;

    @Override
    public void run(PrintWriter console) throws CaOutput.Refused, IOException {
        for (String address : new String[] {evidenceAnchor, admin, anchorer}) {
            if (!ADDRESS.matcher(address).matches()) {
                throw new CaOutput.Refused("MALFORMED", "not an address (0x followed by 40 hex digits): " + address);
            }
        }
        DomainName.check(domain);
        Credentials signer = WalletKey.read(registryAdminKey);
        Bytes32 id = Bytes32.keccakOf(domain);
        if (!registry.call((r, chain) -> r.domainAdmin(id)).equals(NO_ADDRESS)) {
            throw new CaOutput.Refused("DomainExists", "domain " + domain + " is registered already; nothing was sent");
        }
        String[] transactions = registry.call((r, chain) -> new String[] {
                r.registerDomain(signer, id, admin).getTransactionHash(),
                new EvidenceAnchorContract(chain, evidenceAnchor).registerDomain(signer, id, anchorer).getTransactionHash()});
        console.println("registered domain " + domain + " with admin " + admin + " and anchorer " + anchorer
                + " (transactions " + String.join(", ", transactions) + ")");
    }
}

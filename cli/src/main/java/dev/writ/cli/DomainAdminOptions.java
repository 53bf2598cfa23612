package dev.writ.cli;

import dev.writ.contracts.chain.Bytes32;
import java.io.IOException;
import java.nio.file.Path;
import org.web3j.crypto.Credentials;
import picocli.CommandLine.Option;

/** The domain whose keys `writ domain key` changes, and its admin's wallet, the only one the AgentRegistry lets do it. */
final class DomainAdminOptions {
    @Option(names = "--admin-key", required = true, paramLabel = "<file>",
            description = "the domain admin's wallet key: a file of 32 bytes of hex (secp256k1)")
    private Path adminKey;

    @Option(names = "--domain", required = true, description = "the domain the key signs for")
    private String domain;

    String domain() {
        return domain;
    }

    /** The domain's id in the registry, once its name is checked. */
    Bytes32 domainId() throws CaOutput.Refused {
        DomainName.check(domain);
        return Bytes32.keccakOf(domain);
    }

    Credentials admin() throws IOException, CaOutput.Refused {
        return WalletKey.read(adminKey);
    }
}

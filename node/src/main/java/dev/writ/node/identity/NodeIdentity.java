package dev.writ.node.identity;

import dev.writ.authority.ca.CaDirectory;
import dev.writ.authority.ca.CertificateAuthority;
import dev.writ.contracts.chain.AgentRegistryContract;
import dev.writ.contracts.chain.ChainClient;
import dev.writ.node.config.NodeSettings;
import dev.writ.protocol.ProtocolException;
import dev.writ.protocol.identity.AgentChainVerifier;
import java.io.IOException;
import java.util.Optional;
import java.util.concurrent.Executor;

/**
 * What a node holds of its domain's agent PKI: the intermediate CA it issues from and the root it
 * verifies against (both from writ.identity.ca-dir), and the on-chain AgentRegistry (when configured).
 */
public record NodeIdentity(NodeSettings.Identity settings, Optional<CertificateAuthority> ca,
                           Optional<AgentChainVerifier> verifier, Optional<AgentStatusSource> registry,
                           Optional<ChainClient> chain) implements AutoCloseable {

    /** Loads the CA directory (the root key is not read) and connects to the registry; a bad CA stops the node. */
    public static NodeIdentity open(NodeSettings.Identity settings, Executor blocking) throws IOException, ProtocolException {
        Optional<CertificateAuthority> ca = Optional.empty();
        Optional<AgentChainVerifier> verifier = Optional.empty();
        if (settings.caDir() != null) {
            CaDirectory dir = CaDirectory.at(settings.caDir());
            ca = Optional.of(dir.load());
            verifier = Optional.of(AgentChainVerifier.forRoot(dir.rootDer(), settings.maxChainLength(),
                    settings.maxCertificateBytes()));
        }
        Optional<ChainClient> chain = Optional.empty();
        Optional<AgentStatusSource> registry = Optional.empty();
        if (settings.registry() != null) {
            ChainClient client = ChainClient.connect(settings.registry().rpcUrl(), settings.registry().chainId());
            chain = Optional.of(client);
            registry = Optional.of(new ChainAgentStatus(new AgentRegistryContract(client, settings.registry().address()),
                    blocking, settings.registry().statusCacheTtl()));
        }
        return new NodeIdentity(settings, ca, verifier, registry, chain);
    }

    @Override
    public void close() {
        chain.ifPresent(ChainClient::close);
    }
}

package dev.writ.fabric.bench;

import dev.writ.node.identity.CaDirectory;
import dev.writ.node.identity.CertificateAuthority;
import dev.writ.protocol.ProtocolException;
import dev.writ.protocol.client.AgentCredential;
import dev.writ.protocol.crypto.SigningKey;
import dev.writ.protocol.identity.AgentCsr;
import dev.writ.protocol.identity.SpiffeId;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The bench agents' certificates ({@code --signed-proposals on}): a domain CA made for the run,
 * whose directory the nodes get as {@code writ.identity.ca-dir}, and a key and 24 h certificate per
 * agent, made the first time the agent proposes (as `writ ca issue` would, offline). The load then
 * signs every proposal, and the nodes verify the chain and the signature in every admission.
 */
public final class BenchCredentials {
    /** The model hash every bench agent is certified with and names in its proposals. */
    public static final byte[] MODEL = new byte[32];

    private final CertificateAuthority ca;
    private final Path dir;
    private final Map<String, AgentCredential> byAgent = new ConcurrentHashMap<>();

    private BenchCredentials(CertificateAuthority ca, Path dir) {
        this.ca = ca;
        this.dir = dir;
    }

    public static BenchCredentials create(String domain, Path dir) {
        try {
            return new BenchCredentials(CaDirectory.at(dir).init(domain, Instant.now().minusSeconds(60), Duration.ofDays(30),
                    Duration.ofDays(30)), dir);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the bench CA in " + dir, e);
        } catch (ProtocolException e) {
            throw new IllegalStateException("cannot create the bench CA: " + e.getMessage(), e);
        }
    }

    public Path caDir() {
        return dir;
    }

    public AgentCredential forAgent(String agentId) {
        return byAgent.computeIfAbsent(agentId, id -> {
            try {
                SigningKey key = SigningKey.generate();
                var cert = ca.issueAgent(new AgentCsr.Request(SpiffeId.parse(id), key.verifyingKey(), MODEL),
                        Instant.now().minusSeconds(60), Duration.ofHours(24));
                return new AgentCredential(key, ca.presentedChain(cert));
            } catch (ProtocolException e) {
                throw new IllegalStateException("cannot certify bench agent " + id + ": " + e.getMessage(), e);
            }
        });
    }
}

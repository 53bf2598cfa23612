package dev.writ.fabric;

import com.google.protobuf.ByteString;
import dev.writ.authority.ca.CaDirectory;
import dev.writ.authority.ca.CertificateAuthority;
import dev.writ.node.config.NodeSettings;
import dev.writ.protocol.ProtocolException;
import dev.writ.protocol.client.AgentCredential;
import dev.writ.protocol.client.OperatorCredential;
import dev.writ.protocol.client.PepCredential;
import dev.writ.protocol.crypto.KeyEncoding;
import dev.writ.protocol.crypto.SecretFiles;
import dev.writ.protocol.crypto.SigningKey;
import dev.writ.protocol.identity.AgentCsr;
import dev.writ.protocol.identity.PepId;
import dev.writ.protocol.identity.SpiffeId;
import dev.writ.protocol.wire.ActionProposal;
import dev.writ.protocol.wire.PossessionProof;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * One domain's identity in a local fabric, as production has it: the domain's CA
 * ({@code writ ca init}, under {@code <dir>/ca}), which certifies both the agents and the nodes'
 * Artery TLS, and an operator key ({@code <dir>/operator.key.pem}, id {@value #OPERATOR}) for the
 * admin endpoints. Its nodes require them ({@link #nodeConfig()}): every proposal is signed with an
 * agent certificate of this CA, every redemption and outcome report with a PEP certificate of it
 * ({@link #pep}), and every admin request carries the operator credential.
 *
 * <p>Agents are certified offline here, as {@code writ ca issue} does, the first time they are
 * asked for ({@link #agent}); a node that also checks the on-chain AgentRegistry needs them
 * registered there too ({@link FabricChain#registerAgent}). A directory that already holds an
 * identity (a fabric relaunched in the same place) is reused.
 */
public final class FabricIdentity {
    /** The id of the fabric's operator in {@code writ.identity.operators}. */
    public static final String OPERATOR = "fabric-ops";
    /** The model hash agents are certified with unless one is named: 32 zero bytes. */
    public static final byte[] NO_MODEL = new byte[32];
    private static final Duration ROOT_VALIDITY = Duration.ofDays(30);
    private static final Duration INTERMEDIATE_VALIDITY = Duration.ofDays(7);
    private static final Duration AGENT_VALIDITY = Duration.ofHours(24);

    private final String domain;
    private final Path dir;
    private final CertificateAuthority ca;
    private final OperatorCredential operator;
    private final Map<String, AgentCredential> agents = new ConcurrentHashMap<>();
    private final Map<String, PepCredential> peps = new ConcurrentHashMap<>();

    private FabricIdentity(String domain, Path dir, CertificateAuthority ca, OperatorCredential operator) {
        this.domain = domain;
        this.dir = dir;
        this.ca = ca;
        this.operator = operator;
    }

    /** The identity of {@code domain} under {@code dir}: loaded when it exists, created otherwise. */
    public static FabricIdentity openOrCreate(String domain, Path dir) {
        Path caDir = dir.resolve("ca");
        Path operatorKey = dir.resolve("operator.key.pem");
        try {
            CaDirectory cas = CaDirectory.at(caDir);
            CertificateAuthority ca = Files.exists(caDir.resolve(CaDirectory.INTERMEDIATE_CERT)) ? cas.load()
                    : cas.init(domain, Instant.now().minusSeconds(60), ROOT_VALIDITY, INTERMEDIATE_VALIDITY);
            if (!ca.domain().equals(domain)) {
                throw new FabricException(caDir + " holds the CA of " + ca.domain() + ", not of " + domain);
            }
            SigningKey key;
            if (Files.exists(operatorKey)) {
                key = KeyEncoding.signingKeyFromPem(Files.readString(operatorKey));
            } else {
                key = SigningKey.generate();
                SecretFiles.create(operatorKey, KeyEncoding.toPem(key));
            }
            return new FabricIdentity(domain, dir, ca, new OperatorCredential(OPERATOR, key));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create or read the identity of " + domain + " under " + dir, e);
        } catch (ProtocolException e) {
            throw new FabricException("the identity of " + domain + " under " + dir + " is unusable: " + e.getMessage(), e);
        }
    }

    public String domain() {
        return domain;
    }

    /** The domain's CA directory ({@code writ.identity.ca-dir}; {@code writ ca list} reads it). */
    public Path caDir() {
        return dir.resolve("ca");
    }

    public CertificateAuthority ca() {
        return ca;
    }

    /** The operator credential the domain's nodes accept on their admin endpoints. */
    public OperatorCredential operator() {
        return operator;
    }

    /** A key and a 24 h certificate for {@code agentId} ({@code spiffe://<domain>/agent/<name>}) with no model hash. */
    public AgentCredential agent(String agentId) {
        return agent(agentId, NO_MODEL);
    }

    /** A key and a 24 h certificate for {@code agentId} naming {@code modelHash}; the same one every time it is asked for. */
    public AgentCredential agent(String agentId, byte[] modelHash) {
        return agents.computeIfAbsent(agentId + " " + HexFormat.of().formatHex(modelHash), ignored -> {
            try {
                SigningKey key = SigningKey.generate();
                var cert = ca.issueAgent(new AgentCsr.Request(SpiffeId.parse(agentId), key.verifyingKey(), modelHash),
                        Instant.now().minusSeconds(60), AGENT_VALIDITY);
                CaDirectory.at(caDir()).record(cert);
                return new AgentCredential(key, ca.presentedChain(cert));
            } catch (ProtocolException e) {
                throw new FabricException("cannot certify agent " + agentId + " in " + domain + ": " + e.getMessage(), e);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot record the certificate of agent " + agentId + " under " + caDir(), e);
            }
        });
    }

    /**
     * A key and a 24 h PEP certificate for {@code name} ({@code spiffe://<domain>/pep/<name>}), as
     * the domain's operator issues one to each enforcement point; the same one every time it is asked for.
     */
    public PepCredential pep(String name) {
        return peps.computeIfAbsent(name, ignored -> {
            try {
                SigningKey key = SigningKey.generate();
                var cert = ca.issuePep(new PepId(domain, name), key.verifyingKey(), Instant.now().minusSeconds(60),
                        AGENT_VALIDITY);
                CaDirectory.at(caDir()).record(cert);
                return PepCredential.of(key, ca.presentedChain(cert));
            } catch (ProtocolException e) {
                throw new FabricException("cannot certify PEP " + name + " in " + domain + ": " + e.getMessage(), e);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot record the certificate of PEP " + name + " under " + caDir(), e);
            }
        });
    }

    /**
     * {@code proposal} signed by its agent ({@link #agent}, certified the first time), naming the
     * model it is certified for: the proposal's own model hash, or {@link #NO_MODEL} when it names none.
     */
    public ActionProposal sign(ActionProposal proposal) {
        ByteString model = proposal.getContext().getModelHash();
        if (model.isEmpty()) {
            model = ByteString.copyFrom(NO_MODEL);
            proposal = proposal.toBuilder().setContext(proposal.getContext().toBuilder().setModelHash(model)).build();
        }
        return agent(proposal.getAgentId(), model.toByteArray()).sign(proposal);
    }

    /**
     * The possession proof (D61) of the agent that {@link #sign signed} {@code proposal}, handing
     * {@code writ}, minted for it, to {@code pepId} for the proposal's action, now: what a PEP needs
     * with a writ that names its agent's key.
     */
    public PossessionProof prove(ActionProposal proposal, String writ, String pepId) {
        ByteString model = proposal.getContext().getModelHash();
        try {
            return agent(proposal.getAgentId(), model.isEmpty() ? NO_MODEL : model.toByteArray())
                    .prove(writ, proposal.getAction(), pepId, Instant.now());
        } catch (ProtocolException e) {
            throw new FabricException("cannot prove possession of a writ that is none: " + e.getMessage(), e);
        }
    }

    /**
     * What the domain's nodes get: this CA, signed proposals required, the operator known and
     * required on admin endpoints. A fabric's own overrides come after and may relax them.
     */
    Map<String, String> nodeConfig() {
        Map<String, String> c = new LinkedHashMap<>();
        c.put("writ.identity.ca-dir", NodeConfigRenderer.quote(caDir().toAbsolutePath().toString()));
        c.put("writ.identity.agent-certificates", "required");
        c.put("writ.identity.pep-credentials", "required");
        c.put("writ.identity.operator-credentials", "required");
        c.put("writ.identity.operators", "[" + new NodeSettings.Operator(OPERATOR,
                KeyEncoding.toPem(operator.key().verifyingKey())).hocon() + "]");
        return c;
    }
}

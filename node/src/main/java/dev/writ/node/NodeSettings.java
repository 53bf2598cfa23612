package dev.writ.node;

import com.typesafe.config.Config;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/** The `writ` section of the configuration, read once at start; reference.conf documents each key. */
public record NodeSettings(
        String nodeId,
        String domain,
        Path dataDir,
        Duration clockOffset,
        String httpHost,
        int httpPort,
        int maxBodyBytes,
        int maxInFlight,
        Journal journal,
        int evidenceLanes,
        int evidenceMaxBatch,
        Path nodeKeyFile,
        String policyFile,
        Duration policyReloadInterval,
        Duration askTimeout,
        Duration clockSkew,
        Duration revocationPropagationTimeout,
        Duration revocationStalenessBound,
        Duration revocationPollInterval,
        Duration revocationPollTimeout,
        Duration expirySweepInterval,
        Duration expiryGrace,
        Duration healthCheckInterval,
        Duration anchorInterval,
        int anchorMaxRecords,
        Duration approvalTimeout,
        List<Approver> approvers,
        int clusterMinMembers,
        Identity identity) {

    /** Whether proposals must carry an agent certificate (reference.conf, writ.identity.agent-certificates). */
    public enum AgentCertificates { OPTIONAL, REQUIRED }

    /**
     * Agent identity (issue 5): the domain CA the node trusts and issues from, and the on-chain
     * AgentRegistry it checks agents against.
     *
     * @param caDir        the CA directory (`writ ca init`), or null when the node has no CA
     * @param registry     the on-chain AgentRegistry, or null when no chain is configured
     */
    public record Identity(AgentCertificates agentCertificates, Path caDir, Duration agentCertificateValidity,
                           int maxChainLength, int maxCertificateBytes, Registry registry,
                           OperatorCredentials operatorCredentials, List<Operator> operators, Duration operatorClockSkew) {
    }

    /** Whether admin requests must carry an operator credential (writ.identity.operator-credentials). */
    public enum OperatorCredentials { OPTIONAL, REQUIRED }

    /** An operator who may call the admin endpoints, and the public key their requests verify with. */
    public record Operator(String id, String publicKeyPem) {
    }

    /** Where the domain's AgentRegistry is, and how long an agent's on-chain status is reused. */
    public record Registry(String rpcUrl, long chainId, String address, Duration statusCacheTtl) {
    }

    /** The domain's database: journal, snapshots, evidence, anchor batches and key directory. */
    public record Journal(String url, String user, String password, int maxConnections, boolean createSchema) {
        public boolean isPostgres() {
            return url.startsWith("jdbc:postgresql:");
        }
    }

    /** A person who may approve ESCALATE decisions, and the public key their approvals verify with. */
    public record Approver(String id, String publicKeyPem) {
    }

    public static NodeSettings from(Config root) {
        Config c = root.getConfig("writ");
        Config j = c.getConfig("journal");
        String nodeId = c.getString("node.id");
        if (!nodeId.matches("[A-Za-z0-9][A-Za-z0-9_.-]{0,62}")) {
            throw new IllegalArgumentException("writ.node.id must be 1-63 letters, digits, '.', '_' or '-', got '" + nodeId + "'");
        }
        String domain = c.getString("node.domain");
        if (!domain.matches("[a-z0-9][a-z0-9.-]{0,62}")) {
            throw new IllegalArgumentException("writ.node.domain must be a lower-case DNS-like name, got '" + domain + "'");
        }
        String dir = c.getString("node.data-dir");
        Path dataDir = (dir.isEmpty() ? Path.of("data", nodeId) : Path.of(dir)).toAbsolutePath();
        String url = j.getString("url").isEmpty()
                ? "jdbc:h2:file:" + dataDir.resolve("journal") + ";DB_CLOSE_ON_EXIT=FALSE"
                : j.getString("url");
        String keyFile = c.getString("keys.node-key");
        return new NodeSettings(
                nodeId,
                domain,
                dataDir,
                c.getDuration("node.clock-offset"),
                c.getString("http.host"),
                c.getInt("http.port"),
                (int) c.getBytes("http.max-body-size").longValue(),
                c.getInt("http.max-in-flight"),
                new Journal(url, j.getString("user"), j.getString("password"),
                        j.getInt("max-connections"), j.getBoolean("create-schema")),
                c.getInt("evidence.lanes"),
                c.getInt("evidence.max-batch"),
                keyFile.isEmpty() ? dataDir.resolve("node-key.pem") : Path.of(keyFile).toAbsolutePath(),
                c.getString("policy.file"),
                c.getDuration("policy.reload-check-interval"),
                c.getDuration("ask-timeout"),
                c.getDuration("redemption.clock-skew"),
                c.getDuration("revocation.propagation-timeout"),
                c.getDuration("revocation.staleness-bound"),
                c.getDuration("revocation.poll-interval"),
                c.getDuration("revocation.poll-timeout"),
                c.getDuration("expiry.sweep-interval"),
                c.getDuration("expiry.grace"),
                c.getDuration("health.check-interval"),
                c.getDuration("anchoring.seal-interval"),
                c.getInt("anchoring.max-records"),
                c.getDuration("approvals.timeout"),
                c.getConfigList("approvals.approvers").stream()
                        .map(a -> new Approver(a.getString("id"), a.getString("public-key-pem")))
                        .toList(),
                c.getInt("cluster.min-members"),
                identity(c.getConfig("identity")));
    }

    private static Identity identity(Config i) {
        String mode = i.getString("agent-certificates");
        AgentCertificates required = switch (mode) {
            case "optional" -> AgentCertificates.OPTIONAL;
            case "required" -> AgentCertificates.REQUIRED;
            default -> throw new IllegalArgumentException(
                    "writ.identity.agent-certificates is 'optional' or 'required', got '" + mode + "'");
        };
        String caDir = i.getString("ca-dir");
        if (required == AgentCertificates.REQUIRED && caDir.isEmpty()) {
            throw new IllegalArgumentException("writ.identity.agent-certificates = required needs writ.identity.ca-dir");
        }
        Config r = i.getConfig("agent-registry");
        boolean chain = !r.getString("rpc-url").isEmpty() || !r.getString("address").isEmpty();
        if (chain && (r.getString("rpc-url").isEmpty() || r.getString("address").isEmpty())) {
            throw new IllegalArgumentException("writ.identity.agent-registry needs both rpc-url and address, or neither");
        }
        String operatorMode = i.getString("operator-credentials");
        OperatorCredentials operators = switch (operatorMode) {
            case "optional" -> OperatorCredentials.OPTIONAL;
            case "required" -> OperatorCredentials.REQUIRED;
            default -> throw new IllegalArgumentException(
                    "writ.identity.operator-credentials is 'optional' or 'required', got '" + operatorMode + "'");
        };
        List<Operator> known = i.getConfigList("operators").stream()
                .map(o -> new Operator(o.getString("id"), o.getString("public-key-pem"))).toList();
        if (operators == OperatorCredentials.REQUIRED && known.isEmpty()) {
            throw new IllegalArgumentException("writ.identity.operator-credentials = required needs writ.identity.operators");
        }
        return new Identity(required, caDir.isEmpty() ? null : Path.of(caDir).toAbsolutePath(),
                i.getDuration("agent-certificate-validity"), i.getInt("max-chain-length"),
                (int) i.getBytes("max-certificate-size").longValue(),
                chain ? new Registry(r.getString("rpc-url"), r.getLong("chain-id"), r.getString("address"),
                        r.getDuration("status-cache")) : null,
                operators, known, i.getDuration("operator-clock-skew"));
    }
}

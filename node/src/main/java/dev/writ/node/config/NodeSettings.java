package dev.writ.node.config;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigRenderOptions;
import com.typesafe.config.ConfigValueFactory;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

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
        int maxReadsInFlight,
        Overload overload,
        HttpTls httpTls,
        Journal journal,
        int evidenceLanes,
        int evidenceMaxBatch,
        Path nodeKeyFile,
        String policyFile,
        Duration policyReloadInterval,
        PolicySourceKind policySource,
        PolicyChain policyChain,
        Duration askTimeout,
        Duration clockSkew,
        Duration possessionMaxAge,
        Duration revocationPropagationTimeout,
        Duration revocationStalenessBound,
        Duration revocationPollInterval,
        Duration revocationPollTimeout,
        Duration revocationClaimWarningInterval,
        Duration expirySweepInterval,
        Duration expiryGrace,
        Duration healthCheckInterval,
        Duration healthStaleAfter,
        Duration anchorInterval,
        int anchorMaxRecords,
        Duration approvalTimeout,
        List<Approver> approvers,
        int clusterMinMembers,
        Chain chain,
        int degradedEscalateRiskAtLeast,
        Identity identity,
        Admission admission,
        Budgets budgets,
        Regions regions) {

    /**
     * Budgets in escrow ({@code writ.budgets}): each node spends slices its budgets' owners grant it.
     *
     * @param sliceOfLimit  the slice a node asks for, as a share of the limit (the owner shrinks it near the limit)
     * @param lowWater      ask for the next slice when less than this share of the last one is left
     * @param refillTimeout how long an admission waits for a slice before it is refused BUDGET_UNAVAILABLE
     * @param grantTimeout  how long a request for a slice stays in flight; a slice granted later is lost
     */
    public record Budgets(double sliceOfLimit, double lowWater, Duration refillTimeout, Duration grantTimeout) {
        public Budgets {
            if (!(sliceOfLimit > 0 && sliceOfLimit <= 1) || !(lowWater >= 0 && lowWater < 1)) {
                throw new IllegalArgumentException("writ.budgets.slice-of-limit must be in (0, 1] and writ.budgets.low-water"
                        + " in [0, 1), got " + sliceOfLimit + " and " + lowWater);
            }
            if (refillTimeout.isZero() || refillTimeout.isNegative()) {
                throw new IllegalArgumentException("writ.budgets.refill-timeout must be positive, got " + refillTimeout);
            }
            if (grantTimeout.compareTo(refillTimeout) < 0) {
                throw new IllegalArgumentException("writ.budgets.grant-timeout (" + grantTimeout + ") must be at least"
                        + " writ.budgets.refill-timeout (" + refillTimeout + ")");
            }
        }

        static Budgets from(Config writ) {
            return new Budgets(writ.getDouble("budgets.slice-of-limit"), writ.getDouble("budgets.low-water"),
                    writ.getDuration("budgets.refill-timeout"), writ.getDuration("budgets.grant-timeout"));
        }
    }

    /**
     * Single use and freshness of proposals ({@code writ.admission}).
     *
     * @param proposalMaxAge     a proposal dated longer ago is refused (PROPOSAL_STALE)
     * @param proposalClockSkew  a proposal dated further ahead is refused (PROPOSAL_STALE)
     * @param decisionDeadline   how long the first arrival of a proposal id may take to decide it
     * @param claimPruneInterval how often claims no fresh proposal can match are deleted
     */
    public record Admission(Duration proposalMaxAge, Duration proposalClockSkew, Duration decisionDeadline,
                            Duration claimPruneInterval) {
        /**
         * How long a claim is kept: while a proposal it could match can still be fresh at any node.
         * A claimed proposal was dated at most one skew after its claim; it is stale everywhere once
         * it is older than the max age by every node's clock, which may trail the claiming node's by
         * up to another skew.
         */
        public Duration claimRetention() {
            return proposalMaxAge.plus(proposalClockSkew.multipliedBy(2));
        }

        static Admission from(Config writ) {
            Admission admission = new Admission(positive(writ, "admission.proposal-max-age"),
                    writ.getDuration("admission.proposal-clock-skew"), positive(writ, "admission.decision-deadline"),
                    positive(writ, "admission.claim-prune-interval"));
            if (admission.proposalClockSkew.isNegative()) {
                throw new IllegalArgumentException("writ.admission.proposal-clock-skew must not be negative, got "
                        + admission.proposalClockSkew);
            }
            if (admission.decisionDeadline.compareTo(admission.proposalMaxAge) >= 0) {
                throw new IllegalArgumentException("writ.admission.decision-deadline (" + admission.decisionDeadline
                        + ") must be below writ.admission.proposal-max-age (" + admission.proposalMaxAge + "): a claim"
                        + " is kept only as long as its proposal can be fresh");
            }
            return admission;
        }
    }

    /**
     * How the HTTP edge adapts how many requests it takes on to the service time it measures
     * ({@code writ.http.overload}; docs/decisions.md, D46). reference.conf says what each does.
     */
    public record Overload(Duration targetLatency, int minLimit, int initialLimit, Duration sampleWindow,
                           int minWindowSamples, double tolerance, double smoothing, int baselineWindows) {
        static Overload from(Config writ) {
            Config o = writ.getConfig("http.overload");
            Overload overload = new Overload(positive(writ, "http.overload.target-latency"), o.getInt("min-limit"),
                    o.getInt("initial-limit"), positive(writ, "http.overload.sample-window"),
                    o.getInt("min-window-samples"), o.getDouble("tolerance"), o.getDouble("smoothing"),
                    o.getInt("baseline-windows"));
            if (overload.minLimit < 1 || overload.initialLimit < 1 || overload.minWindowSamples < 1
                    || overload.baselineWindows < 1) {
                throw new IllegalArgumentException("writ.http.overload: min-limit, initial-limit, min-window-samples and"
                        + " baseline-windows must be at least 1, got " + overload);
            }
            if (overload.tolerance < 1 || overload.smoothing <= 0 || overload.smoothing > 1) {
                throw new IllegalArgumentException("writ.http.overload: tolerance must be at least 1 and smoothing in"
                        + " (0, 1], got " + overload);
            }
            return overload;
        }
    }

    /**
     * The chain gateway ({@code writ.chain}): where evidence roots are anchored. Anchoring on chain is
     * on when {@code rpcUrl} is set; otherwise batches are sealed and queued but not submitted.
     */
    public record Chain(String rpcUrl, long chainId, String evidenceAnchor, String anchorerKey, Path anchorerKeyFile,
                        int confirmations, Duration pollInterval, int replaceAfterBlocks, Duration rpcTimeout,
                        Duration minBackoff, Duration maxBackoff, Duration blockTime, Duration maxBlockLag, int stallBlocks,
                        Duration maxBatchAge, int maxBacklog, int submitWindow, int maxOpenBatches) {
        public boolean enabled() {
            return !rpcUrl.isEmpty();
        }

        /** Never the anchorer's key: settings end up in logs. */
        @Override
        public String toString() {
            return "Chain[rpcUrl=" + rpcUrl + ", chainId=" + chainId + ", evidenceAnchor=" + evidenceAnchor
                    + ", anchorerKey=" + (anchorerKey.isEmpty() ? "" : "(set)") + ", anchorerKeyFile=" + anchorerKeyFile + "]";
        }

        static Chain from(Config c) {
            String keyFile = c.getString("anchorer-key-file");
            Chain chain = new Chain(c.getString("rpc-url"), c.getLong("chain-id"), c.getString("evidence-anchor"),
                    c.getString("anchorer-key"), keyFile.isEmpty() ? null : Path.of(keyFile).toAbsolutePath(),
                    c.getInt("confirmations"), c.getDuration("poll-interval"), c.getInt("replace-after-blocks"),
                    c.getDuration("rpc-timeout"), c.getDuration("retry-min-backoff"), c.getDuration("retry-max-backoff"),
                    c.getDuration("block-time"), c.getDuration("max-block-lag"), c.getInt("stall-blocks"),
                    c.getDuration("max-batch-age"), c.getInt("max-backlog"), c.getInt("submit-window"),
                    c.getInt("max-open-batches"));
            if (chain.enabled()) {
                if (!chain.evidenceAnchor.matches("0x[0-9a-fA-F]{40}")) {
                    throw new IllegalArgumentException("writ.chain.evidence-anchor must be a 0x-prefixed contract address when"
                            + " writ.chain.rpc-url is set, got '" + chain.evidenceAnchor + "'");
                }
                if (chain.anchorerKey.isEmpty() == (chain.anchorerKeyFile == null)) {
                    throw new IllegalArgumentException("set exactly one of writ.chain.anchorer-key and writ.chain.anchorer-key-file");
                }
                if (chain.maxOpenBatches < 1) {
                    throw new IllegalArgumentException("writ.chain.max-open-batches must be at least 1, got " + chain.maxOpenBatches);
                }
                if (chain.chainId <= 0) {
                    throw new IllegalArgumentException("writ.chain.chain-id must be positive, got " + chain.chainId);
                }
            }
            return chain;
        }
    }

    /** Whether proposals must carry an agent certificate (reference.conf, writ.identity.agent-certificates). */
    public enum AgentCertificates { OPTIONAL, REQUIRED }

    /** Whether redemptions and outcome reports must be a certified PEP's (writ.identity.pep-credentials). */
    public enum PepCredentials { OPTIONAL, REQUIRED }

    /**
     * Agent identity: the domain CA the node trusts and issues from, and the on-chain
     * AgentRegistry it checks agents against.
     *
     * @param caDir        the CA directory (`writ ca init`), or null when the node has no CA
     * @param registry     the on-chain AgentRegistry, or null when no chain is configured
     * @param verifiedChainCache how many verified agent certificate chains are kept, and as many PEP chains (0: none)
     * @param pepCredentials     whether PEPs must authenticate their redemptions and outcome reports
     */
    public record Identity(AgentCertificates agentCertificates, Path caDir, Duration agentCertificateValidity,
                           int maxChainLength, int maxCertificateBytes, Registry registry,
                           OperatorCredentials operatorCredentials, List<Operator> operators, Duration operatorClockSkew,
                           int operatorNonceCapacity, int ocspMaxCertificates, int verifiedChainCache,
                           PepCredentials pepCredentials) {
    }

    /**
     * HTTPS on the API (writ.http.tls): with the node certificate of its Artery TLS stores, and
     * whether agents are asked for a client certificate at the handshake.
     */
    public record HttpTls(boolean enabled, ClientAuth clientAuth) {
    }

    /** Whether the HTTPS API asks clients for a certificate: not at all, optionally, or always. */
    public enum ClientAuth { NONE, WANT, NEED }

    /** Whether admin requests must carry an operator credential (writ.identity.operator-credentials). */
    public enum OperatorCredentials { OPTIONAL, REQUIRED }

    /** An operator who may call the admin endpoints, and the public key their requests verify with. */
    public record Operator(String id, String publicKeyPem) {
        /** This operator as one element of writ.identity.operators, in HOCON. */
        public String hocon() {
            return ConfigValueFactory.fromMap(Map.of("id", id, "public-key-pem", publicKeyPem))
                    .render(ConfigRenderOptions.concise());
        }
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

    /** Where the policy in force comes from (`writ.policy.source`). */
    public enum PolicySourceKind { FILE, CHAIN }

    /** The PolicyRegistry a chain policy source reads (`writ.policy.chain`), on the chain of {@link Chain}. */
    public record PolicyChain(String registryAddress, Duration checkInterval, Duration maxStaleness) {
    }

    /** A person who may approve ESCALATE decisions, and the public key their approvals verify with. */
    public record Approver(String id, String publicKeyPem) {
    }

    private static int riskScore(int v) {
        if (v < 0 || v > 101) {
            throw new IllegalArgumentException("writ.health.degraded-escalate-risk-at-least must be 0..101, got " + v);
        }
        return v;
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
        requireMutualTlsBetweenMembers(root);
        return new NodeSettings(
                nodeId,
                domain,
                dataDir,
                c.getDuration("node.clock-offset"),
                c.getString("http.host"),
                c.getInt("http.port"),
                (int) c.getBytes("http.max-body-size").longValue(),
                c.getInt("http.max-in-flight"),
                c.getInt("http.max-reads-in-flight"),
                Overload.from(c),
                httpTls(root),
                new Journal(url, j.getString("user"), j.getString("password"),
                        j.getInt("max-connections"), j.getBoolean("create-schema")),
                c.getInt("evidence.lanes"),
                c.getInt("evidence.max-batch"),
                keyFile.isEmpty() ? dataDir.resolve("node-key.pem") : Path.of(keyFile).toAbsolutePath(),
                c.getString("policy.file"),
                positive(c, "policy.reload-check-interval"),
                policySource(c),
                new PolicyChain(c.getString("policy.chain.registry-address"), positive(c, "policy.chain.check-interval"),
                        positive(c, "policy.chain.max-staleness")),
                c.getDuration("ask-timeout"),
                c.getDuration("redemption.clock-skew"),
                positive(c, "redemption.possession-max-age"),
                c.getDuration("revocation.propagation-timeout"),
                c.getDuration("revocation.staleness-bound"),
                c.getDuration("revocation.poll-interval"),
                c.getDuration("revocation.poll-timeout"),
                c.getDuration("revocation.claim-warning-interval"),
                c.getDuration("expiry.sweep-interval"),
                c.getDuration("expiry.grace"),
                c.getDuration("health.check-interval"),
                healthStaleAfter(c.getConfig("health")),
                c.getDuration("anchoring.seal-interval"),
                c.getInt("anchoring.max-records"),
                c.getDuration("approvals.timeout"),
                c.getConfigList("approvals.approvers").stream()
                        .map(a -> new Approver(a.getString("id"), a.getString("public-key-pem")))
                        .toList(),
                c.getInt("cluster.min-members"),
                Chain.from(c.getConfig("chain")),
                riskScore(c.getInt("health.degraded-escalate-risk-at-least")),
                identity(c.getConfig("identity"), c.getConfig("chain")),
                Admission.from(c),
                Budgets.from(c),
                Regions.from(c));
    }

    /** A period the node schedules work on: zero or less would mean never, or a busy loop. */
    private static Duration positive(Config writ, String path) {
        Duration d = writ.getDuration(path);
        if (d.isZero() || d.isNegative()) {
            throw new IllegalArgumentException("writ." + path + " must be positive, got " + d);
        }
        return d;
    }

    /**
     * Members talk only over Artery TLS with mutual authentication, unless writ.cluster.mutual-tls =
     * optional says this is a trial. A node that joins others (writ.cluster.seed-nodes) needs it; so
     * does a node that forms a cluster of its own but listens beyond loopback, since anyone who
     * reaches its Artery port could otherwise join it in the clear.
     */
    private static void requireMutualTlsBetweenMembers(Config root) {
        Config cluster = root.getConfig("writ.cluster");
        String mode = cluster.getString("mutual-tls");
        if (!mode.equals("required") && !mode.equals("optional")) {
            throw new IllegalArgumentException("writ.cluster.mutual-tls is 'required' or 'optional', got '" + mode + "'");
        }
        String transport = root.hasPath("pekko.remote.artery.transport") ? root.getString("pekko.remote.artery.transport") : "tcp";
        String mutual = "pekko.remote.artery.ssl.config-ssl-engine.require-mutual-authentication";
        if (mode.equals("optional") || transport.equals("tls-tcp") && root.hasPath(mutual) && root.getBoolean(mutual)) {
            return;
        }
        String howTo = "; include the <node>-tls.conf that `writ ca node-tls --ca <dir> --node-id <id> --out <dir>`"
                + " writes (or writ.cluster.mutual-tls = optional, for a trial only)";
        if (!cluster.getStringList("seed-nodes").isEmpty()) {
            throw new IllegalArgumentException("writ.cluster.mutual-tls = required (the default): a node that joins a"
                    + " cluster (writ.cluster.seed-nodes) talks to its members over Artery TLS with mutual authentication,"
                    + " but pekko.remote.artery.transport is '" + transport + "'" + howTo);
        }
        String listens = arteryBindHost(root);
        if (!isLoopback(listens)) {
            throw new IllegalArgumentException("writ.cluster.mutual-tls = required (the default): this node forms a"
                    + " cluster of its own, but Artery listens on '" + listens + "' over " + transport + " without mutual"
                    + " authentication, so anyone who reaches that port could join it; listen on 127.0.0.1 only"
                    + " (pekko.remote.artery.canonical.hostname) or use Artery TLS" + howTo);
        }
    }

    /** Where Artery listens: bind.hostname when set, else canonical.hostname ("" or a placeholder: not loopback). */
    private static String arteryBindHost(Config root) {
        String bind = "pekko.remote.artery.bind.hostname";
        String canonical = "pekko.remote.artery.canonical.hostname";
        if (root.hasPath(bind) && !root.getString(bind).isEmpty()) {
            return root.getString(bind);
        }
        return root.hasPath(canonical) ? root.getString(canonical) : "";
    }

    /** Loopback by name or as an IP literal; nothing is resolved. */
    private static boolean isLoopback(String host) {
        return host.equals("localhost") || host.matches("127(\\.\\d{1,3}){3}") || host.equals("::1") || host.equals("[::1]");
    }

    private static HttpTls httpTls(Config root) {
        Config tls = root.getConfig("writ.http.tls");
        String mode = tls.getString("client-auth");
        ClientAuth clientAuth = switch (mode) {
            case "none" -> ClientAuth.NONE;
            case "want" -> ClientAuth.WANT;
            case "need" -> ClientAuth.NEED;
            default -> throw new IllegalArgumentException("writ.http.tls.client-auth is none, want or need, got '" + mode + "'");
        };
        boolean enabled = tls.getBoolean("enabled");
        String transport = "pekko.remote.artery.transport";
        if (enabled && !(root.hasPath(transport) && root.getString(transport).equals("tls-tcp"))) {
            throw new IllegalArgumentException("writ.http.tls.enabled = on serves the API with the node certificate of its"
                    + " Artery TLS stores, but the node has none (" + transport + " is not tls-tcp); include the"
                    + " <node>-tls.conf that `writ ca node-tls --ca <dir> --node-id <id> --out <dir>` writes");
        }
        return new HttpTls(enabled, clientAuth);
    }

    private static Duration healthStaleAfter(Config health) {
        Duration interval = health.getDuration("check-interval");
        Duration staleAfter = health.getDuration("stale-after");
        if (staleAfter.compareTo(interval.multipliedBy(2)) < 0) {
            throw new IllegalArgumentException("writ.health.stale-after (" + staleAfter + ") must be at least twice"
                    + " writ.health.check-interval (" + interval + "), or every ordinary delay of a check fails the node");
        }
        return staleAfter;
    }

    private static PolicySourceKind policySource(Config c) {
        String source = c.getString("policy.source");
        PolicySourceKind kind = switch (source) {
            case "file" -> PolicySourceKind.FILE;
            case "chain" -> PolicySourceKind.CHAIN;
            default -> throw new IllegalArgumentException("writ.policy.source must be file or chain, got '" + source + "'");
        };
        if (kind == PolicySourceKind.CHAIN) {
            if (c.getString("chain.rpc-url").isEmpty()) {
                throw new IllegalArgumentException("writ.policy.source = chain needs writ.chain.rpc-url");
            }
            if (!c.getString("policy.chain.registry-address").matches("0x[0-9a-fA-F]{40}")) {
                throw new IllegalArgumentException("writ.policy.source = chain needs writ.policy.chain.registry-address, a 0x address; got '"
                        + c.getString("policy.chain.registry-address") + "'");
            }
        }
        return kind;
    }

    private static Identity identity(Config i, Config chainConfig) {
        AgentCertificates required = mode(i, "agent-certificates", AgentCertificates.class);
        String caDir = i.getString("ca-dir");
        if (required == AgentCertificates.REQUIRED && caDir.isEmpty()) {
            throw new IllegalArgumentException("writ.identity.agent-certificates = required (the default) needs"
                    + " writ.identity.ca-dir, the domain's CA from `writ ca init --domain <domain> --out <dir>`"
                    + " (or agent-certificates = optional, for a trial only)");
        }
        PepCredentials peps = mode(i, "pep-credentials", PepCredentials.class);
        if (peps == PepCredentials.REQUIRED && caDir.isEmpty()) {
            throw new IllegalArgumentException("writ.identity.pep-credentials = required (the default) needs"
                    + " writ.identity.ca-dir, the domain's CA that certifies its PEPs"
                    + " (or pep-credentials = optional, for a trial only)");
        }
        Config r = i.getConfig("agent-registry");
        boolean chain = !r.getString("address").isEmpty();
        if (chain && chainConfig.getString("rpc-url").isEmpty()) {
            throw new IllegalArgumentException("writ.identity.agent-registry.address needs writ.chain.rpc-url");
        }
        OperatorCredentials operators = mode(i, "operator-credentials", OperatorCredentials.class);
        List<Operator> known = i.getConfigList("operators").stream()
                .map(o -> new Operator(o.getString("id"), o.getString("public-key-pem"))).toList();
        if (operators == OperatorCredentials.REQUIRED && known.isEmpty()) {
            throw new IllegalArgumentException("writ.identity.operator-credentials = required (the default) needs"
                    + " writ.identity.operators, e.g. from `writ ca operator --id <id> --key-out <file>`"
                    + " (or operator-credentials = optional, for a trial only)");
        }
        int nonceCapacity = i.getInt("operator-nonce-capacity");
        if (nonceCapacity < 1) {
            throw new IllegalArgumentException("writ.identity.operator-nonce-capacity must be at least 1, got " + nonceCapacity);
        }
        int ocspMax = i.getInt("ocsp-max-certificates");
        if (ocspMax < 1) {
            throw new IllegalArgumentException("writ.identity.ocsp-max-certificates must be at least 1, got " + ocspMax);
        }
        return new Identity(required, caDir.isEmpty() ? null : Path.of(caDir).toAbsolutePath(),
                i.getDuration("agent-certificate-validity"), i.getInt("max-chain-length"),
                (int) i.getBytes("max-certificate-size").longValue(),
                chain ? new Registry(chainConfig.getString("rpc-url"), chainConfig.getLong("chain-id"), r.getString("address"),
                        r.getDuration("status-cache")) : null,
                operators, known, i.getDuration("operator-clock-skew"), nonceCapacity, ocspMax,
                notNegative(i, "verified-chain-cache"), peps);
    }

    /** A writ.identity mode, 'optional' or 'required', as {@code type}'s OPTIONAL or REQUIRED. */
    private static <E extends Enum<E>> E mode(Config identity, String path, Class<E> type) {
        String mode = identity.getString(path);
        return switch (mode) {
            case "optional" -> Enum.valueOf(type, "OPTIONAL");
            case "required" -> Enum.valueOf(type, "REQUIRED");
            default -> throw new IllegalArgumentException(
                    "writ.identity." + path + " is 'optional' or 'required', got '" + mode + "'");
        };
    }

    private static int notNegative(Config identity, String path) {
        int n = identity.getInt(path);
        if (n < 0) {
            throw new IllegalArgumentException("writ.identity." + path + " must not be negative, got " + n);
        }
        return n;
    }
}

package dev.writ.node;

import com.typesafe.config.Config;
import com.zaxxer.hikari.HikariDataSource;
import dev.writ.node.admission.AdmissionService;
import dev.writ.node.admission.ApprovalEntity;
import dev.writ.node.admission.Approvals;
import dev.writ.node.anchoring.Anchoring;
import dev.writ.node.anchoring.ChainAnchoring;
import dev.writ.node.api.HttpApi;
import dev.writ.node.budget.BudgetEntity;
import dev.writ.node.admission.Budgets;
import dev.writ.node.bundles.WritRecords;
import dev.writ.node.evidence.Dialect;
import dev.writ.node.evidence.EvidenceLog;
import dev.writ.node.evidence.EvidenceStore;
import dev.writ.node.evidence.KeyDirectory;
import dev.writ.node.exchange.DomainResolutions;
import dev.writ.node.exchange.Exchange;
import dev.writ.node.exchange.ExchangeSettings;
import dev.writ.node.exchange.PartnerDomains;
import dev.writ.node.exchange.ReconciliationQuery;
import dev.writ.node.expiry.ExpirySweeper;
import dev.writ.node.health.CertificateWatch;
import dev.writ.node.health.HealthMonitor;
import dev.writ.node.health.HealthState;
import dev.writ.node.identity.AgentAuthentication;
import dev.writ.authority.ca.CertificateAuthority;
import dev.writ.node.identity.CertificateIssuance;
import dev.writ.node.identity.HttpsApiContext;
import dev.writ.node.identity.OcspResponder;
import dev.writ.node.identity.NodeIdentity;
import dev.writ.node.keys.DomainKeyCache;
import dev.writ.node.keys.NodeKeys;
import dev.writ.node.metrics.NodeMetrics;
import dev.writ.node.outcome.OutcomeService;
import dev.writ.node.persistence.JournalConfig;
import dev.writ.node.policy.PolicySource;

import dev.writ.node.redemption.Contracts;
import dev.writ.node.redemption.RedemptionService;
import dev.writ.node.revocation.RevocationLedger;
import dev.writ.node.revocation.RevocationService;
import dev.writ.node.revocation.RevocationSnapshot;
import dev.writ.node.revocation.RevocationView;
import dev.writ.node.writs.WritEntity;
import dev.writ.protocol.crypto.SigningKey;
import java.nio.file.Files;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.pubsub.Topic;
import org.apache.pekko.cluster.sharding.typed.javadsl.ClusterSharding;
import org.apache.pekko.cluster.typed.Cluster;
import org.apache.pekko.cluster.typed.Join;
import org.apache.pekko.cluster.sharding.typed.javadsl.Entity;
import org.apache.pekko.dispatch.ExecutionContexts;
import org.apache.pekko.http.javadsl.Http;
import org.apache.pekko.http.javadsl.ServerBinding;
import org.apache.pekko.http.javadsl.ServerBuilder;
import org.apache.pekko.persistence.jdbc.testkit.javadsl.SchemaUtils;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One broker node, started: the actor system joined to its cluster, the schema in place, the
 * sharded entities registered, the HTTP API bound. {@link #close()} stops it all, in reverse.
 */
public final class Node implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Node.class);

    private final ActorSystem<Void> system;
    private final HikariDataSource pool;
    private final EvidenceLog evidence;
    private final ExecutorService blocking;
    private final ServerBinding binding;
    private final NodeContext ctx;

    private Node(ActorSystem<Void> system, HikariDataSource pool, EvidenceLog evidence, ExecutorService blocking,
                 ServerBinding binding, NodeContext ctx) {
        this.system = system;
        this.pool = pool;
        this.evidence = evidence;
        this.blocking = blocking;
        this.binding = binding;
        this.ctx = ctx;
    }

    public static Node start(Config config) throws Exception {
        NodeSettings settings = NodeSettings.from(config);
        Files.createDirectories(settings.dataDir());
        Clock clock = new NodeClock(Clock.systemUTC(), settings.clockOffset());
        HikariDataSource pool = JournalConfig.openPool(settings.journal(), "writ-" + settings.nodeId());
        ActorSystem<Void> system = null;
        EvidenceLog evidence = null;
        ExecutorService blocking = Executors.newFixedThreadPool(settings.journal().maxConnections());
        try {
            Dialect dialect = Dialect.fromJdbcUrl(settings.journal().url());
            EvidenceStore store = new EvidenceStore(pool, dialect, settings.askTimeout(), Duration.ofSeconds(1));
            SigningKey key = NodeKeys.loadOrCreate(settings.nodeKeyFile());
            KeyDirectory directory = new KeyDirectory(pool, dialect, clock);
            PolicySource policy = PolicySources.open(settings);
            // Each domain is a Pekko data center: its sharding, singletons and split-brain decisions stay
            // inside the domain, and another domain's membership never decides anything here (invariant 8).
            Config full = JournalConfig.pekkoOverlay(settings.journal())
                    .withFallback(com.typesafe.config.ConfigFactory.parseMap(java.util.Map.of(
                            "pekko.cluster.multi-data-center.self-data-center", settings.domain())))
                    .withFallback(config);
            system = ActorSystem.create(Behaviors.empty(), "writ", full);
            NodeIdentity identity = NodeIdentity.open(settings.identity(), blocking);
            system.getWhenTerminated().thenRun(identity::close);
            if (settings.journal().createSchema()) {
                store.createSchema();
                createJournalSchema(system);
            }
            directory.register(settings.domain(), settings.nodeId(), key.verifyingKey(), "node");
            evidence = new EvidenceLog(store, key, settings.domain(), settings.nodeId(), settings.evidenceLanes(),
                    settings.evidenceMaxBatch(), clock);
            if (full.getStringList("pekko.cluster.seed-nodes").isEmpty()) {
                // No seeds configured: this node is a cluster of its own (single-node and embedded use).
                Cluster.get(system).manager().tell(Join.create(Cluster.get(system).selfMember().address()));
            }
            ClusterSharding sharding = ClusterSharding.get(system);
            NodeMetrics metrics = new NodeMetrics();
            HealthState health = new HealthState(settings.healthStaleAfter());
            AtomicReference<RevocationSnapshot> revocations = new AtomicReference<>(RevocationSnapshot.NONE);
            ExchangeSettings exchange = ExchangeSettings.from(full.getConfig("writ"));
            NodeContext ctx = new NodeContext(settings, clock, key, evidence, store,
                    new DomainKeyCache(directory, settings.domain(), clock), policy, revocations, health,
                    new PartnerDomains(exchange, settings.domain(), clock), metrics, system, sharding, blocking);
            EvidenceLog log = evidence;
            metrics.watch(health::get, () -> log.stats().recordsWritten(), () -> log.stats().batchesWritten(),
                    () -> log.stats().failedBatches());

            sharding.init(Entity.of(WritEntity.TYPE_KEY, e -> WritEntity.create(e.getEntityId(), settings.nodeId())));
            sharding.init(Entity.of(ApprovalEntity.TYPE_KEY, e -> ApprovalEntity.create(e.getEntityId())));
            BudgetEntity.init(sharding);
            RevocationLedger ledger = new RevocationLedger(pool, settings.domain());
            var topic = system.systemActorOf(Topic.create(RevocationView.EntryPublished.class,
                    RevocationView.topicName(settings.domain())), "revocation-topic", org.apache.pekko.actor.typed.Props.empty());
            system.systemActorOf(RevocationView.create(settings.nodeId(), settings.domain(),
                    ledger, blocking, topic.narrow(), revocations,
                    clock, settings.revocationPollInterval(), settings.revocationPollTimeout()), "revocation-view",
                    org.apache.pekko.actor.typed.Props.empty());

            Approvals approvals = new Approvals(ctx);
            Contracts contracts = new Contracts(ctx);
            Anchoring anchoring = Anchoring.start(ctx, pool);
            Optional<ChainAnchoring> chain = ChainAnchoring.start(ctx, pool);
            chain.ifPresent(c -> metrics.watchChain(c::status));
            AgentAuthentication agents = new AgentAuthentication(identity);
            Exchange partners = Exchange.start(ctx, exchange, pool, ledger);
            HttpApi api = new HttpApi(ctx,
                    new AdmissionService(ctx, new Budgets(ctx), approvals, contracts, agents),
                    approvals,
                    new RedemptionService(ctx, contracts, agents, partners.writs()),
                    new OutcomeService(ctx),
                    new RevocationService(ctx, ledger, topic.narrow(), partners::publishNow),
                    new WritRecords(ctx, anchoring),
                    new CertificateIssuance(ctx, identity),
                    new OcspResponder(ctx, identity),
                    new ReconciliationQuery(partners.endpoint(), system, settings.askTimeout()),
                    new DomainResolutions(ctx));
            system.scheduler().scheduleWithFixedDelay(Duration.ZERO, settings.healthCheckInterval(),
                    new HealthMonitor(ctx, () -> chain.map(ChainAnchoring::status), CertificateWatch.of(
                            identity.ca().map(CertificateAuthority::chain).orElse(java.util.List.of()), full)),
                    ExecutionContexts.fromExecutor(blocking));
            system.scheduler().scheduleWithFixedDelay(settings.expirySweepInterval(), settings.expirySweepInterval(),
                    new ExpirySweeper(ctx), ExecutionContexts.fromExecutor(blocking));
            ServerBuilder server = Http.get(system).newServerAt(settings.httpHost(), settings.httpPort());
            if (settings.httpTls().enabled()) {
                server = server.enableHttps(HttpsApiContext.create(full.getConfig("pekko.remote.artery.ssl.config-ssl-engine"),
                        settings.httpTls().clientAuth()));
            }
            ServerBinding binding = server.bind(api::apply)
                    .toCompletableFuture()
                    .get(30, TimeUnit.SECONDS);
            LOG.info("Node {} of domain {} serves {} (cluster address {}, journal {})", settings.nodeId(),
                    settings.domain(), binding.localAddress(), system.address(), settings.journal().url());
            return new Node(system, pool, evidence, blocking, binding, ctx);
        } catch (Exception | Error e) {
            if (system != null) {
                system.terminate();
                system.getWhenTerminated().toCompletableFuture().get(30, TimeUnit.SECONDS);
            }
            if (evidence != null) {
                evidence.close();
            }
            blocking.shutdownNow();
            pool.close();
            throw e;
        }
    }

    /**
     * The journal's tables, created by the plugin's own DDL. Nodes starting together can race on
     * PostgreSQL's catalog; the loser finds the tables there on its next attempt.
     */
    private static void createJournalSchema(ActorSystem<Void> system) throws Exception {
        for (int attempt = 1; ; attempt++) {
            try {
                SchemaUtils.createIfNotExists(system).toCompletableFuture().get(30, TimeUnit.SECONDS);
                return;
            } catch (java.util.concurrent.ExecutionException e) {
                if (attempt == 3) {
                    throw e;
                }
                LOG.warn("Creating the journal schema failed ({}); trying again", e.getCause().getMessage());
                Thread.sleep(200L * attempt);
            }
        }
    }

    public NodeContext context() {
        return ctx;
    }

    public int httpPort() {
        return binding.localAddress().getPort();
    }

    public ActorSystem<Void> system() {
        return system;
    }

    @Override
    public void close() throws Exception {
        binding.unbind().toCompletableFuture().get(10, TimeUnit.SECONDS);
        system.terminate();
        system.getWhenTerminated().toCompletableFuture().get(30, TimeUnit.SECONDS);
        evidence.close();
        blocking.shutdownNow();
        pool.close();
    }
}

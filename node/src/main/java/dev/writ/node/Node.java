package dev.writ.node;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import com.zaxxer.hikari.HikariDataSource;
import dev.writ.authority.ca.CertificateAuthority;
import dev.writ.node.admission.AdmissionService;
import dev.writ.node.admission.ApprovalEntity;
import dev.writ.node.admission.Approvals;
import dev.writ.node.admission.Budgets;
import dev.writ.node.admission.ProposalClaims;
import dev.writ.node.anchoring.Anchoring;
import dev.writ.node.anchoring.ChainAnchoring;
import dev.writ.node.api.ApiRouter;
import dev.writ.node.api.NodeApi;
import dev.writ.node.budget.BudgetEntity;
import dev.writ.node.anchoring.AnchorStore;
import dev.writ.node.budget.BudgetEscrow;
import dev.writ.node.budget.BudgetWarmUp;
import dev.writ.node.bundles.StoryParts;
import dev.writ.node.bundles.WritRecords;
import dev.writ.node.config.NodeSettings;
import dev.writ.node.config.Regions;
import dev.writ.node.console.AnchoringSpend;
import dev.writ.node.console.ConsoleServer;
import dev.writ.node.console.ConsoleSettings;
import dev.writ.node.dispatch.BoundedExecutor;
import dev.writ.node.evidence.Dialect;
import dev.writ.node.evidence.EvidenceLog;
import dev.writ.node.evidence.EvidenceStore;
import dev.writ.node.evidence.KeyDirectory;
import dev.writ.node.exchange.DomainResolutions;
import dev.writ.node.exchange.Exchange;
import dev.writ.node.exchange.ExchangeSettings;
import dev.writ.node.exchange.PartnerDomains;
import dev.writ.node.exchange.PartnersFile;
import dev.writ.node.exchange.PartnerStoryParts;
import dev.writ.node.exchange.ReconciliationQuery;
import dev.writ.node.expiry.ExpirySweeper;
import dev.writ.node.health.HealthPeer;
import dev.writ.node.health.HealthState;
import dev.writ.node.identity.AgentAuthentication;
import dev.writ.node.identity.PepAuthentication;
import dev.writ.node.identity.CertificateIssuance;
import dev.writ.node.identity.HttpsApiContext;
import dev.writ.node.identity.MemberCertification;
import dev.writ.node.identity.NodeIdentity;
import dev.writ.node.identity.OcspResponder;
import dev.writ.node.keys.DomainKeyCache;
import dev.writ.node.keys.MemberSeals;
import dev.writ.node.keys.NodeKeys;
import dev.writ.node.metrics.NodeMetrics;
import dev.writ.node.monitor.CertificateWatch;
import dev.writ.node.monitor.DowningWatch;
import dev.writ.node.monitor.HealthMonitor;
import dev.writ.node.outcome.OutcomeService;
import dev.writ.node.persistence.JournalConfig;
import dev.writ.node.policy.PolicySource;
import dev.writ.node.redemption.PartnerWrits;
import dev.writ.node.redemption.RedemptionService;
import dev.writ.node.refusal.RefusalEvidence;
import dev.writ.node.revocation.RevocationLedger;
import dev.writ.node.revocation.RevocationReach;
import dev.writ.node.revocation.RevocationService;
import dev.writ.node.revocation.RevocationState;
import dev.writ.node.revocation.RevocationView;
import dev.writ.node.sharding.CoordinatorMailboxes;
import dev.writ.node.sharding.ShardFences;
import dev.writ.node.singleton.Singletons;
import dev.writ.node.siem.Siem;
import dev.writ.node.siem.SiemSettings;
import dev.writ.node.writs.Contracts;
import dev.writ.protocol.crypto.SigningKey;
import dev.writ.protocol.writ.WritIssuer;
import java.nio.file.Files;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.function.IntSupplier;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.DispatcherSelector;
import org.apache.pekko.actor.typed.Props;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.pubsub.Topic;
import org.apache.pekko.cluster.MemberStatus;
import org.apache.pekko.cluster.sharding.typed.javadsl.ClusterSharding;
import org.apache.pekko.cluster.typed.Cluster;
import org.apache.pekko.cluster.typed.Join;
import org.apache.pekko.dispatch.ExecutionContexts;
import org.apache.pekko.http.javadsl.Http;
import org.apache.pekko.http.javadsl.HttpTerminated;
import org.apache.pekko.http.javadsl.ServerBinding;
import org.apache.pekko.http.javadsl.ServerBuilder;
import org.apache.pekko.persistence.jdbc.testkit.javadsl.SchemaUtils;
import org.apache.pekko.stream.Materializer;
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
    private final ServerBinding binding;
    private final EvidenceStore store;
    private final PartnerDomains partners;
    private final MemberSeals seals;
    /** How long requests in flight get to be answered when the node stops: the ask timeout bounds each (D67). */
    private final Duration drain;
    private final Optional<Integer> consolePort;
    private CompletableFuture<HttpTerminated> apiStopped;

    private Node(ActorSystem<Void> system, HikariDataSource pool, EvidenceLog evidence, ServerBinding binding,
                 EvidenceStore store, PartnerDomains partners, MemberSeals seals, Duration drain,
                 Optional<Integer> consolePort) {
        this.system = system;
        this.pool = pool;
        this.evidence = evidence;
        this.binding = binding;
        this.store = store;
        this.partners = partners;
        this.seals = seals;
        this.drain = drain;
        this.consolePort = consolePort;
    }

    /**
     * The wiring diagram of a node: each service is built here with exactly what it needs, in the
     * order they depend on each other (stores and views first, then the pipelines, then the edge).
     */
    public static Node start(Config config) throws Exception {
        NodeSettings settings = NodeSettings.from(config);
        Files.createDirectories(settings.dataDir());
        Clock clock = new NodeClock(Clock.systemUTC(), settings.clockOffset());
        HikariDataSource pool = JournalConfig.openPool(settings.journal(), "writ-" + settings.nodeId());
        ActorSystem<Void> system = null;
        EvidenceLog evidence = null;
        try {
            // Stores: the domain's database, the node's key, the policy.
            Dialect dialect = Dialect.fromJdbcUrl(settings.journal().url());
            EvidenceStore store = new EvidenceStore(pool, dialect, settings.askTimeout(), Duration.ofSeconds(1));
            SigningKey nodeKey = NodeKeys.loadOrCreate(settings.nodeKeyFile());
            KeyDirectory directory = new KeyDirectory(pool, dialect, clock);
            ProposalClaims claims = new ProposalClaims(pool, settings.domain(), clock,
                    settings.admission().claimRetention(), settings.askTimeout());
            PolicySource policy = PolicySources.open(settings);

            // The cluster. Each domain is a Pekko data center: its sharding, singletons and split-brain
            // decisions stay inside the domain, and another domain's membership never decides anything here (invariant 8).
            // A region is a cluster role within the domain's data center (D78).
            Config full = JournalConfig.pekkoOverlay(settings.journal())
                    .withFallback(ConfigFactory.parseMap(Map.of(
                            "pekko.cluster.multi-data-center.self-data-center", settings.domain(),
                            "pekko.cluster.roles", withRegionRole(config, settings.regions()))))
                    // every sharded type's coordinator and its manager behind the node's fenced mailboxes
                    .withFallback(CoordinatorMailboxes.deployment(settings.regions().names().stream()
                            .flatMap(region -> Stream.of(BudgetEntity.typeKey(settings.regions(), region).name(),
                                    ApprovalEntity.typeKey(settings.regions(), region).name()))
                            .distinct().toList()))
                    .withFallback(config);
            system = ActorSystem.create(Behaviors.empty(), "writ", full);
            // Three pools, so a flood of one kind of work never queues another (docs/decisions.md, D38):
            // commands' blocking work, the node's own upkeep, and request-driven reads (bounded).
            Executor blocking = dispatcher(system, "blocking");
            Executor upkeep = dispatcher(system, "upkeep");
            Executor reads = boundedReads(system, full);
            Executor continuations = system.executionContext();
            NodeIdentity identity = NodeIdentity.open(settings.identity(), blocking);
            system.getWhenTerminated().thenRun(identity::close);
            if (settings.journal().createSchema()) {
                store.createSchema();
                createJournalSchema(system);
            }
            directory.register(settings.domain(), settings.nodeId(), nodeKey.verifyingKey(), "node");
            DomainKeyCache domainKeys = new DomainKeyCache(directory, settings.domain(), clock);
            // Commands to the domain's sharded entities are sealed with the node key and checked against the
            // domain's key directory: membership lets any data center's member address them (trust-model.md).
            MemberSeals seals = new MemberSeals(nodeKey, settings.nodeId(), settings.domain(), domainKeys::nodeKey,
                    clock);
            evidence = new EvidenceLog(store, nodeKey, settings.domain(), settings.nodeId(), settings.evidenceLanes(),
                    settings.evidenceMaxBatch(), clock, continuations);
            if (full.getStringList("pekko.cluster.seed-nodes").isEmpty()) {
                // No seeds configured: this node is a cluster of its own (single-node and embedded use).
                Cluster.get(system).manager().tell(Join.create(Cluster.get(system).selfMember().address()));
            }
            ClusterSharding sharding = ClusterSharding.get(system);
            // A coordinator takes a shard region from any member: only the domain's own members are allotted its
            // shards, whatever another domain's member registers (trust-model.md, D97).
            ShardFences fences = new ShardFences(system, sharding);
            ApprovalEntity.init(sharding, fences, settings.regions(), seals);
            BudgetEntity.init(sharding, fences, settings.regions(), seals);

            // Live views every pipeline reads without a round trip: health, revocations, partner domains.
            NodeMetrics metrics = new NodeMetrics();
            EvidenceLog log = evidence;
            HealthState health = new HealthState(settings.nodeId(), settings.healthStaleAfter(), log::reachable);
            metrics.watchHealth(health::get);
            // Any member can mark this domain's members Down; one downed while reachable is logged and counted.
            DowningWatch downs = new DowningWatch();
            system.systemActorOf(downs.behavior(), "downing-watch", Props.empty());
            metrics.state().watchUnexplainedDowns(downs::unexplained);
            // Any member can ask a singleton's manager to hand it over: the one running it ignores it and counts it.
            metrics.state().watchRefusedHandOvers(Singletons.get(system)::refusedHandOvers);
            // Answers this node's health to the consoles of its domain's other nodes (D72).
            system.systemActorOf(HealthPeer.create(settings.nodeId(), settings.domain(), health::get), "health-peer",
                    Props.empty());
            MetricsSources.evidence(metrics.state(), evidence);
            RevocationState revocations = new RevocationState(settings.nodeId(), clock, settings.revocationStalenessBound(),
                    metrics.state()::revocationSeen);
            MetricsSources.revocations(metrics.state(), revocations, clock);
            RevocationLedger ledger = new RevocationLedger(pool, settings.domain());
            RevocationReach reach = new RevocationReach();
            ActorRef<Topic.Command<RevocationView.LedgerAppended>> topic = system.systemActorOf(Topic.create(
                    RevocationView.LedgerAppended.class, RevocationView.topicName(settings.domain())), "revocation-topic",
                    Props.empty());
            system.systemActorOf(RevocationView.create(settings.nodeId(), settings.domain(), ledger, upkeep, topic,
                    revocations, clock, settings.revocationPollInterval(), settings.revocationPollTimeout(),
                    settings.revocationClaimWarningInterval()),
                    RevocationView.NAME, Props.empty());
            ExchangeSettings exchangeSettings = ExchangeSettings.from(full.getConfig("writ"));
            PartnerDomains partners = new PartnerDomains(exchangeSettings, settings.domain(), clock);
            MetricsSources.partners(metrics.state(), partners, clock);
            // A partners file is checked again on the upkeep dispatcher: partners added or removed without a restart.
            if (exchangeSettings.partnersFile().isPresent()) {
                system.scheduler().scheduleWithFixedDelay(exchangeSettings.partnersFileCheckInterval(),
                        exchangeSettings.partnersFileCheckInterval(), new PartnersFile(exchangeSettings.partnersFile().get(),
                                settings.domain(), partners.roster()), ExecutionContexts.fromExecutor(upkeep));
            }

            // Background work: anchoring, the exchange with other domains.
            Anchoring anchoring = Anchoring.start(settings, clock, nodeKey, store, system, upkeep, pool);
            ChainAnchoring.Confirmed confirmedMetrics = MetricsSources.anchoring(metrics.state(), anchoring, clock);
            AnchoringSpend spend = new AnchoringSpend();
            Optional<ChainAnchoring> chain = ChainAnchoring.start(settings, clock, system, upkeep, pool,
                    (delay, gas, fee) -> {
                        confirmedMetrics.batch(delay, gas, fee);
                        spend.batch(delay, gas, fee);
                    });
            MetricsSources.chain(metrics.state(), chain, clock);
            StoryParts storyParts = new StoryParts(settings, clock, store, domainKeys, anchoring, nodeKey);
            Exchange exchange = Exchange.start(settings, exchangeSettings, clock, nodeKey, system, store, evidence, policy,
                    partners, upkeep, pool, ledger, storyParts);

            // The pipelines.
            AgentAuthentication agents = new AgentAuthentication(identity, settings.identity().verifiedChainCache());
            PepAuthentication peps = new PepAuthentication(identity, settings.identity().verifiedChainCache());
            WritIssuer issuer = new WritIssuer(nodeKey);
            Contracts contracts = new Contracts(store, settings.domain());
            Approvals approvals = new Approvals(settings, clock, health, revocations, partners, issuer, sharding, seals, evidence,
                    store, blocking, continuations);
            Optional<PartnerWrits> partnerWrits = exchange.keys().isEmpty() ? Optional.empty() : Optional.of(
                    new PartnerWrits(settings, clock, partners, exchange.keys().get(), system, blocking));
            Optional<PartnerStoryParts> partnerStories = exchange.keys().isEmpty() ? Optional.empty() : Optional.of(
                    new PartnerStoryParts(system, exchange.keys().get(), exchangeSettings, partners.roster(),
                            settings.askTimeout(), blocking));
            BudgetEscrow escrow = new BudgetEscrow(MetricsSources.counted(BudgetEntity.owner(sharding, settings.regions(),
                    seals, settings.nodeId(), settings.budgets().grantTimeout(), continuations), metrics.state()),
                    upMembers(system, settings.regions()), settings.budgets());
            MetricsSources.budgets(metrics.state(), escrow);
            metrics.state().watchMemberCommands(List.of(BudgetEntity.TYPE_KEY.name(), ApprovalEntity.TYPE_KEY.name()),
                    seals::refusedByEntityType);
            metrics.state().watchForeignShardRegions(fences::foreignRegionsByEntityType);
            WritRecords writs = new WritRecords(settings, clock, store, revocations, reads, storyParts, partnerStories,
                    partners.roster()::partners);
            // The operator console (off unless writ.console.enabled) on its own loopback port: its login codes are
            // issued by the API's admin route, to an operator whose credential holds (D72).
            ConsoleServer.Started console = ConsoleServer.start(ConsoleSettings.from(full.getConfig("writ")),
                    new ConsoleServer.Sources(settings.nodeId(), settings.domain(), store, new AnchorStore(pool), anchoring,
                            chain, spend, health, partners, revocations, reach, writs, settings.approvalTimeout(),
                            settings.askTimeout()),
                    clock, system, reads);
            NodeApi.Resources resources = new NodeApi.Resources(
                    new AdmissionService(settings, clock, health, revocations, partners, policy, agents,
                            new Budgets(escrow), approvals, issuer, evidence,
                            contracts, metrics, store, blocking, continuations),
                    approvals,
                    new RedemptionService(settings, clock, health, revocations, policy, domainKeys, agents, peps,
                            contracts, partnerWrits, nodeKey, evidence, metrics, blocking),
                    new OutcomeService(settings, clock, health, revocations, peps, store, evidence, blocking),
                    new RevocationService(settings, clock, health, system, evidence, blocking, ledger, topic,
                            exchange::publishNow, reach),
                    new DomainResolutions(settings, partners, evidence, system),
                    new CertificateIssuance(settings, clock, health, revocations, evidence, identity),
                    new OcspResponder(settings, clock, health, revocations, store, reads, identity),
                    writs,
                    new ReconciliationQuery(exchange.endpoint(), system, settings.askTimeout()),
                    health, partners, policy, domainKeys, metrics, console.login());

            // Work on a schedule, on the upkeep dispatcher: policy, health, members' certificates, expiry, proposal claims,
            // the SIEM export.
            system.scheduler().scheduleWithFixedDelay(policy.checkInterval(), policy.checkInterval(), policy::poll,
                    ExecutionContexts.fromExecutor(upkeep));
            system.scheduler().scheduleWithFixedDelay(Duration.ZERO, settings.healthCheckInterval(),
                    new HealthMonitor(settings, clock, health, store, evidence, revocations, policy, system,
                            () -> chain.map(ChainAnchoring::status), CertificateWatch.of(
                                    identity.ca().map(CertificateAuthority::chain).orElse(List.of()), full),
                            new BudgetWarmUp(sharding, settings.regions(), seals, settings.nodeId())),
                    ExecutionContexts.fromExecutor(upkeep));
            system.scheduler().scheduleWithFixedDelay(settings.healthCheckInterval(), settings.healthCheckInterval(),
                    new MemberCertification(system), ExecutionContexts.fromExecutor(upkeep));
            system.scheduler().scheduleWithFixedDelay(settings.expirySweepInterval(), settings.expirySweepInterval(),
                    new ExpirySweeper(settings, clock, store, evidence), ExecutionContexts.fromExecutor(upkeep));
            system.scheduler().scheduleWithFixedDelay(settings.admission().claimPruneInterval(),
                    settings.admission().claimPruneInterval(), claims::prune, ExecutionContexts.fromExecutor(upkeep));
            Siem.start(settings, SiemSettings.from(full.getConfig("writ")), evidence, store, pool, health, clock, system,
                    upkeep);

            // The edge.
            ApiRouter api = NodeApi.router(settings, clock, resources,
                    new RefusalEvidence(evidence, settings.domain(), settings.nodeId(), clock), reads,
                    Materializer.matFromSystem(system));
            ServerBuilder server = Http.get(system).newServerAt(settings.httpHost(), settings.httpPort());
            if (settings.httpTls().enabled()) {
                server = server.enableHttps(HttpsApiContext.create(full.getConfig("pekko.remote.artery.ssl.config-ssl-engine"),
                        settings.httpTls().clientAuth()));
            }
            ServerBinding binding = server.bind(api::apply).toCompletableFuture().get(30, TimeUnit.SECONDS);
            LOG.info("Node {} of domain {} serves {} (cluster address {}, journal {})", settings.nodeId(),
                    settings.domain(), binding.localAddress(), system.address(), settings.journal().url());
            return new Node(system, pool, evidence, binding, store, partners, seals, settings.askTimeout(),
                    console.port());
        } catch (Exception | Error e) {
            if (system != null) {
                SystemTermination.terminate(system, Duration.ofSeconds(30));
            }
            if (evidence != null) {
                evidence.close();
            }
            pool.close();
            throw e;
        }
    }

    /**
     * How many members of this node's domain (its data center: sharding's scope) are up, only those of
     * its region when the domain is split: the number of nodes a budget's owner shares what is left among.
     */
    private static IntSupplier upMembers(ActorSystem<?> system, Regions regions) {
        Cluster cluster = Cluster.get(system);
        String domain = cluster.selfMember().dataCenter();
        return () -> (int) StreamSupport.stream(cluster.state().getMembers().spliterator(), false)
                .filter(m -> m.status() == MemberStatus.up() && m.dataCenter().equals(domain)
                        && (!regions.split() || m.hasRole(regions.role()))).count();
    }

    /** The node's configured cluster roles and its region's. */
    private static List<String> withRegionRole(Config config, Regions regions) {
        List<String> roles = new ArrayList<>(config.hasPath("pekko.cluster.roles")
                ? config.getStringList("pekko.cluster.roles") : List.of());
        if (!roles.contains(regions.role())) {
            roles.add(regions.role());
        }
        return roles;
    }

    private static Executor dispatcher(ActorSystem<?> system, String name) {
        return system.dispatchers().lookup(DispatcherSelector.fromConfig("writ.dispatchers." + name));
    }

    /** The reads dispatcher, refusing at once what its threads and max-queued cannot hold. */
    private static Executor boundedReads(ActorSystem<?> system, Config config) {
        Config reads = config.getConfig("writ.dispatchers.reads");
        int queued = reads.getInt("max-queued");
        if (queued < 0) {
            throw new IllegalArgumentException("writ.dispatchers.reads.max-queued must not be negative, got " + queued);
        }
        return new BoundedExecutor("writ.dispatchers.reads", dispatcher(system, "reads"),
                reads.getInt("thread-pool-executor.fixed-pool-size") + queued);
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

    /**
     * Unbinds the API (a new connection is refused: a client sends its request to another node, as
     * nothing was sent here), closes every idle keep-alive connection at once (an unbind alone would
     * keep serving them while the node leaves), and gives each request in flight up to the ask
     * timeout to be answered, with {@code Connection: close}.
     */
    void stopTakingRequests() throws InterruptedException {
        CompletableFuture<HttpTerminated> stopping;
        synchronized (binding) { // once: close() after an earlier call waits for the same termination
            if (apiStopped == null) {
                apiStopped = binding.terminate(drain).toCompletableFuture();
            }
            stopping = apiStopped;
        }
        try {
            stopping.get(drain.toMillis() + 10_000, TimeUnit.MILLISECONDS);
        } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
            // the cluster shut the actor system down already (ClusterExit): the evidence still closes in order
            LOG.warn("Stopping the API failed ({}); closing the rest", e.toString());
        }
    }

    /** The domain's evidence as this node reads it (for tests and tools that inspect a running node). */
    public EvidenceStore store() {
        return store;
    }

    /** What this node holds of the other domains now. */
    public PartnerDomains partners() {
        return partners;
    }

    /** Seals commands to this domain's sharded entities as this node (a tool asking a budget owner for its usage). */
    public MemberSeals seals() {
        return seals;
    }

    public int httpPort() {
        return binding.localAddress().getPort();
    }

    /** The operator console's port, when writ.console.enabled. */
    public Optional<Integer> consolePort() {
        return consolePort;
    }

    public ActorSystem<Void> system() {
        return system;
    }

    /**
     * Closes in the order a rolling restart needs (D67): first the API stops taking
     * requests while the node is still a full cluster member, so that what it took is answered with
     * every shard and singleton still reachable; only then does the actor system's coordinated
     * shutdown leave the cluster and hand shards and singletons over; the evidence closes last.
     */
    @Override
    public void close() throws Exception {
        stopTakingRequests();
        SystemTermination.terminate(system, Duration.ofSeconds(30));
        evidence.close();
        pool.close();
    }
}

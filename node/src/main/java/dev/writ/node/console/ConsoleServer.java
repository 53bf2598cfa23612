package dev.writ.node.console;

import dev.writ.node.anchoring.AnchorStore;
import dev.writ.node.anchoring.Anchoring;
import dev.writ.node.anchoring.ChainAnchoring;
import dev.writ.node.bundles.WritRecords;
import dev.writ.node.evidence.EvidenceStore;
import dev.writ.node.exchange.PartnerDomains;
import dev.writ.node.health.HealthState;
import dev.writ.node.revocation.RevocationReach;
import dev.writ.node.revocation.RevocationState;
import java.net.InetAddress;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.function.Supplier;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.cluster.typed.Cluster;
import org.apache.pekko.http.javadsl.Http;
import org.apache.pekko.http.javadsl.ServerBinding;
import org.apache.pekko.http.javadsl.model.HttpRequest;
import org.apache.pekko.http.javadsl.model.HttpResponse;
import org.apache.pekko.stream.Materializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Starts the operator console when {@code writ.console.enabled}: its views over the node's stores and
 * live state, bound on its own address. The console speaks plain HTTP, so it binds only to a
 * loopback address: its session cookie never crosses a network (reach a remote node's console
 * through an SSH tunnel). {@link Started#login()} is what the API's login-code route issues with.
 */
public final class ConsoleServer {
    private static final Logger LOG = LoggerFactory.getLogger(ConsoleServer.class);
    /** Largest drill report file the console serves (the reports' PNG plots are well below it). */
    private static final long MAX_DRILL_FILE_BYTES = 32L * 1024 * 1024;

    /** What a node holds for its console: the login route's issuer and, when enabled, the binding. */
    public record Started(ConsoleLogin login, Optional<ServerBinding> binding) {
        public Optional<Integer> port() {
            return binding.map(b -> b.localAddress().getPort());
        }
    }

    /** The node's state and stores the console reads. */
    public record Sources(String nodeId, String domain, EvidenceStore store, AnchorStore anchors, Anchoring anchoring,
                         Optional<ChainAnchoring> chain, AnchoringSpend spend, HealthState health,
                         PartnerDomains partners, RevocationState revocations, RevocationReach reach, WritRecords writs,
                         Duration approvalTimeout, Duration writeTimeout) {
    }

    private ConsoleServer() {
    }

    public static Started start(ConsoleSettings settings, Sources sources, Clock clock, ActorSystem<?> system,
                                Executor reads) throws Exception {
        if (!settings.enabled()) {
            return new Started(ConsoleLogin.disabled(), Optional.empty());
        }
        if (!InetAddress.getByName(settings.host()).isLoopbackAddress()) {
            throw new IllegalArgumentException("writ.console.host must be a loopback address (the console speaks plain"
                    + " HTTP; reach it through an SSH tunnel), got " + settings.host());
        }
        SecureRandom random = new SecureRandom();
        LoginCodes codes = new LoginCodes(settings.loginCodeTtl(), settings.maxLoginCodes(), random);
        ConsoleSessions sessions = new ConsoleSessions(settings.sessionTtl(), settings.maxSessions(), random);
        Cluster cluster = Cluster.get(system);
        Supplier<List<FabricView.Member>> members = FabricView.members(cluster);
        DomainHealth domainHealth = new DomainHealth(system, sources.domain(), cluster.selfMember().address(), members,
                clock, settings.peerHealthTimeout());
        system.scheduler().scheduleWithFixedDelay(Duration.ZERO, settings.pushInterval(), domainHealth::refresh,
                system.executionContext());
        FabricView fabric = new FabricView(sources.nodeId(), sources.domain(), sources.health(), sources.partners(),
                members, domainHealth::last);
        ConsoleReads.Views views = new ConsoleReads.Views(fabric,
                new AnchoringView(sources.anchors(), sources.anchoring(), sources.chain(), sources.spend(), sources.domain(),
                        settings.feedSize()),
                new RevocationsView(sources.store(), sources.revocations(), sources.reach(), sources.partners(),
                        sources.domain(), settings.feedSize()),
                new Lineage(sources.store(), sources.anchors(), sources.domain(), 10 * settings.feedSize()),
                new DrillReports(settings.drills(), MAX_DRILL_FILE_BYTES));
        ConsoleReads consoleReads = new ConsoleReads(views, sources.store(), sources.writs(), sources.domain(), clock,
                settings.feedSize(), sources.approvalTimeout(), reads);
        ConsoleStream stream = new ConsoleStream(consoleReads, sources.store(), sources.domain(), sessions, clock,
                settings.pushInterval(), sources.writeTimeout(), settings.maxSessions());
        Materializer materializer = Materializer.matFromSystem(system);
        // the port is known once bound (0: any free one), and the Host names accepted follow from it
        ConsoleAssets assets = ConsoleAssets.load();
        HostNames hosts = new HostNames();
        org.apache.pekko.japi.function.Function<HttpRequest, CompletionStage<HttpResponse>> handler = // japi: bind is overloaded
                request -> hosts.routes.apply(request);
        ServerBinding binding = Http.get(system).newServerAt(settings.host(), settings.port())
                .bind(handler)
                .toCompletableFuture().get(30, TimeUnit.SECONDS);
        int port = binding.localAddress().getPort();
        Set<String> names = new LinkedHashSet<>();
        for (String host : List.of(settings.host(), "127.0.0.1", "localhost", "[::1]")) {
            names.add(host + ":" + port);
        }
        hosts.routes = new ConsoleRoutes(new ConsoleGuard(names, sessions, clock), codes, sessions, assets, consoleReads,
                stream, clock, materializer, sources.writeTimeout());
        String base = "http://" + names.iterator().next();
        LOG.info("The operator console of node {} serves {} (log in with `writ console login`)", sources.nodeId(), base);
        return new Started(ConsoleLogin.of(codes, base, clock), Optional.of(binding));
    }

    /** The routes, set once the port is known; until then (the bind's own instant) every request is refused. */
    private static final class HostNames {
        volatile Function<HttpRequest, CompletionStage<HttpResponse>> routes =
                request -> CompletableFuture.completedFuture(HttpResponse.create().withStatus(503));
    }
}

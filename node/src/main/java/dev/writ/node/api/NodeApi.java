package dev.writ.node.api;

import dev.writ.node.admission.AdmissionService;
import dev.writ.node.admission.Approvals;
import dev.writ.node.bundles.WritRecords;
import dev.writ.node.config.NodeSettings;
import dev.writ.node.console.ConsoleLogin;
import dev.writ.node.exchange.DomainResolutions;
import dev.writ.node.exchange.PartnerDomains;
import dev.writ.node.exchange.ReconciliationQuery;
import dev.writ.node.health.HealthState;
import dev.writ.node.identity.CertificateIssuance;
import dev.writ.node.identity.OcspResponder;
import dev.writ.node.identity.OperatorAuthentication;
import dev.writ.node.keys.DomainKeyCache;
import dev.writ.node.metrics.NodeMetrics;
import dev.writ.node.outcome.OutcomeService;
import dev.writ.node.policy.PolicySource;
import dev.writ.node.redemption.RedemptionService;
import dev.writ.node.refusal.RefusalEvidence;
import dev.writ.node.revocation.RevocationService;
import dev.writ.protocol.client.OperatorAudience;
import dev.writ.protocol.wire.ActionProposal;
import dev.writ.protocol.wire.AgentCertificateRequest;
import dev.writ.protocol.wire.ApprovalRequest;
import dev.writ.protocol.wire.ConsoleLoginRequest;
import dev.writ.protocol.wire.DomainResolutionRequest;
import dev.writ.protocol.wire.OutcomeRequest;
import dev.writ.protocol.wire.RedemptionRequest;
import dev.writ.protocol.wire.RevocationRequest;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.function.UnaryOperator;
import org.apache.pekko.http.javadsl.model.ContentTypes;
import org.apache.pekko.http.javadsl.model.HttpCharsets;
import org.apache.pekko.http.javadsl.model.HttpResponse;
import org.apache.pekko.http.javadsl.model.MediaTypes;
import org.apache.pekko.stream.Materializer;

import static dev.writ.node.api.ApiRouter.Route.get;
import static dev.writ.node.api.ApiRouter.Route.post;

/**
 * The node's HTTP API (docs/architecture.md, "HTTP API of a node"; who may call what:
 * docs/trust-model.md; the contract: {@code /v1/openapi.yaml}): every route, the resource that answers it, and the directives
 * composed around it. Commands are refused NODE_STARTING until the node has been ready once ({@link Readiness}),
 * shed under overload (an adaptive limit, {@link Shedding}), read within limits and have their refusals recorded
 * ({@link JsonCommands}); admin commands need an operator credential. Reads (GETs, OCSP) are shed under a
 * budget of their own, and their blocking work runs on the bounded {@code reads} dispatcher; only health and metrics, answered from memory, are never shed.
 */
public final class NodeApi {
    /** What the API serves: the node's services, each the handler of its resource. */
    public record Resources(AdmissionService admission, Approvals approvals, RedemptionService redemption,
                            OutcomeService outcomes, RevocationService revocations, DomainResolutions resolutions,
                            CertificateIssuance certificates, OcspResponder ocsp, WritRecords writs,
                            ReconciliationQuery reconciliation, HealthState health, PartnerDomains partners,
                            PolicySource policy, DomainKeyCache domainKeys, NodeMetrics metrics, ConsoleLogin console) {
    }

    private NodeApi() {
    }

    public static ApiRouter router(NodeSettings settings, Clock clock, Resources r, RefusalEvidence refusals,
                                   Executor reads, Materializer materializer) {
        Problems problems = new Problems(refusals, r.metrics());
        // one instance for commands and reads: the nonces it serves are the node's, whatever the route
        OperatorAuthentication operators = new OperatorAuthentication(settings.identity(),
                new OperatorAudience(settings.domain(), settings.nodeId()), clock.instant());
        JsonCommands commands = new JsonCommands(problems, operators, clock, materializer, settings.maxBodyBytes(),
                settings.askTimeout());
        JsonQueries queries = new JsonQueries(materializer, operators, clock);
        Shedding shedding = new Shedding("commands", settings.maxInFlight(), settings.overload(), settings.nodeId(),
                r.metrics(), materializer);
        // a budget of its own, so reads and commands never take each other's slots (docs/decisions.md, D38)
        Shedding readShedding = new Shedding("reads", settings.maxReadsInFlight(), settings.overload(),
                settings.nodeId(), r.metrics(), materializer);
        // commands wait for the node to be ready once (NODE_STARTING before), then are shed under overload
        Readiness ready = new Readiness(r.health(), r.metrics(), materializer);
        UnaryOperator<Handler> command = handler -> ready.require(shedding.limit(handler));
        OcspResource ocsp = new OcspResource(r.ocsp(), materializer, settings.maxBodyBytes(), settings.askTimeout());
        byte[] openApi = resource("/writ/openapi.yaml");
        return new ApiRouter(List.of(
                post("/v1/proposals", command.apply(commands.<ActionProposal>open(ActionProposal::newBuilder, "proposal",
                        (p, call) -> r.admission().propose(p, PresentedChain.of(call.request()))))),
                post("/v1/redemptions", command.apply(commands.<RedemptionRequest>open(RedemptionRequest::newBuilder,
                        "redemption request", (q, call) -> r.redemption().redeem(q, PresentedChain.of(call.request()))))),
                post("/v1/outcomes", command.apply(commands.<OutcomeRequest>open(OutcomeRequest::newBuilder,
                        "outcome report", (o, call) -> r.outcomes().report(o, PresentedChain.of(call.request()))))),
                post("/v1/approvals/" + PathIds.SEGMENT, command.apply(commands.<ApprovalRequest>open(ApprovalRequest::newBuilder,
                        "approval", (a, call) -> r.approvals().approve(call.pathParameters().get(0), a)))),
                post("/v1/agents/certificates", command.apply(commands.<AgentCertificateRequest>open(
                        AgentCertificateRequest::newBuilder, "certificate request", (c, call) -> r.certificates().issue(c)))),
                post("/v1/revocations", command.apply(commands.<RevocationRequest>operator(RevocationRequest::newBuilder,
                        "revocation request", RevocationRequest::getIssuer, RevocationRequest::getSubject,
                        (v, call) -> r.revocations().revoke(v)))),
                post("/v1/domains/resolutions", command.apply(commands.<DomainResolutionRequest>operator(
                        DomainResolutionRequest::newBuilder, "domain resolution request", DomainResolutionRequest::getIssuer,
                        q -> "domain:" + q.getDomain(), (q, call) -> r.resolutions().resolve(q)))),
                // a console login code, for the operator who signed (D72); CONSOLE_DISABLED without a console
                post("/v1/console/login-codes", shedding.limit(commands.<ConsoleLoginRequest>operator(
                        ConsoleLoginRequest::newBuilder, "console login request", ConsoleLoginRequest::getIssuer,
                        q -> "console", (q, call) -> CompletableFuture.completedFuture(r.console().issue(call.operator()))))),
                post("/v1/ocsp", readShedding.limit(ocsp.post(), OcspResource::overloaded)),
                get("/v1/ocsp/(.+)", readShedding.limit(ocsp.get(), OcspResource::overloaded)),
                // a writ's lifecycle and bundle are the operator's to read (docs/trust-model.md, endpoint table)
                get("/v1/writs/" + PathIds.SEGMENT, readShedding.limit(queries.operator((q, p) -> r.writs().status(p.get(0))))),
                get("/v1/bundles/" + PathIds.SEGMENT, readShedding.limit(queries.operator((q, p) ->
                        r.writs().bundle(p.get(0))))),
                get("/v1/reconciliation", readShedding.limit(queries.of((q, p) ->
                        r.reconciliation().query(q.getUri().query().get("at"))))),
                get("/v1/keys", readShedding.limit(new KeysResource(r.domainKeys(), reads, materializer))),
                // health and metrics are answered from memory and never shed: under overload, monitors
                // must read the node's real state, not a 503 that looks like a node down
                get("/v1/health", new HealthResource(settings.nodeId(), settings.domain(), r.health(), r.partners(),
                        r.policy(), materializer)),
                get("/metrics", (request, p) -> CompletableFuture.completedFuture(HttpResponse.create().withEntity(
                        ContentTypes.parse(r.metrics().contentType()), r.metrics().scrape()))),
                get("/v1/openapi.yaml", readShedding.limit((request, p) -> CompletableFuture.completedFuture(
                        HttpResponse.create().withEntity(ContentTypes.create(
                                MediaTypes.applicationWithFixedCharset("yaml", HttpCharsets.UTF_8)), openApi))))),
                materializer);
    }

    private static byte[] resource(String name) {
        try (InputStream in = NodeApi.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException(name + " is missing from the node's jar");
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}

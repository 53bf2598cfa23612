package dev.writ.node.api;

import com.nimbusds.jose.jwk.OctetKeyPair;
import dev.writ.node.NodeContext;
import dev.writ.node.admission.AdmissionService;
import dev.writ.node.admission.Approvals;
import dev.writ.node.bundles.WritRecords;
import dev.writ.node.health.HealthReport;
import dev.writ.node.health.HealthStatus;
import dev.writ.node.identity.CertificateIssuance;
import dev.writ.node.identity.OcspResponder;
import dev.writ.node.identity.OperatorAuthentication;
import dev.writ.protocol.client.OperatorCredential;
import java.util.Optional;
import org.apache.pekko.http.javadsl.model.HttpHeader;
import dev.writ.node.outcome.OutcomeService;
import dev.writ.node.policy.PolicyUnavailableException;
import dev.writ.node.redemption.RedemptionService;
import dev.writ.node.refusal.Failures;
import dev.writ.node.refusal.Refusal;
import dev.writ.node.refusal.RefusalCode;
import dev.writ.node.refusal.RefusalEvidence;
import dev.writ.node.revocation.RevocationService;
import dev.writ.protocol.crypto.KeyEncoding;
import dev.writ.protocol.crypto.KeyRing;
import dev.writ.protocol.wire.ActionProposal;
import dev.writ.protocol.wire.AgentCertificateRequest;
import dev.writ.protocol.wire.ApprovalRequest;
import dev.writ.protocol.wire.Health;
import dev.writ.protocol.wire.HealthReason;
import dev.writ.protocol.wire.OutcomeRequest;
import dev.writ.protocol.wire.Problem;
import dev.writ.protocol.wire.RedemptionRequest;
import dev.writ.protocol.wire.DomainResolutionRequest;
import dev.writ.protocol.wire.RevocationRequest;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.cert.Certificate;
import java.security.cert.CertificateEncodingException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.net.ssl.SSLPeerUnverifiedException;
import org.apache.pekko.http.javadsl.model.AttributeKeys;
import org.apache.pekko.http.javadsl.model.ContentType;
import org.apache.pekko.http.javadsl.model.ContentTypes;
import org.apache.pekko.http.javadsl.model.HttpCharsets;
import org.apache.pekko.http.javadsl.model.HttpEntities;
import org.apache.pekko.http.javadsl.model.HttpMethods;
import org.apache.pekko.http.javadsl.model.HttpRequest;
import org.apache.pekko.http.javadsl.model.HttpResponse;
import org.apache.pekko.http.javadsl.model.MediaTypes;
import org.apache.pekko.http.javadsl.model.SslSessionInfo;
import org.apache.pekko.http.javadsl.model.StatusCodes;
import org.apache.pekko.http.javadsl.model.headers.RetryAfter;
import dev.writ.node.exchange.DomainResolutions;
import dev.writ.node.exchange.ReconciliationQuery;
import org.apache.pekko.pattern.AskTimeoutException;
import org.apache.pekko.stream.Materializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The node's HTTP API (docs/architecture.md, "HTTP API of a node"; who may call what:
 * docs/trust-model.md). Every error is
 * application/problem+json with a stable `code`; every refused POST is also recorded as a
 * REFUSAL evidence record before the answer goes out, except OVERLOADED, which sheds a request
 * before it is read (nothing was decided, and recording it would add load where there is too much).
 */
public final class HttpApi implements Function<HttpRequest, CompletionStage<HttpResponse>> {
    private static final Logger LOG = LoggerFactory.getLogger(HttpApi.class);
    private static final ContentType PROBLEM = ContentTypes.create(
            MediaTypes.applicationWithFixedCharset("problem+json", HttpCharsets.UTF_8));
    private static final ContentType YAML = ContentTypes.create(
            MediaTypes.applicationWithFixedCharset("yaml", HttpCharsets.UTF_8));
    private static final String OCSP_PATH = "/v1/ocsp";
    /** Endpoints that take an operator credential (writ.identity.operator-credentials); approvals carry approver signatures. */
    private static final String RESOLUTIONS_PATH = "/v1/domains/resolutions";
    private static final List<String> ADMIN_PATHS = List.of("/v1/revocations", RESOLUTIONS_PATH);
    private static final ContentType OCSP_RESPONSE = ContentTypes.create(
            MediaTypes.applicationBinary("ocsp-response", false));
    private static final Pattern ID_PATH = Pattern.compile("/v1/(writs|bundles|approvals)/([A-Za-z0-9_.:-]{1,128})");

    private final NodeContext ctx;
    private final AdmissionService admission;
    private final Approvals approvals;
    private final RedemptionService redemption;
    private final OutcomeService outcomes;
    private final RevocationService revocations;
    private final WritRecords writs;
    private final CertificateIssuance certificates;
    private final OcspResponder ocsp;
    private final OperatorAuthentication operators;
    private final ReconciliationQuery reconciliation;
    private final DomainResolutions resolutions;
    private final Materializer materializer;
    private final byte[] openApi;
    private final AtomicInteger inFlight = new AtomicInteger();

    public HttpApi(NodeContext ctx, AdmissionService admission, Approvals approvals, RedemptionService redemption,
                   OutcomeService outcomes, RevocationService revocations, WritRecords writs,
                   CertificateIssuance certificates, OcspResponder ocsp, ReconciliationQuery reconciliation,
                   DomainResolutions resolutions) {
        this.reconciliation = reconciliation;
        this.resolutions = resolutions;
        this.certificates = certificates;
        this.ocsp = ocsp;
        this.operators = new OperatorAuthentication(ctx.settings().identity());
        this.ctx = ctx;
        this.admission = admission;
        this.approvals = approvals;
        this.redemption = redemption;
        this.outcomes = outcomes;
        this.revocations = revocations;
        this.writs = writs;
        this.materializer = Materializer.matFromSystem(ctx.system());
        this.openApi = resource("/writ/openapi.yaml");
    }

    @Override
    public CompletionStage<HttpResponse> apply(HttpRequest request) {
        String path = request.getUri().path();
        boolean post = request.method().equals(HttpMethods.POST);
        boolean get = request.method().equals(HttpMethods.GET);
        try {
            if (path.equals(OCSP_PATH) && post) {
                return ocspPosted(request);
            }
            if (get && path.startsWith(OCSP_PATH + "/")) {
                return ocspGot(path.substring(OCSP_PATH.length() + 1));
            }
            if (post) {
                if (inFlight.incrementAndGet() > ctx.settings().maxInFlight()) {
                    inFlight.decrementAndGet();
                    request.discardEntityBytes(materializer);
                    ctx.metrics().refused(RefusalCode.OVERLOADED.name());
                    // Shed before anything is read or decided: nothing happened, so there is nothing to record.
                    return CompletableFuture.completedFuture(problem(new Refusal(RefusalCode.OVERLOADED, "",
                            ctx.settings().maxInFlight() + " requests in flight on node " + ctx.nodeId()), path, true)
                            .addHeader(RetryAfter.create(1L)));
                }
                return posted(request, path).whenComplete((response, failure) -> inFlight.decrementAndGet());
            }
            request.discardEntityBytes(materializer);
            if (get && path.equals("/v1/reconciliation")) {
                return json(reconciliation.query(request.getUri().query().get("at")), path);
            }
            if (get) {
                return got(path);
            }
            return CompletableFuture.completedFuture(problem(new Refusal(RefusalCode.METHOD_NOT_ALLOWED, "",
                    request.method().value() + " is not served; the API uses GET and POST"), path, true));
        } catch (RuntimeException e) {
            LOG.error("Request {} {} failed", request.method().value(), path, e);
            return CompletableFuture.completedFuture(problem(new Refusal(RefusalCode.INTERNAL, "", e.toString()), path, true));
        }
    }

    private CompletionStage<HttpResponse> posted(HttpRequest request, String path) {
        Function<byte[], CompletionStage<byte[]>> handler = postHandler(path, presentedChain(request));
        if (handler == null) {
            request.discardEntityBytes(materializer);
            return CompletableFuture.completedFuture(problem(new Refusal(
                    ID_PATH.matcher(path).matches() || GET_PATHS.contains(path) ? RefusalCode.METHOD_NOT_ALLOWED
                            : RefusalCode.NOT_FOUND, "", "POST " + path + " is not part of the API"), path, true));
        }
        if (!request.entity().getContentType().mediaType().equals(MediaTypes.APPLICATION_JSON)) {
            request.discardEntityBytes(materializer);
            return refused(new Refusal(RefusalCode.UNSUPPORTED_MEDIA_TYPE, "", "send the body as application/json, not "
                    + request.entity().getContentType()), new byte[0], path);
        }
        long max = ctx.settings().maxBodyBytes();
        return request.entity().toStrict(ctx.settings().askTimeout().toMillis(), max, materializer)
                .thenApply(strict -> strict.getData().toArray())
                .handle((body, failure) -> {
                    if (failure != null) {
                        return refused(new Refusal(RefusalCode.OVERSIZED, "", "a request body is at most " + max
                                + " bytes (" + Failures.root(failure).getMessage() + ")"), new byte[0], path);
                    }
                    if (ADMIN_PATHS.contains(path)) {
                        try {
                            Optional<String> operator = operators.require(request.getHeader(OperatorCredential.HEADER)
                                    .map(HttpHeader::value), "POST", path, body, ctx.clock().instant());
                            if (operator.isPresent()) {
                                return adminHandler(path, operator.get()).apply(body)
                                        .thenApply(json -> HttpResponse.create().withEntity(ContentTypes.APPLICATION_JSON, json))
                                        .exceptionallyCompose(f -> refused(refusalOf(f), body, path));
                            }
                        } catch (Refusal r) {
                            return refused(r, body, path);
                        }
                    }
                    return handler.apply(body)
                            .thenApply(json -> HttpResponse.create().withEntity(ContentTypes.APPLICATION_JSON, json))
                            .exceptionallyCompose(f -> refused(refusalOf(f), body, path));
                })
                .thenCompose(Function.identity());
    }

    /** An admin request whose operator credential held: the body must name that operator as its issuer. */
    private Function<byte[], CompletionStage<byte[]>> adminHandler(String path, String operator) {
        if (path.equals(RESOLUTIONS_PATH)) {
            return body -> parsed(body, DomainResolutionRequest.newBuilder(), "domain resolution request", r -> {
                DomainResolutionRequest resolution = (DomainResolutionRequest) r;
                if (!resolution.getIssuer().equals(operator)) {
                    return CompletableFuture.failedFuture(new Refusal(RefusalCode.OPERATOR_INVALID,
                            "domain:" + resolution.getDomain(), "the request names issuer '" + resolution.getIssuer()
                            + "' but is signed by operator " + operator));
                }
                return resolutions.resolve(resolution);
            });
        }
        return body -> parsed(body, RevocationRequest.newBuilder(), "revocation request", r -> {
            RevocationRequest revocation = (RevocationRequest) r;
            if (!revocation.getIssuer().equals(operator)) {
                return CompletableFuture.failedFuture(new Refusal(RefusalCode.OPERATOR_INVALID, revocation.getSubject(),
                        "the request names issuer '" + revocation.getIssuer() + "' but is signed by operator " + operator));
            }
            return revocations.revoke(revocation);
        });
    }

    /** RFC 6960 A.1: POST with the DER request as body, content type application/ocsp-request. */
    private CompletionStage<HttpResponse> ocspPosted(HttpRequest request) {
        long max = ctx.settings().maxBodyBytes();
        return request.entity().toStrict(ctx.settings().askTimeout().toMillis(), max, materializer)
                .thenCompose(strict -> ocsp.respond(strict.getData().toArray()))
                .thenApply(this::ocspAnswer)
                .exceptionally(f -> {
                    LOG.warn("An OCSP request could not be answered: {}", Failures.root(f).toString());
                    return ocspAnswer(OcspResponder.malformed());
                });
    }

    /** RFC 6960 A.1: GET {url}/{url-encoding of base-64 encoding of the DER request}. */
    private CompletionStage<HttpResponse> ocspGot(String encoded) {
        byte[] der;
        try {
            // '+' is a base64 character here, never an encoded space, whether or not the path arrives decoded.
            der = java.util.Base64.getDecoder().decode(java.net.URLDecoder.decode(encoded.replace("+", "%2B"),
                    StandardCharsets.US_ASCII));
        } catch (IllegalArgumentException e) {
            return CompletableFuture.completedFuture(ocspAnswer(OcspResponder.malformed()));
        }
        return ocsp.respond(der).thenApply(this::ocspAnswer);
    }

    private HttpResponse ocspAnswer(byte[] der) {
        return HttpResponse.create().withEntity(OCSP_RESPONSE, der);
    }

    /**
     * The certificate chain the request's TLS connection presented (agent certificate first): empty
     * over plain HTTP or when the client sent none. Only the proposal path uses it, and only after
     * {@link dev.writ.node.identity.AgentAuthentication} has verified it against the domain's CA.
     */
    private static List<byte[]> presentedChain(HttpRequest request) {
        Optional<SslSessionInfo> tls = request.getAttribute(AttributeKeys.sslSession);
        if (tls.isEmpty()) {
            return List.of();
        }
        try {
            List<byte[]> chain = new ArrayList<>();
            for (Certificate c : tls.get().getSession().getPeerCertificates()) {
                chain.add(c.getEncoded());
            }
            return List.copyOf(chain);
        } catch (SSLPeerUnverifiedException e) {
            return List.of();
        } catch (CertificateEncodingException e) {
            throw new IllegalStateException("a certificate the TLS handshake accepted cannot be encoded", e);
        }
    }

    private Function<byte[], CompletionStage<byte[]>> postHandler(String path, List<byte[]> presented) {
        switch (path) {
            case "/v1/proposals":
                return body -> parsed(body, ActionProposal.newBuilder(), "proposal", p ->
                        admission.propose((ActionProposal) p, presented));
            case "/v1/redemptions":
                return body -> parsed(body, RedemptionRequest.newBuilder(), "redemption request", r ->
                        redemption.redeem((RedemptionRequest) r));
            case "/v1/outcomes":
                return body -> parsed(body, OutcomeRequest.newBuilder(), "outcome report", o ->
                        outcomes.report((OutcomeRequest) o));
            case "/v1/agents/certificates":
                return body -> parsed(body, AgentCertificateRequest.newBuilder(), "certificate request", r ->
                        certificates.issue((AgentCertificateRequest) r));
            case "/v1/revocations":
                return body -> parsed(body, RevocationRequest.newBuilder(), "revocation request", r ->
                        revocations.revoke((RevocationRequest) r));
            case RESOLUTIONS_PATH:
                return body -> parsed(body, DomainResolutionRequest.newBuilder(), "domain resolution request", r ->
                        resolutions.resolve((DomainResolutionRequest) r));
            default:
                Matcher m = ID_PATH.matcher(path);
                if (m.matches() && m.group(1).equals("approvals")) {
                    String id = m.group(2);
                    return body -> parsed(body, ApprovalRequest.newBuilder(), "approval", a ->
                            approvals.approve(id, (ApprovalRequest) a));
                }
                return null;
        }
    }

    private static CompletionStage<byte[]> parsed(byte[] body, com.google.protobuf.Message.Builder builder, String what,
            Function<com.google.protobuf.Message, CompletionStage<? extends com.google.protobuf.MessageOrBuilder>> then) {
        try {
            return then.apply(ApiJson.parse(body, builder, what)).thenApply(ApiJson::print);
        } catch (Refusal r) {
            return CompletableFuture.failedFuture(r);
        }
    }

    private static final List<String> GET_PATHS = List.of("/v1/health", "/v1/keys", "/metrics", "/v1/openapi.yaml",
            "/v1/reconciliation");

    private CompletionStage<HttpResponse> got(String path) {
        switch (path) {
            case "/v1/health":
                return CompletableFuture.completedFuture(health());
            case "/v1/keys":
                return CompletableFuture.supplyAsync(this::keys, ctx.blocking());
            case "/metrics":
                return CompletableFuture.completedFuture(HttpResponse.create().withEntity(
                        ContentTypes.parse(ctx.metrics().contentType()), ctx.metrics().scrape()));
            case "/v1/openapi.yaml":
                return CompletableFuture.completedFuture(HttpResponse.create().withEntity(YAML, openApi));
            default:
                Matcher m = ID_PATH.matcher(path);
                if (m.matches() && m.group(1).equals("writs")) {
                    return json(writs.status(m.group(2)), path);
                }
                if (m.matches() && m.group(1).equals("bundles")) {
                    return json(writs.bundle(m.group(2)), path);
                }
                RefusalCode code = m.matches() ? RefusalCode.METHOD_NOT_ALLOWED : RefusalCode.NOT_FOUND;
                return CompletableFuture.completedFuture(problem(new Refusal(code, "", "GET " + path
                        + " is not part of the API; see /v1/openapi.yaml"), path, true));
        }
    }

    private CompletionStage<HttpResponse> json(CompletionStage<? extends com.google.protobuf.MessageOrBuilder> answer, String path) {
        return answer.thenApply(m -> HttpResponse.create().withEntity(ContentTypes.APPLICATION_JSON, ApiJson.print(m)))
                .exceptionally(f -> problem(refusalOf(f), path, true));
    }

    private HttpResponse health() {
        HealthReport report = ctx.health().get();
        Health.Builder health = Health.newBuilder()
                .setStatus(report.status().name())
                .setNodeId(ctx.nodeId())
                .setDomain(ctx.domain())
                .addAllMembersUp(report.membersUp())
                .addAllDomains(ctx.partners().continuity());
        for (HealthReport.Finding f : report.findings()) {
            health.addReasons(HealthReason.newBuilder().setCheck(f.check()).setStatus(f.status().name()).setDetail(f.detail()));
        }
        try {
            health.setPolicyEpoch(ctx.policy().current().epoch());
        } catch (PolicyUnavailableException e) {
            // no policy: the "policy" finding above says why, and the node is FAILED
        }
        return HttpResponse.create()
                .withStatus(report.status() == HealthStatus.FAILED ? StatusCodes.SERVICE_UNAVAILABLE : StatusCodes.OK)
                .withEntity(ContentTypes.APPLICATION_JSON, ApiJson.print(health));
    }

    private HttpResponse keys() {
        KeyRing ring = ctx.domainKeys().refresh();
        List<Map<String, Object>> keys = new ArrayList<>();
        for (KeyRing.Entry e : ring.entries()) {
            OctetKeyPair jwk = KeyEncoding.toJwk(e.key());
            Map<String, Object> json = new java.util.LinkedHashMap<>(jwk.toJSONObject());
            json.put("writ_domain", e.domain());
            keys.add(json);
        }
        String body = com.nimbusds.jose.util.JSONObjectUtils.toJSONString(Map.of("keys", keys));
        return HttpResponse.create().withEntity(ContentTypes.APPLICATION_JSON, body.getBytes(StandardCharsets.UTF_8));
    }

    /** Records the refusal as evidence, then answers it. */
    private CompletionStage<HttpResponse> refused(Refusal refusal, byte[] body, String path) {
        return RefusalEvidence.record(ctx, refusal, body).thenApply(recorded -> problem(refusal, path, recorded));
    }

    private HttpResponse problem(Refusal refusal, String path, boolean recorded) {
        if (refusal.code() == RefusalCode.INTERNAL) {
            LOG.warn("{} {} failed: {}", path, refusal.subject(), refusal);
        } else {
            LOG.debug("{} {} refused: {}", path, refusal.subject(), refusal);
        }
        Problem problem = Problem.newBuilder()
                .setType("https://writ.dev/problems/" + refusal.code().name().toLowerCase().replace('_', '-'))
                .setTitle(refusal.code().title())
                .setStatus(refusal.code().httpStatus())
                .setDetail(recorded ? refusal.detail() : refusal.detail() + " (the refusal itself could not be recorded)")
                .setCode(refusal.code().name())
                .setInstance(path)
                .build();
        return HttpResponse.create()
                .withStatus(refusal.code().httpStatus())
                .withEntity(HttpEntities.create(PROBLEM, ApiJson.print(problem)));
    }

    private static Refusal refusalOf(Throwable failure) {
        Throwable root = failure;
        while ((root instanceof CompletionException || root instanceof java.util.concurrent.ExecutionException)
                && root.getCause() != null) {
            root = root.getCause();
        }
        if (root instanceof Refusal r) {
            return r;
        }
        if (root instanceof AskTimeoutException || root instanceof TimeoutException) {
            return new Refusal(RefusalCode.TIMEOUT, "", "the cluster did not answer in time: " + root.getMessage());
        }
        LOG.error("Unexpected failure in a request", root);
        return new Refusal(RefusalCode.INTERNAL, "", root.toString());
    }

    private static byte[] resource(String name) {
        try (InputStream in = HttpApi.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException(name + " is missing from the node's jar");
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}

package dev.writ.protocol.client;

import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Message;
import com.google.protobuf.util.JsonFormat;
import com.nimbusds.jose.util.JSONObjectUtils;
import dev.writ.protocol.ProtocolException;
import dev.writ.protocol.client.WritClientException.Stage;
import dev.writ.protocol.crypto.KeyEncoding;
import dev.writ.protocol.crypto.KeyRing;
import dev.writ.protocol.crypto.VerifyingKey;
import dev.writ.protocol.identity.CertificateRequests;
import dev.writ.protocol.identity.OcspAnswers;
import dev.writ.protocol.wire.ActionProposal;
import dev.writ.protocol.wire.AgentCertificateRequest;
import dev.writ.protocol.wire.AgentCertificateResponse;
import dev.writ.protocol.wire.ApprovalRequest;
import dev.writ.protocol.wire.ConsoleLoginCode;
import dev.writ.protocol.wire.ConsoleLoginRequest;
import dev.writ.protocol.wire.DomainResolutionRequest;
import dev.writ.protocol.wire.DomainResolutionResponse;
import dev.writ.protocol.wire.Health;
import dev.writ.protocol.wire.OutcomeRequest;
import dev.writ.protocol.wire.OutcomeResponse;
import dev.writ.protocol.wire.Problem;
import dev.writ.protocol.wire.ProofBundle;
import dev.writ.protocol.wire.ProposalResponse;
import dev.writ.protocol.wire.RedemptionRequest;
import dev.writ.protocol.wire.RedemptionResponse;
import dev.writ.protocol.wire.RevocationRequest;
import dev.writ.protocol.wire.RevocationResponse;
import dev.writ.protocol.wire.WritStatus;
import java.math.BigInteger;
import java.net.ConnectException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.text.ParseException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.function.Supplier;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Flow;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.IntPredicate;

/**
 * The HTTP API of one broker node, for agents (propose), PEPs (redeem, report outcomes), approvers
 * and operators (approve, revoke, status, bundles, health, keys). Thread-safe; share one instance.
 *
 * <p>Every call is bounded by the configured timeout, from sending the request to the last byte
 * of the answer, and every answer by a size limit. See the package documentation for how JSON is
 * mapped and how refusals differ from transport failures.
 */
public final class WritClient {
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(5);
    /** Proof bundles are the largest answers; 16 MiB holds thousands of records. */
    public static final int DEFAULT_MAX_RESPONSE_BYTES = 16 * 1024 * 1024;
    /** The extra JWK member that names the domain a published node key speaks for. */
    public static final String JWK_DOMAIN_MEMBER = "writ_domain";

    private static final String JSON = "application/json";
    /** The endpoints that take an operator credential. */
    private static final java.util.Set<String> ADMIN_PATHS = java.util.Set.of("/v1/revocations", "/v1/domains/resolutions",
            "/v1/console/login-codes");
    private static final String PROBLEM_JSON = "application/problem+json";
    private static final String OCSP_REQUEST = "application/ocsp-request";
    private static final String OCSP_RESPONSE = "application/ocsp-response";
    /** An OCSP answer older than this is not trusted as fresh (the node produces one per request). */
    private static final Duration OCSP_MAX_AGE = Duration.ofMinutes(1);
    private static final int ERROR_EXCERPT = 200;
    private static final JsonFormat.Printer PRINTER = JsonFormat.printer().omittingInsignificantWhitespace();
    private static final JsonFormat.Parser PARSER = JsonFormat.parser().ignoringUnknownFields();
    private static final IntPredicate SUCCESS = status -> status >= 200 && status < 300;
    /** A node reports FAILED health with 503 and the same Health body: still an answer. */
    private static final IntPredicate HEALTH_ANSWER = status -> SUCCESS.test(status) || status == 503;

    private final String base;
    private final HttpClient http;
    private final Duration timeout;
    private final int maxResponseBytes;
    private final Supplier<AgentCredential> credential;
    private final OperatorCredential operator;
    private final PepCredential pep;
    /** The node behind {@link #base} as it names itself, asked once, before the first admin request. */
    private volatile OperatorAudience audience;

    private WritClient(Builder builder) {
        this.credential = builder.credential;
        this.operator = builder.operator;
        this.pep = builder.pep;
        this.base = builder.base;
        this.timeout = builder.timeout;
        this.maxResponseBytes = builder.maxResponseBytes;
        if (builder.http != null) {
            this.http = builder.http;
        } else {
            HttpClient.Builder http = HttpClient.newBuilder().connectTimeout(builder.timeout).version(HttpClient.Version.HTTP_1_1);
            this.http = (builder.tls == null ? http : http.sslContext(builder.tls)).build();
        }
    }

    /** A client of the node at {@code baseUri} (e.g. {@code http://127.0.0.1:8080}), with defaults. */
    public static WritClient create(URI baseUri) {
        return builder(baseUri).build();
    }

    public static Builder builder(URI baseUri) {
        return new Builder(baseUri);
    }

    public URI baseUri() {
        return URI.create(base);
    }

    /**
     * POST /v1/proposals. ALLOW, DENY and ESCALATE are all answers; only a refused request throws.
     * With an {@link Builder#agentCredential agent credential}, the proposal is signed first.
     */
    public ProposalResponse propose(ActionProposal proposal) throws WritRefusedException, WritClientException {
        ActionProposal sent = credential == null ? proposal : credential.get().sign(proposal);
        return post("/v1/proposals", sent, ProposalResponse.getDefaultInstance());
    }

    /**
     * POST /v1/agents/certificates: a certificate for the CSR in {@code request}, made by
     * {@link CertificateRequests}: an enrolment (a CSR of the agent's enrolment key, committed on chain
     * by its domain admin) or a renewal (signed with the agent's current certificate). Combine the
     * answer's {@code chain} with the CSR's key in an {@link AgentCredential}.
     */
    public AgentCertificateResponse requestCertificate(AgentCertificateRequest request)
            throws WritRefusedException, WritClientException {
        return post("/v1/agents/certificates", request, AgentCertificateResponse.getDefaultInstance());
    }

    /**
     * POST /v1/ocsp: asks the node's OCSP responder (RFC 6960) about agent certificate {@code serial}
     * issued by {@code issuerDer} (the chain's second certificate). Empty when the answer is GOOD; the
     * reason when REVOKED. An answer that is not signed by that issuer, is stale, or says "unknown"
     * throws ({@link OcspAnswers#revocationOf}): fail closed, never read as good.
     */
    public Optional<String> ocsp(byte[] issuerDer, BigInteger serial)
            throws ProtocolException, WritRefusedException, WritClientException {
        String path = "/v1/ocsp";
        HttpRequest request = HttpRequest.newBuilder(URI.create(base + path)).timeout(timeout)
                .header("Content-Type", OCSP_REQUEST).header("Accept", OCSP_RESPONSE + ", " + PROBLEM_JSON)
                .POST(HttpRequest.BodyPublishers.ofByteArray(OcspAnswers.request(issuerDer, serial))).build();
        HttpResponse<byte[]> response = exchange(request, "POST " + path);
        String media = mediaType(response.headers().firstValue("Content-Type").orElse(""));
        if (media.equals(PROBLEM_JSON)) {
            throw new WritRefusedException(problem(response.body(), response.statusCode(), "POST " + path));
        }
        if (!SUCCESS.test(response.statusCode()) || !media.equals(OCSP_RESPONSE)) {
            throw new WritClientException("unexpected answer to POST " + path + " from " + base + ": HTTP "
                    + response.statusCode() + ", " + media + excerpt(response.body()), response.statusCode(), null);
        }
        return OcspAnswers.revocationOf(response.body(), issuerDer, serial, Instant.now(), OCSP_MAX_AGE);
    }

    /**
     * POST /v1/redemptions. A PEP should prefer {@link PepGuard#redeem}, which checks the writ
     * offline first and verifies the receipt before anything executes. With a
     * {@link Builder#pepCredential PEP credential}, the request names that PEP and is signed first.
     */
    public RedemptionResponse redeem(RedemptionRequest request) throws WritRefusedException, WritClientException {
        return post("/v1/redemptions", pep == null ? request : pep.sign(request), RedemptionResponse.getDefaultInstance());
    }

    /** POST /v1/outcomes: what happened after a redemption; signed as {@link #redeem} is. */
    public OutcomeResponse reportOutcome(OutcomeRequest outcome) throws WritRefusedException, WritClientException {
        return post("/v1/outcomes", pep == null ? outcome : pep.sign(outcome), OutcomeResponse.getDefaultInstance());
    }

    /** The PEP this client redeems as, when it has a {@link Builder#pepCredential PEP credential}. */
    public Optional<PepCredential> pepCredential() {
        return Optional.ofNullable(pep);
    }

    /** POST /v1/approvals/{approvalId}: a signed approval of an ESCALATE (see {@link ApprovalSigner}). */
    public ProposalResponse approve(String approvalId, ApprovalRequest approval)
            throws WritRefusedException, WritClientException {
        return post("/v1/approvals/" + segment(approvalId), approval, ProposalResponse.getDefaultInstance());
    }

    /** POST /v1/revocations (operator). */
    public RevocationResponse revoke(RevocationRequest request) throws WritRefusedException, WritClientException {
        return post("/v1/revocations", request, RevocationResponse.getDefaultInstance());
    }

    /**
     * POST /v1/domains/resolutions (operator): this domain's nodes forget what they hold of an
     * equivocating domain and take its envelopes again. The request names the conflicting envelopes
     * the node holds ({@code GET /v1/health}, the domain's {@code conflictingEnvelopes}), so it
     * resolves that equivocation and no later one.
     */
    public DomainResolutionResponse resolveEquivocation(DomainResolutionRequest request)
            throws WritRefusedException, WritClientException {
        return post("/v1/domains/resolutions", request, DomainResolutionResponse.getDefaultInstance());
    }

    /**
     * POST /v1/console/login-codes (operator): a single-use, short-lived login code for the node's
     * operator console, bound to the operator this client signs as, with the URL to open.
     */
    public ConsoleLoginCode consoleLoginCode(ConsoleLoginRequest request) throws WritRefusedException, WritClientException {
        return post("/v1/console/login-codes", request, ConsoleLoginCode.getDefaultInstance());
    }

    /** GET /v1/writs/{jti} (operator): where a writ is in its lifecycle. */
    public WritStatus writStatus(String jti) throws WritRefusedException, WritClientException {
        return operatorGet("/v1/writs/" + segment(jti), WritStatus.getDefaultInstance());
    }

    /**
     * GET /v1/bundles/{jti} (operator): the writ's proof bundle, to verify offline with the bundle
     * verifier; served once the writ is redeemed, expired or revoked (BUNDLE_NOT_FINAL before).
     */
    public ProofBundle bundle(String jti) throws WritRefusedException, WritClientException {
        return operatorGet("/v1/bundles/" + segment(jti), ProofBundle.getDefaultInstance());
    }

    /** GET /v1/health. A FAILED node answers 503 with its Health; that is returned, not thrown. */
    public Health health() throws WritRefusedException, WritClientException {
        return get("/v1/health", Health.getDefaultInstance(), HEALTH_ANSWER);
    }

    /**
     * GET /v1/keys: the node keys of {@code domain}, from the node's JWK Set. Keeps only OKP
     * Ed25519 public keys whose {@code writ_domain} is {@code domain} and whose {@code kid} is present
     * and equals the RFC 7638 thumbprint; skips anything else, and never keeps a key that was
     * published with its private part. Fails when no key remains, since an empty ring would refuse
     * everything without saying why.
     *
     * <p>Keys fetched over the network are only as trustworthy as the connection. Production PEPs
     * and partners should pin the domain's keys registered on chain; this is for bootstrapping and
     * for checking that a node serves the keys one expects.
     */
    public KeyRing keys(String domain) throws WritRefusedException, WritClientException {
        Objects.requireNonNull(domain, "domain");
        String path = "/v1/keys";
        byte[] body = send(request(path).GET().build(), "GET " + path, SUCCESS);
        Map<String, Object> set;
        List<Object> keys;
        try {
            set = JSONObjectUtils.parse(new String(body, StandardCharsets.UTF_8));
            keys = JSONObjectUtils.getJSONArray(set, "keys");
        } catch (ParseException | RuntimeException e) {
            throw new WritClientException("the answer to GET " + path + " is not a JWK Set: " + e.getMessage(), e);
        }
        if (keys == null) {
            throw new WritClientException("the answer to GET " + path + " is not a JWK Set: no \"keys\" member");
        }
        List<VerifyingKey> kept = new ArrayList<>();
        int skipped = 0;
        for (Object item : keys) {
            VerifyingKey key = domainKey(item, domain);
            if (key == null) {
                skipped++;
            } else {
                kept.add(key);
            }
        }
        if (kept.isEmpty()) {
            throw new WritClientException("the node at " + base + " published no valid Ed25519 key for domain "
                    + domain + " (" + skipped + " keys skipped)");
        }
        return KeyRing.of(domain, kept.toArray(VerifyingKey[]::new));
    }

    private static VerifyingKey domainKey(Object item, String domain) {
        if (!(item instanceof Map<?, ?> jwk) || !domain.equals(jwk.get(JWK_DOMAIN_MEMBER))
                || !(jwk.get("kid") instanceof String) || jwk.containsKey("d")) {
            return null;
        }
        try {
            @SuppressWarnings("unchecked")
            Map<String, ?> members = (Map<String, ?>) jwk;
            // KeyEncoding checks kty/crv and that kid is the key's thumbprint.
            return KeyEncoding.verifyingKeyFromJwk(JSONObjectUtils.toJSONString(members));
        } catch (ProtocolException | RuntimeException e) {
            return null;
        }
    }

    private <T extends Message> T post(String path, Message body, T prototype)
            throws WritRefusedException, WritClientException {
        Objects.requireNonNull(body, "request body");
        String json;
        try {
            json = PRINTER.print(body);
        } catch (InvalidProtocolBufferException e) {
            throw new IllegalArgumentException("cannot print " + body.getDescriptorForType().getName() + " as JSON", e);
        }
        byte[] bytes = json.getBytes(StandardCharsets.UTF_8);
        HttpRequest.Builder request = request(path)
                .header("Content-Type", JSON)
                .POST(HttpRequest.BodyPublishers.ofByteArray(bytes));
        if (operator != null && ADMIN_PATHS.contains(path)) {
            request.header(OperatorCredential.HEADER, operator.header(audience(), "POST", path, bytes,
                    System.currentTimeMillis()));
        }
        return parse(send(request.build(), "POST " + path, SUCCESS), prototype, "POST " + path);
    }

    /**
     * The node admin requests are signed for: the one this client sends to, as its {@code GET
     * /v1/health} names it. Asked once; a node keeps its id and domain for its life. Behind a load
     * balancer a request signed for one node is refused by another: address nodes directly.
     */
    private OperatorAudience audience() throws WritRefusedException, WritClientException {
        OperatorAudience known = audience;
        if (known == null) {
            Health health = health();
            try {
                known = new OperatorAudience(health.getDomain(), health.getNodeId());
            } catch (IllegalArgumentException e) {
                throw new WritClientException("the node at " + base + " does not name itself usably in GET /v1/health,"
                        + " so no admin request can be signed for it: " + e.getMessage(), e);
            }
            audience = known;
        }
        return known;
    }

    /** A read only operators may make: signed with the operator credential, when this client has one. */
    private <T extends Message> T operatorGet(String path, T prototype) throws WritRefusedException, WritClientException {
        HttpRequest.Builder request = request(path).GET();
        if (operator != null) {
            request.header(OperatorCredential.HEADER, operator.header(audience(), "GET", path, new byte[0],
                    System.currentTimeMillis()));
        }
        return parse(send(request.build(), "GET " + path, SUCCESS), prototype, "GET " + path);
    }

    private <T extends Message> T get(String path, T prototype, IntPredicate answered)
            throws WritRefusedException, WritClientException {
        return parse(send(request(path).GET().build(), "GET " + path, answered), prototype, "GET " + path);
    }

    private HttpRequest.Builder request(String path) {
        return HttpRequest.newBuilder(URI.create(base + path))
                .timeout(timeout)
                .header("Accept", JSON + ", " + PROBLEM_JSON);
    }

    /** The body of an answer the caller expects, a refusal thrown as such, anything else a client failure. */
    private byte[] send(HttpRequest request, String what, IntPredicate answered)
            throws WritRefusedException, WritClientException {
        HttpResponse<byte[]> response = exchange(request, what);
        int status = response.statusCode();
        String media = mediaType(response.headers().firstValue("Content-Type").orElse(""));
        byte[] body = response.body();
        if (media.equals(PROBLEM_JSON)) {
            throw new WritRefusedException(problem(body, status, what));
        }
        if (answered.test(status) && isJson(media)) {
            return body;
        }
        throw new WritClientException("unexpected answer to " + what + " from " + base + ": HTTP " + status
                + (media.isEmpty() ? ", no content type" : ", " + media) + excerpt(body), status, null);
    }

    private HttpResponse<byte[]> exchange(HttpRequest request, String what) throws WritClientException {
        // Set when the answer's status line and headers have arrived: before that, a transport
        // failure left no byte of an answer (WritClientException.Stage.CLOSED_BEFORE_ANSWER).
        AtomicBoolean answerBegan = new AtomicBoolean();
        CompletableFuture<HttpResponse<byte[]>> future = http.sendAsync(request, info -> {
            answerBegan.set(true);
            return new LimitedBody(maxResponseBytes);
        });
        try {
            // One deadline for the whole exchange: the request timeout alone stops at the headers.
            return future.get(timeout.toNanos(), TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            future.cancel(true);
            throw timedOut(what, e);
        } catch (InterruptedException e) {
            future.cancel(true);
            Thread.currentThread().interrupt();
            throw new WritClientException(what + " to " + base + " was interrupted; its outcome is unknown",
                    Stage.NO_COMPLETE_ANSWER, e);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof HttpTimeoutException) {
                throw timedOut(what, cause);
            }
            if (cause instanceof ConnectException) {
                throw new WritClientException("cannot connect to " + base + " for " + what + ": " + cause,
                        Stage.NOT_SENT, cause);
            }
            if (cause instanceof TooLarge tooLarge) {
                throw new WritClientException("the answer to " + what + " from " + base + " exceeds "
                        + tooLarge.limit + " bytes", tooLarge);
            }
            if (!answerBegan.get()) {
                throw new WritClientException(what + " to " + base + " was sent and the connection ended before any"
                        + " answer; its outcome is unknown: " + cause, Stage.CLOSED_BEFORE_ANSWER, cause);
            }
            throw new WritClientException(what + " to " + base + " broke during the answer; its outcome is unknown: "
                    + cause, Stage.NO_COMPLETE_ANSWER, cause);
        }
    }

    private WritClientException timedOut(String what, Throwable cause) {
        return new WritClientException("no complete answer to " + what + " from " + base + " within " + timeout
                + "; its outcome is unknown", Stage.NO_COMPLETE_ANSWER, cause);
    }

    private <T extends Message> T parse(byte[] body, T prototype, String what) throws WritClientException {
        Message.Builder builder = prototype.newBuilderForType();
        try {
            PARSER.merge(new String(body, StandardCharsets.UTF_8), builder);
        } catch (InvalidProtocolBufferException | RuntimeException e) {
            throw new WritClientException("the answer to " + what + " from " + base + " is not a valid "
                    + prototype.getDescriptorForType().getName() + ": " + e.getMessage(), e);
        }
        @SuppressWarnings("unchecked")
        T message = (T) builder.build();
        return message;
    }

    private Problem problem(byte[] body, int status, String what) throws WritClientException {
        Problem.Builder problem = Problem.newBuilder();
        try {
            // RFC 9457 allows extension members: unknown ones are ignored, as in every answer.
            PARSER.merge(new String(body, StandardCharsets.UTF_8), problem);
        } catch (InvalidProtocolBufferException | RuntimeException e) {
            throw new WritClientException("HTTP " + status + " to " + what + " from " + base
                    + " carries an unreadable problem+json body: " + e.getMessage(), status, e);
        }
        if (problem.getStatus() == 0) {
            problem.setStatus(status);
        }
        return problem.build();
    }

    private static String mediaType(String contentType) {
        int semicolon = contentType.indexOf(';');
        String media = semicolon < 0 ? contentType : contentType.substring(0, semicolon);
        return media.trim().toLowerCase(Locale.ROOT);
    }

    private static boolean isJson(String media) {
        return media.equals(JSON) || (media.startsWith("application/") && media.endsWith("+json"));
    }

    private static String excerpt(byte[] body) {
        if (body == null || body.length == 0) {
            return "";
        }
        String text = new String(body, 0, Math.min(body.length, ERROR_EXCERPT * 4), StandardCharsets.UTF_8)
                .replaceAll("\\s+", " ").replaceAll("\\p{Cntrl}", "?").strip();
        return ": " + (text.length() > ERROR_EXCERPT ? text.substring(0, ERROR_EXCERPT) + "..." : text);
    }

    /**
     * One path segment, percent-encoded. Refuses what would change the path's meaning rather than
     * encode it: a jti of ".." must not address another resource.
     */
    private static String segment(String id) {
        Objects.requireNonNull(id, "id");
        if (id.isBlank() || id.equals(".") || id.equals("..")) {
            throw new IllegalArgumentException("not a usable id in a path: \"" + id + "\"");
        }
        return URLEncoder.encode(id, StandardCharsets.UTF_8).replace("+", "%20");
    }

    /** Thrown inside the body subscriber when an answer is larger than the limit. */
    private static final class TooLarge extends java.io.IOException {
        final int limit;

        TooLarge(int limit) {
            super("answer larger than " + limit + " bytes");
            this.limit = limit;
        }
    }

    /** Collects the body, giving up (and cancelling the stream) past {@code limit} bytes. */
    private static final class LimitedBody implements HttpResponse.BodySubscriber<byte[]> {
        private final HttpResponse.BodySubscriber<byte[]> inner = HttpResponse.BodySubscribers.ofByteArray();
        private final CompletableFuture<byte[]> result = new CompletableFuture<>();
        private final int limit;
        private Flow.Subscription subscription;
        private long received;

        LimitedBody(int limit) {
            this.limit = limit;
            inner.getBody().whenComplete((bytes, error) -> {
                if (error != null) {
                    result.completeExceptionally(error);
                } else {
                    result.complete(bytes);
                }
            });
        }

        @Override
        public CompletionStage<byte[]> getBody() {
            return result;
        }

        @Override
        public void onSubscribe(Flow.Subscription subscription) {
            this.subscription = subscription;
            inner.onSubscribe(subscription);
        }

        @Override
        public void onNext(List<ByteBuffer> items) {
            if (result.isDone()) {
                return;
            }
            for (ByteBuffer item : items) {
                received += item.remaining();
            }
            if (received > limit) {
                subscription.cancel();
                result.completeExceptionally(new TooLarge(limit));
                return;
            }
            inner.onNext(items);
        }

        @Override
        public void onError(Throwable throwable) {
            inner.onError(throwable);
        }

        @Override
        public void onComplete() {
            inner.onComplete();
        }
    }

    /** Settings of a {@link WritClient}. */
    public static final class Builder {
        private final String base;
        private Duration timeout = DEFAULT_TIMEOUT;
        private int maxResponseBytes = DEFAULT_MAX_RESPONSE_BYTES;
        private HttpClient http;
        private javax.net.ssl.SSLContext tls;
        private Supplier<AgentCredential> credential;
        private OperatorCredential operator;
        private PepCredential pep;

        private Builder(URI baseUri) {
            Objects.requireNonNull(baseUri, "baseUri");
            String scheme = baseUri.getScheme();
            if (!baseUri.isAbsolute() || !("http".equalsIgnoreCase(scheme) || "https".equalsIgnoreCase(scheme))
                    || baseUri.getHost() == null || baseUri.getRawQuery() != null || baseUri.getRawFragment() != null) {
                throw new IllegalArgumentException("a node's base URI is http(s)://host[:port][/prefix], got " + baseUri);
            }
            String text = baseUri.toString();
            while (text.endsWith("/")) {
                text = text.substring(0, text.length() - 1);
            }
            this.base = text;
        }

        /** Bound on each call, from sending to the last byte of the answer (and on connecting). */
        public Builder timeout(Duration timeout) {
            if (timeout == null || timeout.isNegative() || timeout.isZero()) {
                throw new IllegalArgumentException("the timeout must be positive, got " + timeout);
            }
            this.timeout = timeout;
            return this;
        }

        /** Answers larger than this are abandoned with a {@link WritClientException}. */
        public Builder maxResponseBytes(int maxResponseBytes) {
            if (maxResponseBytes <= 0) {
                throw new IllegalArgumentException("the answer limit must be positive, got " + maxResponseBytes);
            }
            this.maxResponseBytes = maxResponseBytes;
            return this;
        }

        /** A shared or specially configured HttpClient (TLS, proxy, executor); its own settings apply. */
        public Builder httpClient(HttpClient http) {
            this.http = Objects.requireNonNull(http, "http");
            this.tls = null;
            return this;
        }

        /**
         * HTTPS to a node with {@code writ.http.tls} on: its certificate must chain to the domain's
         * root ({@code root-ca.pem} of the domain's CA) and name a node of {@code domain}. Replaces
         * {@link #httpClient}.
         */
        public Builder tls(String domain, String domainRootPem) {
            return tlsClient(NodeTls.context(domain, domainRootPem, Optional.empty()));
        }

        /**
         * As {@link #tls(String, String)}, presenting the agent's certificate (mutual TLS): the node
         * then authenticates the agent's proposals by it even when they are not signed.
         */
        public Builder tls(String domain, String domainRootPem, AgentCredential client) {
            return tlsClient(NodeTls.context(domain, domainRootPem, Optional.of(Objects.requireNonNull(client, "client"))));
        }

        private Builder tlsClient(javax.net.ssl.SSLContext context) {
            this.tls = context;
            this.http = null;
            return this;
        }

        /** Signs every proposal with this agent's certificate key and sends its chain (authenticated proposals). */
        public Builder agentCredential(AgentCredential credential) {
            Objects.requireNonNull(credential, "credential");
            this.credential = () -> credential;
            return this;
        }

        /** As {@link #agentCredential(AgentCredential)}, asking {@code credentials} before each proposal (e.g. a {@link RenewingCredential}). */
        public Builder agentCredentials(Supplier<AgentCredential> credentials) {
            this.credential = Objects.requireNonNull(credentials, "credentials");
            return this;
        }

        /**
         * Signs admin requests (revocations, resolutions) with this operator's key (the Writ-Operator
         * header), each for the node this client sends to and with a fresh nonce.
         */
        public Builder operatorCredential(OperatorCredential operator) {
            this.operator = Objects.requireNonNull(operator, "operator");
            return this;
        }

        /**
         * Redeems and reports outcomes as this PEP: each request names its certificate's id as
         * {@code pep_id} and is signed with its key, the chain attached (authenticated PEPs).
         */
        public Builder pepCredential(PepCredential pep) {
            this.pep = Objects.requireNonNull(pep, "pep");
            return this;
        }

        public WritClient build() {
            return new WritClient(this);
        }
    }
}

package dev.writ.node.console;

import com.fasterxml.jackson.databind.JsonNode;
import dev.writ.node.refusal.Refusal;
import dev.writ.node.refusal.RefusalCode;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.pekko.http.javadsl.model.ContentType;
import org.apache.pekko.http.javadsl.model.ContentTypes;
import org.apache.pekko.http.javadsl.model.HttpMethods;
import org.apache.pekko.http.javadsl.model.HttpRequest;
import org.apache.pekko.http.javadsl.model.HttpResponse;
import org.apache.pekko.http.javadsl.model.MediaTypes;
import org.apache.pekko.http.javadsl.model.Query;
import org.apache.pekko.http.javadsl.model.headers.RawHeader;
import org.apache.pekko.stream.Materializer;

/**
 * The console's routes: the page and its assets; {@code POST /api/session} (a login code for a
 * session cookie) and {@code POST /api/logout}; and the read-only views under {@code /api/}, each
 * behind {@link ConsoleGuard}. Nothing here changes the node: a GET only reads.
 */
final class ConsoleRoutes implements Function<HttpRequest, CompletionStage<HttpResponse>> {
    private static final Pattern ID = Pattern.compile("[A-Za-z0-9._:@/+=-]{1,256}");
    private static final Pattern ASSET = Pattern.compile("/assets/([A-Za-z0-9.]+)");
    private static final Pattern ESCALATION = Pattern.compile("/api/approvals/([A-Za-z0-9._:-]{1,128})/escalation");
    private static final Pattern BUNDLE = Pattern.compile("/api/bundles/([A-Za-z0-9._:-]{1,128})");
    /** A login body is {"code": "<43 characters>"}: anything much longer is not one. */
    private static final int MAX_LOGIN_BYTES = 4096;
    private static final Pattern DRILL_FILE = Pattern.compile("/api/drills/([^/]+)/([^/]+)");

    private final ConsoleGuard guard;
    private final LoginCodes codes;
    private final ConsoleSessions sessions;
    private final ConsoleAssets assets;
    private final ConsoleReads reads;
    private final ConsoleStream stream;
    private final Clock clock;
    private final Materializer materializer;
    private final Duration readTimeout;

    ConsoleRoutes(ConsoleGuard guard, LoginCodes codes, ConsoleSessions sessions, ConsoleAssets assets, ConsoleReads reads,
                  ConsoleStream stream, Clock clock, Materializer materializer, Duration readTimeout) {
        this.guard = guard;
        this.codes = codes;
        this.sessions = sessions;
        this.assets = assets;
        this.reads = reads;
        this.stream = stream;
        this.clock = clock;
        this.materializer = materializer;
        this.readTimeout = readTimeout;
    }

    @Override
    public CompletionStage<HttpResponse> apply(HttpRequest request) {
        String path = request.getUri().path();
        try {
            if (request.method().equals(HttpMethods.POST)) {
                return post(request, path);
            }
            request.discardEntityBytes(materializer);
            if (!request.method().equals(HttpMethods.GET)) {
                throw new Refusal(RefusalCode.METHOD_NOT_ALLOWED, "", request.method().value() + " is not served");
            }
            return get(request, path).exceptionally(f -> ConsoleHttp.problem(f, path));
        } catch (Refusal | RuntimeException r) {
            // a full reads dispatcher refuses a read at once (OVERLOADED); anything else is INTERNAL
            return CompletableFuture.completedFuture(ConsoleHttp.problem(r, path));
        }
    }

    private CompletionStage<HttpResponse> get(HttpRequest request, String path) throws Refusal {
        if (path.equals("/") || path.equals("/login")) {
            guard.addressedHere(request);
            ConsoleAssets.Asset page = assets.get(ConsoleAssets.PAGE).orElseThrow();
            return done(ConsoleHttp.ok(page.type(), page.bytes())
                    .addHeader(RawHeader.create("Content-Security-Policy", ConsoleHttp.CONTENT_SECURITY_POLICY)));
        }
        Matcher asset = ASSET.matcher(path);
        if (asset.matches()) {
            guard.addressedHere(request);
            ConsoleAssets.Asset a = assets.get(asset.group(1)).orElseThrow(() -> notFound(path));
            return done(ConsoleHttp.ok(a.type(), a.bytes()));
        }
        String operator = guard.reader(request);
        Query parameters = request.getUri().query();
        switch (path) {
            case "/api/me":
                return done(ConsoleHttp.json(ConsoleJson.object().put("operator", operator)));
            case "/api/fabric":
                return done(ConsoleHttp.json(reads.views().fabric().now()));
            case "/api/decisions":
                return json(reads.decisions(filter(parameters.get("agent")), filter(parameters.get("target"))));
            case "/api/approvals":
                return json(reads.approvals());
            case "/api/lineage": {
                if (parameters.get("agent").isPresent()) {
                    return json(reads.byAgent(filter(parameters.get("agent"))));
                }
                String id = parameters.get("id").orElse("");
                if (!ID.matcher(id).matches()) {
                    throw new Refusal(RefusalCode.MALFORMED, "", "search by id=<jti or proposal id> or agent=<agent id>");
                }
                return json(reads.lineage(id));
            }
            case "/api/revocations":
                return json(reads.read(() -> reads.views().revocations().now()));
            case "/api/anchoring":
                return json(reads.read(() -> reads.views().anchoring().now()));
            case "/api/drills":
                return json(reads.read(() -> reads.views().drills().list()));
            case "/api/stream":
                return done(stream.open(guard.cookie(request).orElseThrow(), filter(parameters.get("agent")),
                        filter(parameters.get("target"))));
            default:
                break;
        }
        Matcher escalation = ESCALATION.matcher(path);
        if (escalation.matches()) {
            String id = escalation.group(1);
            return reads.escalation(id).thenApply(e -> download(ConsoleJson.text(e), "escalation-" + id + ".json"));
        }
        Matcher bundle = BUNDLE.matcher(path);
        if (bundle.matches()) {
            String jti = bundle.group(1);
            return reads.bundle(jti).thenApply(b -> download(ConsoleJson.text(b), "bundle-" + jti + ".json"));
        }
        Matcher drill = DRILL_FILE.matcher(path);
        if (drill.matches()) {
            return reads.read(() -> {
                try {
                    return reads.views().drills().read(drill.group(1), drill.group(2));
                } catch (Refusal r) {
                    throw new CompletionException(r);
                }
            }).thenApply(ConsoleRoutes::drillFile);
        }
        throw notFound(path);
    }

    private CompletionStage<HttpResponse> post(HttpRequest request, String path) throws Refusal {
        try {
            guard.sameOrigin(request);
            if (!request.entity().getContentType().mediaType().equals(MediaTypes.APPLICATION_JSON)) {
                throw new Refusal(RefusalCode.UNSUPPORTED_MEDIA_TYPE, "", "send application/json");
            }
        } catch (Refusal r) {
            request.discardEntityBytes(materializer);
            throw r;
        }
        switch (path) {
            case "/api/session":
                return request.entity().toStrict(readTimeout.toMillis(), MAX_LOGIN_BYTES, materializer)
                        .thenApply(strict -> login(strict.getData().utf8String()))
                        .exceptionally(f -> ConsoleHttp.problem(new Refusal(RefusalCode.OVERSIZED, "",
                                "a login is {\"code\": \"...\"}, at most " + MAX_LOGIN_BYTES + " bytes, sent within "
                                        + readTimeout), path));
            case "/api/logout":
                request.discardEntityBytes(materializer);
                sessions.close(guard.cookie(request));
                return done(ConsoleHttp.json(ConsoleJson.object().put("loggedOut", true))
                        .addHeader(ConsoleGuard.clearedCookie()));
            default:
                request.discardEntityBytes(materializer);
                throw notFound(path);
        }
    }

    /** A login code, exchanged once, for a session cookie. */
    private HttpResponse login(String body) {
        try {
            JsonNode json = ConsoleJson.MAPPER.readTree(body);
            String code = json == null || !json.path("code").isTextual() ? "" : json.path("code").asText();
            long now = clock.millis();
            String operator = codes.redeem(code, now);
            ConsoleSessions.Opened session = sessions.open(operator, now);
            return ConsoleHttp.json(ConsoleJson.object().put("operator", operator)
                            .put("expiresAtMillis", session.expiresAtMillis()))
                    .addHeader(ConsoleGuard.sessionCookie(session, now));
        } catch (Refusal r) {
            return ConsoleHttp.problem(r, "/api/session");
        } catch (java.io.IOException e) {
            return ConsoleHttp.problem(new Refusal(RefusalCode.MALFORMED, "", "send {\"code\": \"...\"}"), "/api/session");
        }
    }

    private static HttpResponse download(String json, String name) {
        return ConsoleHttp.ok(ContentTypes.APPLICATION_JSON, json.getBytes(StandardCharsets.UTF_8))
                .addHeader(RawHeader.create("Content-Disposition", "attachment; filename=\"" + name + "\""));
    }

    /** A drill report's file: shown as it is, its scripts (if any) sandboxed away from the console's origin. */
    private static HttpResponse drillFile(DrillReports.File f) {
        String n = f.name();
        ContentType type = n.endsWith(".html") ? ContentTypes.TEXT_HTML_UTF8
                : n.endsWith(".json") ? ContentTypes.APPLICATION_JSON
                : n.endsWith(".png") ? ContentTypes.parse("image/png")
                : ContentTypes.TEXT_PLAIN_UTF8;
        return ConsoleHttp.ok(type, f.bytes()).addHeader(RawHeader.create("Content-Security-Policy", "sandbox"));
    }

    private static String filter(Optional<String> value) throws Refusal {
        String v = value.orElse("").strip();
        if (!v.isEmpty() && !ID.matcher(v).matches()) {
            throw new Refusal(RefusalCode.MALFORMED, "", "a filter is at most 256 characters of an agent or target id");
        }
        return v;
    }

    private CompletionStage<HttpResponse> json(CompletionStage<? extends JsonNode> read) {
        return read.thenApply(ConsoleHttp::json);
    }

    private static CompletionStage<HttpResponse> done(HttpResponse response) {
        return CompletableFuture.completedFuture(response);
    }

    private static Refusal notFound(String path) {
        return new Refusal(RefusalCode.NOT_FOUND, "", "the console serves no " + path);
    }
}

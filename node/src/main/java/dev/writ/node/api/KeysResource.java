package dev.writ.node.api;

import com.nimbusds.jose.jwk.OctetKeyPair;
import com.nimbusds.jose.util.JSONObjectUtils;
import dev.writ.node.keys.DomainKeyCache;
import dev.writ.protocol.crypto.KeyEncoding;
import dev.writ.protocol.crypto.KeyRing;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import org.apache.pekko.http.javadsl.model.ContentTypes;
import org.apache.pekko.http.javadsl.model.HttpRequest;
import org.apache.pekko.http.javadsl.model.HttpResponse;
import org.apache.pekko.stream.Materializer;

/**
 * {@code GET /v1/keys}: the domain's public keys as a JWK set (RFC 7517), each with the domain
 * that holds it; read from the key directory on the bounded reads dispatcher.
 */
final class KeysResource implements Handler {
    private final DomainKeyCache domainKeys;
    private final Executor reads;
    private final Materializer materializer;

    KeysResource(DomainKeyCache domainKeys, Executor reads, Materializer materializer) {
        this.domainKeys = domainKeys;
        this.reads = reads;
        this.materializer = materializer;
    }

    @Override
    public CompletionStage<HttpResponse> handle(HttpRequest request, List<String> pathParameters) {
        request.discardEntityBytes(materializer);
        return CompletableFuture.supplyAsync(this::keys, reads);
    }

    private HttpResponse keys() {
        List<Map<String, Object>> keys = new ArrayList<>();
        for (KeyRing.Entry e : domainKeys.refresh().entries()) {
            OctetKeyPair jwk = KeyEncoding.toJwk(e.key());
            Map<String, Object> json = new LinkedHashMap<>(jwk.toJSONObject());
            json.put("writ_domain", e.domain());
            keys.add(json);
        }
        String body = JSONObjectUtils.toJSONString(Map.of("keys", keys));
        return HttpResponse.create().withEntity(ContentTypes.APPLICATION_JSON, body.getBytes(StandardCharsets.UTF_8));
    }
}

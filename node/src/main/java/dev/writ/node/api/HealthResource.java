package dev.writ.node.api;

import dev.writ.node.exchange.PartnerDomains;
import dev.writ.node.health.HealthReport;
import dev.writ.node.health.HealthState;
import dev.writ.node.health.HealthStatus;
import dev.writ.node.policy.PolicySource;
import dev.writ.node.policy.PolicyUnavailableException;
import dev.writ.protocol.wire.Health;
import dev.writ.protocol.wire.HealthReason;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.apache.pekko.http.javadsl.model.ContentTypes;
import org.apache.pekko.http.javadsl.model.HttpRequest;
import org.apache.pekko.http.javadsl.model.HttpResponse;
import org.apache.pekko.http.javadsl.model.StatusCodes;
import org.apache.pekko.stream.Materializer;

/** {@code GET /v1/health}: the node's state with its reasons; 503 while FAILED, so a load balancer stops sending. */
final class HealthResource implements Handler {
    private final String nodeId;
    private final String domain;
    private final HealthState health;
    private final PartnerDomains partners;
    private final PolicySource policy;
    private final Materializer materializer;

    HealthResource(String nodeId, String domain, HealthState health, PartnerDomains partners, PolicySource policy,
                   Materializer materializer) {
        this.nodeId = nodeId;
        this.domain = domain;
        this.health = health;
        this.partners = partners;
        this.policy = policy;
        this.materializer = materializer;
    }

    @Override
    public CompletionStage<HttpResponse> handle(HttpRequest request, List<String> pathParameters) {
        request.discardEntityBytes(materializer);
        HealthReport report = health.get();
        Health.Builder answer = Health.newBuilder()
                .setStatus(report.status().name())
                .setNodeId(nodeId)
                .setDomain(domain)
                .addAllMembersUp(report.membersUp())
                .addAllDomains(partners.continuity());
        for (HealthReport.Finding f : report.findings()) {
            answer.addReasons(HealthReason.newBuilder().setCheck(f.check()).setStatus(f.status().name()).setDetail(f.detail()));
        }
        try {
            answer.setPolicyEpoch(policy.current().epoch());
        } catch (PolicyUnavailableException e) {
            // no policy: the "policy" finding above says why, and the node is FAILED
        }
        return CompletableFuture.completedFuture(HttpResponse.create()
                .withStatus(report.status() == HealthStatus.FAILED ? StatusCodes.SERVICE_UNAVAILABLE : StatusCodes.OK)
                .withEntity(ContentTypes.APPLICATION_JSON, ApiJson.print(answer)));
    }
}

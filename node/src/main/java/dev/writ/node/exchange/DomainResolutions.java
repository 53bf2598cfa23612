package dev.writ.node.exchange;

import com.google.protobuf.ByteString;
import dev.writ.node.config.NodeSettings;
import dev.writ.node.dispatch.Continuations;
import dev.writ.node.evidence.EvidenceLog;
import dev.writ.node.refusal.Refusal;
import dev.writ.node.refusal.RefusalCode;
import dev.writ.node.sharding.DomainMembers;
import dev.writ.protocol.wire.DomainResolutionRequest;
import dev.writ.protocol.wire.DomainResolutionResponse;
import dev.writ.protocol.wire.EvidenceKind;
import dev.writ.reconciliation.ContinuityCode;
import dev.writ.reconciliation.DomainView;
import dev.writ.reconciliation.Verdict;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.stream.Collectors;
import org.apache.pekko.actor.Address;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.javadsl.AskPattern;

/**
 * {@code POST /v1/domains/resolutions}: an operator resolves another domain's equivocation
 * (docs/decisions.md, D28:
 * "refuse its actions until an operator resolves it"). The resolution is recorded as RESOLUTION
 * evidence first; then every node of this domain forgets what it held of that domain and takes its
 * envelopes again from the start, as the domain now sends them. The conflicting envelopes stay in
 * the EQUIVOCATION evidence; a domain that equivocates again is refused again. A resolution names
 * the conflicting envelopes it resolves, and this node serves it only while they are the
 * equivocation it holds of the domain: one written for an earlier equivocation never clears a later one.
 */
public final class DomainResolutions {
    private final NodeSettings settings;
    private final PartnerDomains partners;
    private final EvidenceLog evidence;
    private final ActorSystem<?> system;

    public DomainResolutions(NodeSettings settings, PartnerDomains partners, EvidenceLog evidence,
                             ActorSystem<?> system) {
        this.settings = settings;
        this.partners = partners;
        this.evidence = evidence;
        this.system = system;
    }

    public CompletionStage<DomainResolutionResponse> resolve(DomainResolutionRequest request) {
        String domain = request.getDomain();
        String subject = "domain:" + domain;
        if (domain.isBlank() || request.getReason().isBlank() || request.getIssuer().isBlank()
                || request.getConflictingEnvelopesList().isEmpty()) {
            return CompletableFuture.failedFuture(new Refusal(RefusalCode.MALFORMED, subject, "domain, reason, issuer"
                    + " and conflictingEnvelopes are required: say which domain, why, who resolves, and which"
                    + " equivocation (its conflictingEnvelopes in GET /v1/health)"));
        }
        if (!partners.settings().enabled()) {
            return CompletableFuture.failedFuture(new Refusal(RefusalCode.NOT_FOUND, subject,
                    "this node does not take part in proof exchange (writ.exchange.enabled = off)"));
        }
        Verdict verdict = partners.verdict(domain, 0);
        if (!(verdict instanceof Verdict.Refuse r && r.code() == ContinuityCode.EQUIVOCATION)) {
            return CompletableFuture.failedFuture(new Refusal(RefusalCode.NOT_EQUIVOCATING, subject, "domain " + domain
                    + " is not equivocating on node " + settings.nodeId()));
        }
        try {
            requireHeld(domain, request.getConflictingEnvelopesList(),
                    partners.view(domain).map(DomainView::conflictingEnvelopes).orElse(List.of()), settings.nodeId());
        } catch (Refusal mismatch) {
            return CompletableFuture.failedFuture(mismatch);
        }
        var timeout = settings.revocationPropagationTimeout();
        return evidence.append("exchange:" + domain, List.of(new EvidenceLog.Entry(EvidenceKind.RESOLUTION, subject,
                        request.toByteArray())))
                .handle((records, failure) -> {
                    if (failure != null) {
                        throw new CompletionException(new Refusal(RefusalCode.EVIDENCE_UNAVAILABLE, subject,
                                "the resolution could not be recorded, so nothing was forgotten"));
                    }
                    return records;
                })
                .thenCompose(recorded -> {
                    // every member of this domain's data center, at its endpoint's path: not a receptionist
                    // listing, which another domain's member can add to or remove from (D116)
                    DomainMembers members = DomainMembers.get(system);
                    List<CompletableFuture<Boolean>> acks = new ArrayList<>();
                    for (Address member : members.addresses()) {
                        acks.add(members.<ExchangeEndpoint.Command>at(member, ExchangeEndpoint.PATH, timeout)
                                .thenCompose(endpoint -> AskPattern.<ExchangeEndpoint.Command, ExchangeEndpoint.Forgotten>ask(
                                        endpoint, reply -> new ExchangeEndpoint.Forget(domain,
                                                hex(request.getConflictingEnvelopesList()), reply), timeout, system.scheduler()))
                                .handle((done, failure) -> failure == null)
                                .toCompletableFuture());
                    }
                    return Continuations.on(system.executionContext(), CompletableFuture.allOf(acks.toArray(CompletableFuture[]::new)))
                            .thenApply(all -> DomainResolutionResponse.newBuilder().setDomain(domain)
                                    .setNodesAcknowledged((int) acks.stream().filter(CompletableFuture::join).count())
                                    .setNodesTotal(acks.size()).build());
                });
    }

    /** Refuses RESOLUTION_MISMATCH unless {@code named} are the envelopes {@code held} in conflict here, in any order. */
    static void requireHeld(String domain, List<ByteString> named, List<ByteString> held, String nodeId) throws Refusal {
        if (!Set.copyOf(named).equals(Set.copyOf(held))) {
            throw new Refusal(RefusalCode.RESOLUTION_MISMATCH, "domain:" + domain, "the resolution names envelopes "
                    + base64(named) + ", but the equivocation of domain " + domain + " held on node " + nodeId + " is "
                    + base64(held) + "; look at it again and resolve it, if it is what you meant to resolve");
        }
    }

    private static List<String> hex(List<ByteString> hashes) {
        return hashes.stream().map(h -> HexFormat.of().formatHex(h.toByteArray())).toList();
    }

    /** As GET /v1/health shows them (proto3 JSON: base64). */
    private static String base64(List<ByteString> hashes) {
        return hashes.stream().map(h -> Base64.getEncoder().encodeToString(h.toByteArray()))
                .collect(Collectors.joining(", ", "[", "]"));
    }
}

package dev.writ.node.exchange;

import com.google.protobuf.InvalidProtocolBufferException;
import dev.writ.node.dispatch.Continuations;
import dev.writ.protocol.Fault;
import dev.writ.protocol.ProtocolException;
import dev.writ.protocol.Wire;
import dev.writ.protocol.bundle.BundleVerdict;
import dev.writ.protocol.bundle.BundleVerifier;
import dev.writ.protocol.bundle.Check;
import dev.writ.protocol.crypto.KeyRing;
import dev.writ.protocol.wire.BundleItem;
import dev.writ.protocol.wire.DomainPart;
import dev.writ.protocol.wire.EvidenceBody;
import dev.writ.protocol.wire.EvidenceKind;
import dev.writ.protocol.wire.SignedAnchorBatch;
import dev.writ.protocol.writ.Writ;
import dev.writ.protocol.writ.WritVerifier;
import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.concurrent.ThreadLocalRandom;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.javadsl.AskPattern;

/**
 * Another domain's part of a cross-boundary writ's story, asked of one of its exchange endpoints
 * for a proof bundle and taken only once it holds under that domain's keys on chain, as envelopes
 * are: every key it carries registered to the domain, each record, its manifest of the writ, its
 * anchor batches and proofs (a record not yet anchored is left for the verifier to report), and,
 * in the issuing domain's part, its writ. The answer is bounded in size; the other domain serves
 * it within its rate of served requests. Whatever fails is {@link Missing} with the reason, which
 * the bundle then carries: a part is never left out silently. Settled parts are kept, boundedly.
 */
public final class PartnerStoryParts {
    /** What became of asking a domain for its part. */
    public sealed interface Fetched {
    }

    /** The part, checked under the domain's keys on chain. */
    public record Held(DomainPart part) implements Fetched {
    }

    /** No part: the domain did not answer in time, refused, or answered what does not hold. */
    public record Missing(String reason) implements Fetched {
    }

    private final ActorSystem<?> system;
    private final PartnerKeys keys;
    private final ExchangeSettings settings;
    private final PartnerRoster roster;
    private final Duration timeout;
    private final Executor blocking;
    private final Map<String, DomainPart> settled;

    public PartnerStoryParts(ActorSystem<?> system, PartnerKeys keys, ExchangeSettings settings, PartnerRoster roster,
                             Duration timeout, Executor blocking) {
        this.system = system;
        this.keys = keys;
        this.settings = settings;
        this.roster = roster;
        this.timeout = timeout;
        this.blocking = blocking;
        int capacity = settings.storyPartCache();
        this.settled = Collections.synchronizedMap(new LinkedHashMap<>(16, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, DomainPart> eldest) {
                return size() > capacity;
            }
        });
    }

    /** {@code domain}'s part of the story of {@code jti}; never fails, a failure is {@link Missing}. */
    public CompletionStage<Fetched> fetch(String domain, String jti) {
        if (!roster.partners().contains(domain)) {
            return CompletableFuture.completedFuture(new Missing("domain " + domain
                    + " is not a partner of this domain (writ.exchange.partners)"));
        }
        DomainPart kept = settled.get(domain + "/" + jti);
        if (kept != null) {
            return CompletableFuture.completedFuture(new Held(kept));
        }
        return ExchangeEndpoint.endpointsOf(system, domain, timeout)
                .thenCompose(refs -> {
                    if (refs.isEmpty()) {
                        throw new CompletionException(new ProtocolException(Fault.MALFORMED,
                                "no node of domain " + domain + " is reachable"));
                    }
                    return Continuations.on(system.executionContext(),
                            AskPattern.<ExchangeEndpoint.Command, ExchangeEndpoint.PartAnswer>ask(
                                    refs.get(ThreadLocalRandom.current().nextInt(refs.size())),
                                    reply -> new ExchangeEndpoint.PartRequest(jti, reply), timeout, system.scheduler()));
                })
                .thenApplyAsync(answer -> checked(domain, jti, answer), blocking)
                .exceptionally(failure -> {
                    Throwable cause = failure instanceof CompletionException && failure.getCause() != null
                            ? failure.getCause() : failure;
                    return new Missing(cause instanceof ProtocolException p ? p.detail()
                            : "domain " + domain + " did not answer within " + timeout.toMillis() + " ms");
                });
    }

    private Fetched checked(String domain, String jti, ExchangeEndpoint.PartAnswer answer) {
        if (!answer.refusal().isEmpty()) {
            return new Missing("domain " + domain + " refused: " + answer.refusal());
        }
        DomainPart part;
        try {
            part = Wire.parse(DomainPart.parser(), answer.part(), settings.maxStoryPartBytes(), "story part of " + domain);
        } catch (ProtocolException e) {
            return new Missing("domain " + domain + " answered what is no story part: " + e.detail());
        }
        if (!part.getDomain().equals(domain)) {
            return new Missing("domain " + domain + " answered the part of domain '" + part.getDomain() + "'");
        }
        KeyRing ring = keys.ring(domain);
        BundleVerdict verdict = BundleVerifier.verifyPart(part, jti, ring);
        for (Check check : verdict.checks()) {
            if (check.status() == Check.Status.FAIL && check.fault() != Fault.NOT_ANCHORED) {
                return new Missing("domain " + domain + "'s part does not hold under its keys on chain: " + check.name()
                        + " " + check.fault() + ": " + check.detail());
            }
        }
        if (!part.getWrit().isEmpty()) {
            try {
                Writ writ = new WritVerifier(ring, Duration.ZERO).authenticate(part.getWrit());
                if (!writ.claims().jti().equals(jti) || !writ.claims().domain().equals(domain)) {
                    return new Missing("domain " + domain + " answered another writ than " + jti);
                }
            } catch (ProtocolException e) {
                return new Missing("domain " + domain + "'s writ does not hold under its keys on chain: " + e.fault()
                        + ": " + e.detail());
            }
        }
        if (verdict.holds() && settledStory(part)) {
            settled.put(domain + "/" + jti, part);
        }
        return new Held(part);
    }

    /**
     * Nothing more will be added to it: every record in a sealed batch, every batch's place on chain
     * known, and, for a redeeming part, its outcome reported.
     */
    private static boolean settledStory(DomainPart part) {
        boolean redeeming = part.getWrit().isEmpty();
        return part.getItemsList().stream().allMatch(BundleItem::hasInclusion)
                && part.getAnchorsList().stream().allMatch(SignedAnchorBatch::hasAnchor)
                && (!redeeming || part.getItemsList().stream().anyMatch(i -> kindOf(i) == EvidenceKind.OUTCOME));
    }

    private static EvidenceKind kindOf(BundleItem item) {
        try {
            return EvidenceBody.parseFrom(item.getRecord().getBody()).getKind();
        } catch (InvalidProtocolBufferException e) {
            return EvidenceKind.UNRECOGNIZED; // verified already; unreachable in practice, and never settled
        }
    }
}

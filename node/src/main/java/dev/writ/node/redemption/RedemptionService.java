package dev.writ.node.redemption;

import com.google.protobuf.ByteString;
import com.google.protobuf.InvalidProtocolBufferException;
import dev.writ.node.config.NodeSettings;
import dev.writ.node.evidence.EvidenceLog;
import dev.writ.node.evidence.WritClaim;
import dev.writ.node.health.HealthState;
import dev.writ.node.identity.AgentAuthentication;
import dev.writ.node.identity.PepAuthentication;
import dev.writ.node.keys.DomainKeyCache;
import dev.writ.node.metrics.NodeMetrics;
import dev.writ.node.policy.PolicySource;
import dev.writ.node.policy.PolicyUnavailableException;
import dev.writ.node.refusal.Refusal;
import dev.writ.node.refusal.RefusalCode;
import dev.writ.node.revocation.RevocationSnapshot;
import dev.writ.node.revocation.RevocationState;
import dev.writ.node.writs.Contracts;
import dev.writ.policy.PolicySnapshot;
import dev.writ.protocol.Canonical;
import dev.writ.protocol.Fault;
import dev.writ.protocol.ProtocolException;
import dev.writ.protocol.crypto.Hashes;
import dev.writ.protocol.crypto.SigningKey;
import dev.writ.protocol.receipt.Receipts;
import dev.writ.protocol.wire.EvidenceKind;
import dev.writ.protocol.wire.ExecutionContract;
import dev.writ.protocol.wire.IssuanceLineageCheck;
import dev.writ.protocol.wire.RedemptionReceipt;
import dev.writ.protocol.wire.RedemptionRequest;
import dev.writ.protocol.wire.RedemptionResponse;
import dev.writ.protocol.wire.SignedReceipt;
import dev.writ.protocol.wire.WritIssuance;
import dev.writ.protocol.writ.PossessionProofs;
import dev.writ.protocol.writ.Writ;
import dev.writ.protocol.writ.WritClaims;
import dev.writ.protocol.writ.WritVerifier;
import java.time.Clock;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;

/**
 * Redemption (`POST /v1/redemptions`, the PEP's call, from a PEP this domain certified), steps 7 to 9
 * of the life of an action: the writ's signature and window, its contract, exact scope, revocations, policy epoch and drift
 * are checked here; then the writ's claim and the signed receipt's REDEMPTION record are written in
 * one transaction by the evidence lane, where the claim's key decides single use (invariant 2); only
 * once both are durable does the PEP hear yes. A writ claimed already is REPLAYED, from its claim
 * row, and leaves no record. Any node of the domain decides, with no owner to ask or wait for.
 */
public final class RedemptionService {
    private static final Base64.Encoder B64URL = Base64.getUrlEncoder().withoutPadding();

    private final NodeSettings settings;
    private final Clock clock;
    private final HealthState health;
    private final RevocationState revocationState;
    private final PolicySource policy;
    private final DomainKeyCache domainKeys;
    private final AgentAuthentication identity;
    private final PepAuthentication peps;
    private final Contracts contracts;
    private final Optional<PartnerWrits> partnerWrits;
    private final SigningKey nodeKey;
    private final EvidenceLog evidence;
    private final NodeMetrics metrics;
    private final Executor blocking;

    public RedemptionService(NodeSettings settings, Clock clock, HealthState health, RevocationState revocations,
                             PolicySource policy, DomainKeyCache domainKeys, AgentAuthentication identity,
                             PepAuthentication peps, Contracts contracts, Optional<PartnerWrits> partnerWrits, SigningKey nodeKey,
                             EvidenceLog evidence, NodeMetrics metrics, Executor blocking) {
        this.settings = settings;
        this.clock = clock;
        this.health = health;
        this.revocationState = revocations;
        this.policy = policy;
        this.domainKeys = domainKeys;
        this.identity = identity;
        this.peps = peps;
        this.contracts = contracts;
        this.partnerWrits = partnerWrits;
        this.nodeKey = nodeKey;
        this.evidence = evidence;
        this.metrics = metrics;
        this.blocking = blocking;
    }

    /**
     * Redeems for the PEP that sent {@code request}, authenticated first (by its signature, or by
     * {@code presented}, the client certificate chain of its HTTPS connection; {@link PepAuthentication}):
     * nothing about the writ is looked at for a PEP that is not this domain's.
     */
    public CompletionStage<RedemptionResponse> redeem(RedemptionRequest request, List<byte[]> presented) {
        long started = System.nanoTime();
        try {
            health.requireServing("");
            peps.authenticate(request, request.getPepId(), presented, revocationState.requireFresh(request.getPepId()),
                    clock.instant(), request.getPepId());
        } catch (Refusal r) {
            return CompletableFuture.failedFuture(r);
        }
        Optional<String> partner = PartnerWrits.claimedDomain(request.getWrit()).filter(d -> !d.equals(settings.domain()));
        if (partner.isPresent() && partnerWrits.isPresent()) {
            // A partner's writ: single use is decided here, under the partner's name, once its proof holds.
            return partnerWrits.get().check(partner.get(), request)
                    .thenCompose(c -> redeemOnce(c.writ(), c.contract(), request, c.domain(), Optional.of(c.lineage())))
                    .whenComplete((response, failure) -> {
                        if (response != null) {
                            metrics.redeemed(System.nanoTime() - started);
                        }
                    });
        }
        return verifiedWrit(request.getWrit())
                .thenCompose(writ -> issuance(writ.claims().jti())
                        .thenCompose(issuance -> {
                            String jti = writ.claims().jti();
                            try {
                                ExecutionContract contract = checked(writ, issuance.orElseThrow(() -> new Refusal(
                                        RefusalCode.UNKNOWN_WRIT, jti, "domain " + settings.domain()
                                        + " has no issuance of writ " + jti)), request);
                                // Invariant 6 on the second revocation path: an agent revoked on chain since
                                // admission has its unredeemed writs refused here.
                                return identity.requireActiveOnChain(writ.claims().issuer(), jti)
                                        .thenCompose(active -> redeemOnce(writ, contract, request, settings.domain(),
                                                Optional.empty()));
                            } catch (Refusal r) {
                                return CompletableFuture.failedFuture(r);
                            }
                        }))
                .whenComplete((response, failure) -> {
                    if (response != null) {
                        metrics.redeemed(System.nanoTime() - started);
                    }
                });
    }

    /**
     * The ISSUANCE of {@code jti}: from memory on the calling thread when this node minted or read it
     * lately (a redemption at the minting node: no hand-off to another thread), else one read of the
     * store on the blocking executor.
     */
    private CompletionStage<Optional<WritIssuance>> issuance(String jti) {
        Optional<WritIssuance> cached = contracts.cached(jti);
        return cached.isPresent()
                ? CompletableFuture.completedFuture(cached)
                : CompletableFuture.supplyAsync(() -> contracts.issuance(jti), blocking);
    }

    /**
     * The writ, verified against the domain's keys. A key this node has not seen (a node that joined
     * since the key directory was last read) sends one read of the directory to the blocking
     * executor, never onto the request thread.
     */
    private CompletionStage<Writ> verifiedWrit(String compact) {
        Instant now = clock.instant();
        try {
            health.requireServing("");
            return CompletableFuture.completedFuture(new WritVerifier(domainKeys.ring(), settings.clockSkew())
                    .verify(compact, now));
        } catch (Refusal r) {
            return CompletableFuture.failedFuture(r);
        } catch (ProtocolException e) {
            if (e.fault() != Fault.UNKNOWN_KEY) {
                return CompletableFuture.failedFuture(refusalOf(compact, e));
            }
            return CompletableFuture.supplyAsync(() -> {
                try {
                    return new WritVerifier(domainKeys.refresh(), settings.clockSkew()).verify(compact, now);
                } catch (ProtocolException again) {
                    throw new CompletionException(refusalOf(compact, again));
                }
            }, blocking);
        }
    }

    private Refusal refusalOf(String compact, ProtocolException e) {
        String subject = "";
        try {
            // Name the jti in the refusal when the writ is at least authentic, e.g. an expired one.
            subject = new WritVerifier(domainKeys.ring(), settings.clockSkew()).authenticate(compact)
                    .claims().jti();
        } catch (ProtocolException ignored) {
            // a forged or malformed writ names nothing we can trust
        }
        return new Refusal(RefusalCode.ofWritFault(e.fault()), subject, e.fault() + ": " + e.detail());
    }

    /** Everything but single use, in the order the PEP most needs to hear about. */
    private ExecutionContract checked(Writ writ, WritIssuance issuance, RedemptionRequest request) throws Refusal {
        WritClaims claims = writ.claims();
        String jti = claims.jti();
        if (!claims.domain().equals(settings.domain())) {
            throw new Refusal(RefusalCode.FOREIGN_DOMAIN, jti, "writ of domain " + claims.domain()
                    + "; this node redeems for " + settings.domain());
        }
        if (!contractRedeemDomain(issuance).isEmpty() && !contractRedeemDomain(issuance).equals(settings.domain())) {
            throw new Refusal(RefusalCode.FOREIGN_DOMAIN, jti, "writ " + jti + " is for a target of domain "
                    + contractRedeemDomain(issuance) + " and is redeemed there, not here");
        }
        if (!issuance.getWrit().equals(writ.compact())) {
            throw new Refusal(RefusalCode.WRIT_FORGED, jti, "the domain issued another writ under jti " + jti);
        }
        ExecutionContract contract;
        try {
            contract = ExecutionContract.parseFrom(issuance.getContract());
        } catch (InvalidProtocolBufferException e) {
            throw new IllegalStateException("the contract of " + jti + " is unreadable", e);
        }
        if (!B64URL.encodeToString(Hashes.sha256(issuance.getContract().toByteArray())).equals(claims.contractHash())) {
            throw new Refusal(RefusalCode.WRIT_FORGED, jti, "the writ's cnt is not the hash of its contract");
        }
        ScopeCheck.requireInScope(jti, contract, claims.action().classification(), request.getMutation());
        RevocationSnapshot revocations = revocationState.requireFresh(jti);
        var revoked = revocations.revocationOf(jti, claims.issuer(), writ.keyId().toString());
        if (revoked.isPresent()) {
            throw new Refusal(RefusalCode.REVOKED, jti, revoked.get() + " (revocation epoch " + revocations.epoch() + ")");
        }
        if (!contract.getAgentKeyId().isEmpty() && revocations.keys().contains(contract.getAgentKeyId())) {
            throw new Refusal(RefusalCode.REVOKED, jti, "the certificate key " + contract.getAgentKeyId()
                    + " the agent proposed with is revoked (revocation epoch " + revocations.epoch() + ")");
        }
        requireCurrentPolicy(jti, claims.policy());
        ScopeCheck.requireNoDrift(jti, contract, request.getObservedMap());
        return contract;
    }

    private static String contractRedeemDomain(WritIssuance issuance) {
        try {
            return ExecutionContract.parseFrom(issuance.getContract()).getRedeemDomain();
        } catch (InvalidProtocolBufferException e) {
            throw new IllegalStateException("the contract of an issued writ is unreadable", e);
        }
    }

    private void requireCurrentPolicy(String jti, WritClaims.Policy issuedUnder) throws Refusal {
        PolicySnapshot current;
        try {
            current = policy.current();
        } catch (PolicyUnavailableException e) {
            throw new Refusal(RefusalCode.POLICY_UNAVAILABLE, jti, e.getMessage());
        }
        boolean sameSource = current.epoch().getContractAddress().equals(issuedUnder.contractAddress());
        if (!sameSource || issuedUnder.version() < current.set().minimumWritVersion()) {
            throw new Refusal(RefusalCode.POLICY_EPOCH_STALE, jti, "issued under policy " + issuedUnder.contractAddress()
                    + " v" + issuedUnder.version() + "; the domain now accepts writs of " + current.epoch().getContractAddress()
                    + " from v" + current.set().minimumWritVersion());
        }
    }

    /**
     * Single use, decided where it is made durable: the claim of (the issuing domain, jti) and the
     * REDEMPTION record go in one transaction of the evidence lane, so the receipt's yes is never
     * without its evidence and a replay never has a record. A partner's writ's receipt carries the
     * lineage check made of it ({@code lineage}), so the record shows what this domain checked.
     */
    private CompletionStage<RedemptionResponse> redeemOnce(Writ writ, ExecutionContract contract, RedemptionRequest request,
                                                           String writDomain, Optional<IssuanceLineageCheck> lineage) {
        String jti = writ.claims().jti();
        long now = clock.millis();
        try {
            // D61: a writ bound to its agent's key is spent only by whoever proves that key, for this
            // PEP and this mutation; one place for own and partner writs, before the claim.
            PossessionProofs.require(writ.claims(), request.hasPossession() ? Optional.of(request.getPossession())
                            : Optional.empty(), request.getMutation(), request.getPepId(), Instant.ofEpochMilli(now),
                    settings.possessionMaxAge(), settings.clockSkew());
        } catch (ProtocolException e) {
            return CompletableFuture.failedFuture(new Refusal(RefusalCode.ofPossessionFault(e.fault()), jti, e.detail()));
        }
        if (now >= contract.getExpiresAtMillis()) {
            // The contract's window is the writ's to the millisecond; the clock skew the signature
            // check allows does not stretch it.
            return CompletableFuture.failedFuture(new Refusal(RefusalCode.WRIT_EXPIRED, jti, "writ " + jti
                    + " expired at " + Instant.ofEpochMilli(contract.getExpiresAtMillis())));
        }
        byte[] mutationHash = Hashes.sha256(Canonical.bytes(request.getMutation()));
        RedemptionReceipt.Builder receipt = RedemptionReceipt.newBuilder()
                .setDomain(settings.domain())
                .setJti(jti)
                .setWritHash(ByteString.copyFrom(writ.hash()))
                .setContractHash(ByteString.copyFrom(Base64.getUrlDecoder().decode(writ.claims().contractHash())))
                .setMutationHash(ByteString.copyFrom(mutationHash))
                .setPepId(request.getPepId())
                .setNodeId(settings.nodeId())
                .setRedeemedAtMillis(now);
        lineage.ifPresent(receipt::setLineageCheck);
        SignedReceipt signed = Receipts.seal(nodeKey, receipt.build());
        // The REDEMPTION record commits to exactly the bytes the PEP will verify.
        byte[] receiptBytes = signed.getReceipt().toByteArray();
        WritClaim claim = new WritClaim(writDomain, jti, WritClaim.Outcome.REDEEMED, now, settings.nodeId());
        return evidence.appendClaimed(jti, claim, List.of(new EvidenceLog.Entry(EvidenceKind.REDEMPTION, jti, receiptBytes)))
                .handle((claimed, failure) -> {
                    if (failure != null) {
                        // Neither the claim nor the record committed (or, after a lost acknowledgement,
                        // both did): the PEP must not execute, and a retry finds out which.
                        throw new CompletionException(new Refusal(RefusalCode.EVIDENCE_UNAVAILABLE, jti,
                                "the redemption could not be recorded, so the PEP must not execute; retrying redeems"
                                        + " the writ if it was not, or answers REPLAYED if it was"));
                    }
                    if (claimed instanceof EvidenceLog.Lost<WritClaim> lost) {
                        throw new CompletionException(refusalFor(jti, lost.held()));
                    }
                    return RedemptionResponse.newBuilder().setJti(jti).setReceipt(signed).build();
                });
    }

    private static Refusal refusalFor(String jti, WritClaim held) {
        Instant at = Instant.ofEpochMilli(held.atMillis());
        return switch (held.outcome()) {
            case REDEEMED -> new Refusal(RefusalCode.REPLAYED, jti, "writ " + jti + " was already redeemed via "
                    + held.nodeId() + " at " + at);
            case EXPIRED -> new Refusal(RefusalCode.WRIT_EXPIRED, jti, "writ " + jti + " expired unused; recorded by "
                    + held.nodeId() + " at " + at);
            case REPORTED -> throw new IllegalStateException("a settlement claim read back as an outcome report");
        };
    }
}

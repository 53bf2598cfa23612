package dev.writ.node.outcome;

import com.google.protobuf.ByteString;
import com.google.protobuf.InvalidProtocolBufferException;
import dev.writ.node.config.NodeSettings;
import dev.writ.node.evidence.EvidenceLog;
import dev.writ.node.evidence.EvidenceStore;
import dev.writ.node.evidence.StoredRecord;
import dev.writ.node.evidence.WritClaim;
import dev.writ.node.health.HealthState;
import dev.writ.node.identity.PepAuthentication;
import dev.writ.node.refusal.Refusal;
import dev.writ.node.refusal.RefusalCode;
import dev.writ.node.revocation.RevocationState;
import dev.writ.protocol.crypto.Hashes;
import dev.writ.protocol.wire.EvidenceKind;
import dev.writ.protocol.wire.OutcomeRecord;
import dev.writ.protocol.wire.OutcomeRequest;
import dev.writ.protocol.wire.OutcomeResponse;
import dev.writ.protocol.wire.RedemptionReceipt;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.regex.Pattern;

/**
 * Outcomes (`POST /v1/outcomes`): the PEP that redeemed a writ, authenticated as at redemption,
 * reports what happened. The
 * OUTCOME record cites the redemption receipt's hash, closing the writ's story. One outcome per
 * writ is decided as single use is (D45): the report claims (domain, jti) in
 * {@code writ_outcome_claims} in the transaction of its OUTCOME record, so of two reports racing
 * one is recorded and the other is OUTCOME_ALREADY_REPORTED, whichever nodes they reached.
 */
public final class OutcomeService {
    /** What a jti may be (writs carry UUIDs); anything else is refused before it reaches a query or a record. */
    private static final Pattern JTI = Pattern.compile("[A-Za-z0-9_.:-]{1,128}");

    private final NodeSettings settings;
    private final Clock clock;
    private final HealthState health;
    private final RevocationState revocations;
    private final PepAuthentication peps;
    private final EvidenceStore store;
    private final EvidenceLog evidence;
    private final Executor blocking;

    public OutcomeService(NodeSettings settings, Clock clock, HealthState health, RevocationState revocations,
                          PepAuthentication peps, EvidenceStore store, EvidenceLog evidence, Executor blocking) {
        this.settings = settings;
        this.clock = clock;
        this.health = health;
        this.revocations = revocations;
        this.peps = peps;
        this.store = store;
        this.evidence = evidence;
        this.blocking = blocking;
    }

    /**
     * Records the outcome {@code request} reports, from the PEP it names, authenticated (by its
     * signature, or by {@code presented}, its HTTPS client certificate chain; {@link PepAuthentication}),
     * which must be the PEP whose redemption the writ's REDEMPTION record holds.
     */
    public CompletionStage<OutcomeResponse> report(OutcomeRequest request, List<byte[]> presented) {
        String jti = request.getJti();
        try {
            health.requireServing(jti);
            if (!JTI.matcher(jti).matches()) {
                throw new Refusal(RefusalCode.MALFORMED, jti, "jti is required: 1-128 letters, digits, '_', '.', ':' or '-'");
            }
            peps.authenticate(request, request.getPepId(), presented, revocations.requireFresh(jti), clock.instant(), jti);
            if (request.getStatus() == OutcomeRecord.Status.STATUS_UNSPECIFIED
                    || request.getStatus() == OutcomeRecord.Status.UNRECOGNIZED) {
                throw new Refusal(RefusalCode.MALFORMED, jti, "status is one of SUCCEEDED, FAILED, ROLLED_BACK");
            }
            if (request.getResultHash().size() != 0 && request.getResultHash().size() != 32) {
                throw new Refusal(RefusalCode.MALFORMED, jti, "resultHash is SHA-256 (32 bytes) when given");
            }
        } catch (Refusal r) {
            return CompletableFuture.failedFuture(r);
        }
        return CompletableFuture.supplyAsync(() -> store.story(settings.domain(), jti), blocking)
                .thenCompose(story -> {
                    try {
                        byte[] receipt = redemptionReceipt(jti, story, request.getPepId());
                        return record(request, receipt);
                    } catch (Refusal r) {
                        return CompletableFuture.failedFuture(r);
                    }
                });
    }

    private static byte[] redemptionReceipt(String jti, List<StoredRecord> story, String pepId) throws Refusal {
        byte[] receipt = null;
        for (StoredRecord r : story) {
            if (r.kind() == EvidenceKind.OUTCOME) {
                // the early answer; the claim in record() is what decides
                throw new Refusal(RefusalCode.OUTCOME_ALREADY_REPORTED, jti, "writ " + jti + " already has an outcome");
            }
            if (r.kind() == EvidenceKind.REDEMPTION) {
                receipt = r.payload();
            }
        }
        if (receipt == null) {
            throw new Refusal(RefusalCode.NOT_REDEEMED, jti, "writ " + jti + " has no redemption in this domain");
        }
        try {
            String redeemedBy = RedemptionReceipt.parseFrom(receipt).getPepId();
            if (!redeemedBy.equals(pepId)) {
                throw new Refusal(RefusalCode.PEP_MISMATCH, jti, "writ " + jti + " was redeemed by PEP '" + redeemedBy
                        + "', not '" + pepId + "'");
            }
        } catch (InvalidProtocolBufferException e) {
            throw new IllegalStateException("the REDEMPTION record of " + jti + " is unreadable", e);
        }
        return receipt;
    }

    private static Refusal alreadyReported(String jti, WritClaim held) {
        return new Refusal(RefusalCode.OUTCOME_ALREADY_REPORTED, jti, "writ " + jti + " already has an outcome, reported via "
                + held.nodeId() + " at " + java.time.Instant.ofEpochMilli(held.atMillis()));
    }

    private CompletionStage<OutcomeResponse> record(OutcomeRequest request, byte[] receipt) {
        String jti = request.getJti();
        byte[] outcome = OutcomeRecord.newBuilder()
                .setDomain(settings.domain())
                .setJti(jti)
                .setReceiptHash(ByteString.copyFrom(Hashes.sha256(receipt)))
                .setStatus(request.getStatus())
                .setDetail(request.getDetail())
                .setResultHash(request.getResultHash())
                .setPepId(request.getPepId())
                .setReportedAtMillis(clock.millis())
                .build()
                .toByteArray();
        WritClaim claim = new WritClaim(settings.domain(), jti, WritClaim.Outcome.REPORTED, clock.millis(),
                settings.nodeId());
        return evidence.appendClaimed(jti, claim, List.of(new EvidenceLog.Entry(EvidenceKind.OUTCOME, jti, outcome)))
                .handle((claimed, failure) -> {
                    if (failure != null) {
                        throw new CompletionException(new Refusal(RefusalCode.EVIDENCE_UNAVAILABLE, jti,
                                "the outcome could not be recorded; report it again"));
                    }
                    if (claimed instanceof EvidenceLog.Lost<WritClaim> lost) {
                        throw new CompletionException(alreadyReported(jti, lost.held()));
                    }
                    return OutcomeResponse.newBuilder().setJti(jti).setOutcomeRecord(ByteString.copyFrom(outcome)).build();
                });
    }
}

package dev.writ.node.expiry;

import com.google.protobuf.InvalidProtocolBufferException;
import dev.writ.node.config.NodeSettings;
import dev.writ.node.evidence.EvidenceLog;
import dev.writ.node.evidence.EvidenceStore;
import dev.writ.node.evidence.StoredRecord;
import dev.writ.node.evidence.WritClaim;
import dev.writ.protocol.wire.EvidenceKind;
import dev.writ.protocol.wire.ExecutionContract;
import dev.writ.protocol.wire.WritIssuance;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Closes the story of writs that ran out unused: each node, on an interval, records EXPIRY evidence
 * with an EXPIRED claim, in one transaction, for each writ it issued whose window has passed (plus a
 * grace) and that nobody has settled (no row in {@code writ_claims}). The claim's key decides against
 * a redemption racing it, as between two redemptions (invariant 2): a writ gets a REDEMPTION or an
 * EXPIRY, never both, and an expiry that failed to commit left no claim, so the writ is read again.
 * Each unsettled issuance is read from the evidence store twice at most ({@link ExpirySchedule}): once
 * when it is new (older than a write can take to commit, so none is missed), to learn when it falls
 * due, and once when due, still unsettled. A restarted node reads again what it issued within the
 * look-back. A writ whose contract names another domain to redeem it is left alone: only that domain
 * knows whether it was used, and its part of the writ's story says so (a cross-boundary bundle
 * carries both).
 */
public final class ExpirySweeper implements Runnable {
    private static final Logger LOG = LoggerFactory.getLogger(ExpirySweeper.class);
    /** Writs live at most 300 s; issuances older than this can no longer be pending. */
    private static final Duration LOOK_BACK = Duration.ofMinutes(15);

    private final NodeSettings settings;
    private final Clock clock;
    private final EvidenceStore store;
    private final EvidenceLog evidence;
    /** A record is stamped when its group is sealed and committed within a write's timeout (the ask timeout). */
    private final long settlingMillis;
    private final ExpirySchedule schedule = new ExpirySchedule();
    /** Issuances before this time have been read once (scheduled, or settled then); -1 before the first sweep. */
    private long readUpTo = -1;

    public ExpirySweeper(NodeSettings settings, Clock clock, EvidenceStore store, EvidenceLog evidence) {
        this.settings = settings;
        this.clock = clock;
        this.store = store;
        this.evidence = evidence;
        this.settlingMillis = 2 * settings.askTimeout().toMillis();
    }

    @Override
    public void run() {
        try {
            sweep();
        } catch (RuntimeException e) {
            LOG.warn("Expiry sweep of {} failed ({}); the next sweep retries", settings.nodeId(), e.toString());
        }
    }

    private void sweep() {
        long now = clock.millis();
        long grace = settings.expiryGrace().toMillis();
        if (readUpTo < 0) {
            readUpTo = now - LOOK_BACK.toMillis();
        }
        // issuances new since the last sweep, old enough that every one of them is committed by now: read once
        long settled = now - settlingMillis;
        if (settled > readUpTo) {
            for (StoredRecord issuance : store.unclaimedIssuances(settings.domain(), settings.nodeId(), readUpTo, settled)) {
                ExecutionContract contract = contractOf(issuance);
                if (redeemedElsewhere(contract)) {
                    continue;
                }
                schedule.add(contract.getExpiresAtMillis() + grace, issuance.timeMillis());
            }
            readUpTo = settled;
        }
        Optional<ExpirySchedule.Due> due = schedule.takeDue(now);
        if (due.isEmpty()) {
            return;
        }
        try {
            expire(due.get(), now, grace);
        } catch (RuntimeException e) {
            // the span is read again at the next sweep; what this one expired has its claim and is not read again
            schedule.add(now, due.get().firstIssuedMillis());
            schedule.add(now, due.get().lastIssuedMillis());
            throw e;
        }
    }

    /** Expires the writs issued in {@code due}'s span that nobody settled and whose window (plus grace) has passed. */
    private void expire(ExpirySchedule.Due due, long now, long grace) {
        List<CompletableFuture<EvidenceLog.Claimed<WritClaim>>> expiries = new ArrayList<>();
        for (StoredRecord issuance : store.unclaimedIssuances(settings.domain(), settings.nodeId(),
                due.firstIssuedMillis(), due.lastIssuedMillis() + 1)) {
            ExecutionContract contract = contractOf(issuance);
            long expiresAt = contract.getExpiresAtMillis();
            if (redeemedElsewhere(contract) || now < expiresAt + grace) {
                // a longer writ issued in the same span is still scheduled for its own due time
                continue;
            }
            String jti = issuance.subject();
            expiries.add(evidence.appendClaimed(jti,
                    new WritClaim(settings.domain(), jti, WritClaim.Outcome.EXPIRED, now, settings.nodeId()),
                    List.of(new EvidenceLog.Entry(EvidenceKind.EXPIRY, jti,
                            ("expired unused at " + expiresAt).getBytes(StandardCharsets.UTF_8)))));
        }
        // All appended at once, so they share the lanes' group commits; a lost claim was redeemed meanwhile.
        CompletableFuture.allOf(expiries.toArray(CompletableFuture[]::new)).join();
    }

    /** Redeemed, or not, in the domain the contract names: this domain cannot say "expired unused". */
    private boolean redeemedElsewhere(ExecutionContract contract) {
        return !contract.getRedeemDomain().isEmpty() && !contract.getRedeemDomain().equals(settings.domain());
    }

    private static ExecutionContract contractOf(StoredRecord record) {
        try {
            return ExecutionContract.parseFrom(WritIssuance.parseFrom(record.payload()).getContract());
        } catch (InvalidProtocolBufferException e) {
            throw new IllegalStateException("the ISSUANCE record of " + record.subject() + " is unreadable", e);
        }
    }
}

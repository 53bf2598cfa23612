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
import java.util.concurrent.CompletableFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Closes the story of writs that ran out unused: each node, on an interval, reads in one query the
 * writs it issued that nobody has settled (no row in {@code writ_claims}), and for each whose window
 * has passed (plus a grace) records EXPIRY evidence with an EXPIRED claim, in one transaction. The
 * claim's key decides against a redemption racing it, as between two redemptions (invariant 2): a
 * writ gets a REDEMPTION or an EXPIRY, never both, and an expiry that failed to commit left no
 * claim, so the next sweep finds the writ again. It reads from the evidence store, so a restarted
 * node catches up on what it issued before the restart (within the look-back). A writ whose contract
 * names another domain to redeem it is left alone: only that domain knows whether it was used, and
 * its part of the writ's story says so (a cross-boundary bundle carries both).
 */
public final class ExpirySweeper implements Runnable {
    private static final Logger LOG = LoggerFactory.getLogger(ExpirySweeper.class);
    /** Writs live at most 300 s; issuances older than this can no longer be pending. */
    private static final Duration LOOK_BACK = Duration.ofMinutes(15);

    private final NodeSettings settings;
    private final Clock clock;
    private final EvidenceStore store;
    private final EvidenceLog evidence;
    /** Issuances before this time are settled (or out of the look-back); -1 before the first sweep. */
    private long settledBefore = -1;

    public ExpirySweeper(NodeSettings settings, Clock clock, EvidenceStore store, EvidenceLog evidence) {
        this.settings = settings;
        this.clock = clock;
        this.store = store;
        this.evidence = evidence;
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
        long from = Math.max(settledBefore, now - LOOK_BACK.toMillis());
        long grace = settings.expiryGrace().toMillis();
        long next = now;
        List<CompletableFuture<EvidenceLog.Claimed<WritClaim>>> expiries = new ArrayList<>();
        for (StoredRecord issuance : store.unclaimedIssuances(settings.domain(), settings.nodeId(), from, now)) {
            ExecutionContract contract = contractOf(issuance);
            if (!contract.getRedeemDomain().isEmpty() && !contract.getRedeemDomain().equals(settings.domain())) {
                // Redeemed, or not, in the domain the contract names: this domain cannot say "expired unused".
                continue;
            }
            long expiresAt = contract.getExpiresAtMillis();
            if (now < expiresAt + grace) {
                // Not due yet: the next sweep reads it again, and everything issued after it.
                next = Math.min(next, issuance.timeMillis());
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
        settledBefore = next;
    }

    private static ExecutionContract contractOf(StoredRecord record) {
        try {
            return ExecutionContract.parseFrom(WritIssuance.parseFrom(record.payload()).getContract());
        } catch (InvalidProtocolBufferException e) {
            throw new IllegalStateException("the ISSUANCE record of " + record.subject() + " is unreadable", e);
        }
    }
}

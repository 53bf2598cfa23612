package dev.writ.chaos.check;

import dev.writ.chaos.history.Operation;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Invariant 6 as a client sees it: once an operator's revocation of a writ was acknowledged, no
 * redemption of that writ invoked more than {@code inFlightBound} later succeeds. The bound covers
 * redemptions already on their way when the revocation was answered.
 */
public final class RevocationChecker implements Checker {
    public static final String NAME = "no-redemption-after-revocation";
    private final Duration inFlightBound;
    private final Duration crossDomainBound;

    /**
     * @param crossDomainBound the bound for a redemption at a node of another domain than the one
     *                         that revoked: the revocation reaches it in an envelope, and until its
     *                         beacons go stale there, the other domain may not know yet
     */
    public RevocationChecker(Duration inFlightBound, Duration crossDomainBound) {
        this.inFlightBound = inFlightBound;
        this.crossDomainBound = crossDomainBound;
    }

    @Override
    public Verdict check(DrillRecord record) {
        String statement = "No redemption invoked more than " + inFlightBound.toMillis()
                + " ms after a revocation of its writ was acknowledged succeeds (" + crossDomainBound.toMillis()
                + " ms at a node of another domain).";
        List<Operation> ops = Operation.pair(record.history());
        Map<String, Operation> revokedAt = new HashMap<>();
        for (Operation op : ops) {
            if (op.invoke().f().equals("revoke") && op.ok()) {
                revokedAt.merge(op.invoke().key(), op, (a, b) -> a.completedMicros() <= b.completedMicros() ? a : b);
            }
        }
        long sameDomain = inFlightBound.toNanos() / 1_000;
        long otherDomain = crossDomainBound.toNanos() / 1_000;
        List<String> examples = new ArrayList<>();
        int checked = 0;
        for (Operation op : ops) {
            if (!op.invoke().f().equals("redeem")) {
                continue;
            }
            Operation revocation = revokedAt.get(op.invoke().key());
            long bound = revocation != null && !NodeDomains.of(op.invoke().node()).equals(NodeDomains.of(revocation.invoke().node()))
                    ? otherDomain : sameDomain;
            if (revocation == null || op.invoke().micros() <= revocation.completedMicros() + bound) {
                continue;
            }
            checked++;
            if (op.ok()) {
                examples.add("redeemed " + (op.invoke().micros() - revocation.completedMicros()) / 1000
                        + " ms after its revocation was acknowledged:\n  " + revocation.describe() + "\n  " + op.describe());
            }
        }
        return Verdict.of(NAME, statement, revokedAt.size() + " acknowledged revocations, " + checked
                + " redemptions attempted after them", examples);
    }
}

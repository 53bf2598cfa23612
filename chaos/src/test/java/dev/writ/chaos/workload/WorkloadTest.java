package dev.writ.chaos.workload;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class WorkloadTest {
    private static final List<String> NODES = List.of("acme-1", "acme-2", "acme-3");

    /** Drives a workload with a fake system that admits every proposal, and names each step. */
    private static List<String> steps(long seed, int n) {
        Workload w = new Workload(seed, NODES, "acme", "t");
        List<String> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            Step s = w.next();
            if (s instanceof Step.Propose p) {
                w.issued(new IssuedWrit("jti-" + i, "writ", p.proposal()));
                out.add("propose " + p.node() + " " + p.proposal().getAgentId() + " "
                        + p.proposal().getAction().getParametersMap().get("amount"));
            } else if (s instanceof Step.DoubleRedeem d) {
                assertThat(d.firstNode()).as("a double redemption goes via two different nodes").isNotEqualTo(d.secondNode());
                out.add("double " + d.firstNode() + " " + d.secondNode() + " " + d.writ().jti());
            } else if (s instanceof Step.Revoke v) {
                w.revoked(v.writ());
                out.add("revoke " + v.writ().jti());
            } else {
                out.add("redeem " + ((Step.Redeem) s).writ().jti());
            }
        }
        return out;
    }

    @Test
    void oneSeedGivesOneScheduleAndAnotherSeedAnother() {
        assertThat(steps(42, 300)).isEqualTo(steps(42, 300)).isNotEqualTo(steps(43, 300));
    }

    @Test
    void revokedWritsAreRedeemedLaterOldestFirst() {
        List<String> s = steps(11, 600);
        List<String> revokedJtis = s.stream().filter(x -> x.startsWith("revoke ")).map(x -> x.substring(7)).toList();
        List<String> redeemedAfterRevocation = s.stream().filter(x -> x.startsWith("redeem "))
                .map(x -> x.substring(7)).filter(revokedJtis::contains).toList();

        assertThat(redeemedAfterRevocation).isNotEmpty();
        assertThat(revokedJtis).startsWith(redeemedAfterRevocation.toArray(String[]::new));
    }

    @Test
    void writsAtHandAtAPolicyChangeAreRedeemedOnlyAfterTheHold() {
        Workload w = new Workload(5, NODES, "acme", "t");
        List<String> before = new ArrayList<>();
        for (int i = 0; i < 60; i++) {
            Step s = w.next();
            if (s instanceof Step.Propose p) {
                w.issued(new IssuedWrit("old-" + i, "writ", p.proposal()));
                before.add("old-" + i);
            }
        }
        w.policyChanged();
        List<String> redeemedOld = new ArrayList<>();
        for (int i = 0; i < Workload.STALE_HOLD_STEPS * 3; i++) {
            Step s = w.next();
            if (s instanceof Step.Propose p) {
                w.issued(new IssuedWrit("new-" + i, "writ", p.proposal()));
            }
            List<IssuedWrit> used = s instanceof Step.Redeem r ? List.of(r.writ())
                    : s instanceof Step.DoubleRedeem d ? List.of(d.writ())
                    : s instanceof Step.Revoke v ? List.of(v.writ()) : List.of();
            for (IssuedWrit writ : used) {
                if (writ.jti().startsWith("old-")) {
                    assertThat(i).as("a stale writ is held back %d steps", Workload.STALE_HOLD_STEPS)
                            .isGreaterThanOrEqualTo(Workload.STALE_HOLD_STEPS - 1);
                    assertThat(s).as("and then only redeemed").isInstanceOf(Step.Redeem.class);
                    redeemedOld.add(writ.jti());
                }
            }
        }
        assertThat(redeemedOld).isNotEmpty();
        assertThat(before).containsSubsequence(redeemedOld);
    }

    @Test
    void theMixHasEveryKindOfClientOperation() {
        List<String> s = steps(7, 400);
        for (String kind : List.of("propose", "redeem", "double", "revoke")) {
            assertThat(s).as(kind).anyMatch(x -> x.startsWith(kind + " "));
        }
    }
}

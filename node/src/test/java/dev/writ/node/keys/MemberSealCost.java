package dev.writ.node.keys;

import dev.writ.node.budget.BudgetEntity;
import dev.writ.policy.BudgetCharge;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import org.apache.pekko.actor.testkit.typed.javadsl.TestInbox;

/**
 * What sealing costs a budget slice request: the sender's seal and the owner's check of it, single
 * threaded, after a warm-up. Not a test; run by hand (BENCHMARKS.md, "Sealed entity commands").
 */
public final class MemberSealCost {
    private MemberSealCost() {
    }

    public static void main(String[] args) {
        int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 20_000;
        MemberSeals seals = TestSeals.ofOneNode("acme-1", "acme");
        BudgetCharge charge = new BudgetCharge(BudgetCharge.key("spiffe://acme/agent/payments-bench", "payments",
                BudgetCharge.Kind.SPEND), BudgetCharge.Kind.SPEND, BudgetCharge.periodStart(Instant.now(),
                Duration.ofHours(1)), Duration.ofHours(1).toMillis(), new BigDecimal("5000"), new BigDecimal("400"));
        TestInbox<BudgetEntity.Answer> replies = TestInbox.create();
        for (int pass = 0; pass < 3; pass++) {
            long sealNanos = 0;
            long checkNanos = 0;
            for (int i = 0; i < rounds; i++) {
                long t0 = System.nanoTime();
                BudgetEntity.RequestSlice request = BudgetEntity.RequestSlice.sealedBy(seals, charge,
                        new BigDecimal("400"), new BigDecimal("500"), "acme-1", 3, replies.getRef());
                long t1 = System.nanoTime();
                if (!seals.holds(BudgetEntity.TYPE_KEY.name(), charge.entityId(), request.sealedContent(), request.seal())) {
                    throw new IllegalStateException("a seal of the domain's own node did not hold");
                }
                long t2 = System.nanoTime();
                sealNanos += t1 - t0;
                checkNanos += t2 - t1;
            }
            System.out.printf("pass %d (%s): seal %.1f µs, check %.1f µs per slice request, %d requests%n", pass + 1,
                    pass == 0 ? "warm-up" : "measured", sealNanos / 1000.0 / rounds, checkNanos / 1000.0 / rounds, rounds);
        }
    }
}

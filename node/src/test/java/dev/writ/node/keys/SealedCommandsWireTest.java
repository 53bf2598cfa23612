package dev.writ.node.keys;

import static org.assertj.core.api.Assertions.assertThat;

import dev.writ.node.EntityTestBase;
import dev.writ.node.admission.ApprovalEntity;
import dev.writ.node.budget.BudgetEntity;
import dev.writ.policy.BudgetCharge;
import java.math.BigDecimal;
import java.util.List;
import org.apache.pekko.serialization.Serialization;
import org.apache.pekko.serialization.SerializationExtension;
import org.junit.jupiter.api.Test;

/**
 * A seal made on one node holds on the node that receives the command: each sealed command
 * crosses Pekko's jackson-cbor serialization (as between two nodes of a domain) and its seal is
 * checked on what arrived, amounts with trailing zeros and byte arrays included.
 */
class SealedCommandsWireTest extends EntityTestBase {
    private final MemberSeals seals = TestSeals.ofOneNode("acme-1", "acme");

    @Test
    void everySealedCommandStillHoldsAfterCrossingTheWire() throws Exception {
        var budgetReplies = testKit.<BudgetEntity.Answer>createTestProbe();
        var usageReplies = testKit.<BudgetEntity.Usage>createTestProbe();
        var approvalReplies = testKit.<ApprovalEntity.Answer>createTestProbe();
        BudgetCharge charge = new BudgetCharge("spiffe://acme/agent/a#r#SPEND", BudgetCharge.Kind.SPEND, 3_600_000,
                3_600_000, new BigDecimal("5000.00"), new BigDecimal("400.50"));
        ApprovalEntity.Parked parked = new ApprovalEntity.Parked(new byte[] {1, 2}, new byte[32], new byte[] {3},
                new byte[] {4}, 60, List.of(new byte[] {5}, new byte[0]), 1_700_000_000_000L);

        assertHolds(BudgetEntity.TYPE_KEY.name(), charge.entityId(), BudgetEntity.RequestSlice.sealedBy(seals, charge,
                new BigDecimal("400.50"), new BigDecimal("500.0"), "acme-1", 3, budgetReplies.ref()));
        assertHolds(BudgetEntity.TYPE_KEY.name(), charge.entityId(),
                BudgetEntity.GetUsage.sealedBy(seals, charge.entityId(), usageReplies.ref()));
        assertHolds(ApprovalEntity.TYPE_KEY.name(), "p-1",
                ApprovalEntity.Park.sealedBy(seals, "p-1", parked, approvalReplies.ref()));
        assertHolds(ApprovalEntity.TYPE_KEY.name(), "p-1",
                ApprovalEntity.Get.sealedBy(seals, "p-1", 1_700_000_000_001L, approvalReplies.ref()));
        assertHolds(ApprovalEntity.TYPE_KEY.name(), "p-1", ApprovalEntity.RecordApproval.sealedBy(seals, "p-1", "alice",
                1_700_000_000_002L, "jti-1", new byte[] {6}, new byte[] {7}, approvalReplies.ref()));
        assertThat(seals.refusedByEntityType()).isEmpty();
    }

    private void assertHolds(String entityType, String entityId, Object command) throws Exception {
        Serialization serialization = SerializationExtension.get(testKit.system());
        Object received = serialization.deserialize(serialization.serialize(command).get(), command.getClass()).get();
        if (received instanceof BudgetEntity.Command budget) {
            assertThat(seals.holds(entityType, entityId, budget.sealedContent(), budget.seal())).as(entityType).isTrue();
        } else {
            ApprovalEntity.Command approval = (ApprovalEntity.Command) received;
            assertThat(seals.holds(entityType, entityId, approval.sealedContent(), approval.seal())).as(entityType).isTrue();
        }
    }
}

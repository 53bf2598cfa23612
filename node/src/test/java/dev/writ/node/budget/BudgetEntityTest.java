package dev.writ.node.budget;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.cbor.CBORFactory;
import dev.writ.node.EntityTestBase;
import dev.writ.node.config.Regions;
import dev.writ.node.keys.MemberSeals;
import dev.writ.node.keys.TestSeals;
import dev.writ.policy.BudgetCharge;
import dev.writ.policy.ReasonCode;
import java.math.BigDecimal;
import org.apache.pekko.persistence.testkit.javadsl.EventSourcedBehaviorTestKit;
import org.apache.pekko.serialization.SerializationExtension;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class BudgetEntityTest extends EntityTestBase {
    private static final Regions WHOLE = Regions.single("default");
    private static final BudgetCharge SPEND = SliceGrantsTest.spend("1000", "400");
    private static final BudgetCharge RATE = SliceGrantsTest.rate(200);
    private final MemberSeals seals = TestSeals.ofOneNode("node-a", "acme");

    private EventSourcedBehaviorTestKit<BudgetEntity.Command, BudgetEntity.Event, BudgetEntity.State> spendBudget;
    private EventSourcedBehaviorTestKit<BudgetEntity.Command, BudgetEntity.Event, BudgetEntity.State> rateBudget;

    @BeforeEach
    void fresh() {
        spendBudget = EventSourcedBehaviorTestKit.create(testKit.system(), BudgetEntity.create(SPEND.entityId(), WHOLE, seals));
        rateBudget = EventSourcedBehaviorTestKit.create(testKit.system(), BudgetEntity.create(RATE.entityId(), WHOLE, seals));
        spendBudget.clear();
        rateBudget.clear();
    }

    private EventSourcedBehaviorTestKit.CommandResultWithReply<BudgetEntity.Command, BudgetEntity.Event, BudgetEntity.State,
            BudgetEntity.Answer> request(
            EventSourcedBehaviorTestKit<BudgetEntity.Command, BudgetEntity.Event, BudgetEntity.State> kit, BudgetCharge charge,
            String need, String ask, String node) {
        return kit.runCommand(replyTo -> BudgetEntity.RequestSlice.sealedBy(seals, charge, new BigDecimal(need),
                new BigDecimal(ask), node, 3, replyTo));
    }

    @Test
    void aSliceIsPersistedForItsNodeBeforeItIsGranted() {
        var result = request(spendBudget, SPEND, "400", "100", "node-a");
        String grantId = SPEND.entityId() + "#g1";
        assertThat(result.event()).isEqualTo(new BudgetEntity.Granted(grantId, "node-a", new BigDecimal("400")));
        assertThat(result.reply()).isEqualTo(new BudgetEntity.Slice(grantId, new BigDecimal("400"), new BigDecimal("600")));
        assertThat(result.state().grants().granted()).isEqualByComparingTo("400");
    }

    @Test
    void whatIsLeftCannotCoverTheNeedIsExhaustedWithoutAnEvent() {
        request(spendBudget, SPEND, "400", "100", "node-a");
        request(spendBudget, SPEND, "400", "100", "node-b");
        var third = request(spendBudget, SPEND, "400", "100", "node-c");
        assertThat(third.hasNoEvents()).isTrue();
        assertThat(third.reply()).isInstanceOfSatisfying(BudgetEntity.Exhausted.class, exhausted -> {
            assertThat(exhausted.code()).isEqualTo(ReasonCode.SPEND_BUDGET_EXCEEDED);
            assertThat(exhausted.remaining()).isEqualByComparingTo("200");
        });
    }

    @Test
    void grantsSurviveARestartThroughSnapshotsAndStillCount() {
        for (int i = 0; i < BudgetEntity.SNAPSHOT_EVERY + 7; i++) {
            assertThat(request(rateBudget, RATE, "1", "1", "node-" + i % 3).reply()).isInstanceOf(BudgetEntity.Slice.class);
        }
        var restarted = rateBudget.restart();
        assertThat(restarted.state().grants()).isEqualTo(new SliceGrants(BigDecimal.valueOf(BudgetEntity.SNAPSHOT_EVERY + 7),
                BudgetEntity.SNAPSHOT_EVERY + 7));
        assertThat(request(rateBudget, RATE, "1", "100", "node-a").reply()).isInstanceOfSatisfying(BudgetEntity.Slice.class,
                slice -> assertThat(slice.amount()).as("93 left among 3 nodes").isEqualByComparingTo("15"));
    }

    @Test
    void aReservationOfAnOlderJournalReplaysAsGranted() throws Exception {
        var serialization = SerializationExtension.get(testKit.system());
        BudgetEntity.Reserved event = new BudgetEntity.Reserved("a1", new BigDecimal("400"));
        byte[] bytes = serialization.serialize(event).get();
        assertThat(new ObjectMapper(new CBORFactory()).readTree(bytes).path("proposalId").asText()).isEqualTo("a1");
        assertThat(serialization.deserialize(bytes, BudgetEntity.Reserved.class).get()).isEqualTo(event);
        assertThat(new BudgetEntity.State(SliceGrants.empty().reserved(event.amount())).grants().granted())
                .isEqualByComparingTo("400");
    }

    @Test
    void aRequestForAnotherBudgetOrPeriodIsRefused() {
        BudgetCharge nextHour = new BudgetCharge(SPEND.key(), SPEND.kind(), SPEND.periodStartMillis() + SPEND.periodMillis(),
                SPEND.periodMillis(), SPEND.limit(), SPEND.amount());
        var result = request(spendBudget, nextHour, "400", "100", "node-a");
        assertThat(result.hasNoEvents()).isTrue();
        assertThat(result.reply()).isInstanceOfSatisfying(BudgetEntity.Exhausted.class,
                refused -> assertThat(refused.code()).isEqualTo(ReasonCode.BUDGET_UNAVAILABLE));
    }

    @Test
    void usageReportsWhatIsGranted() {
        request(spendBudget, SPEND, "400", "100", "node-a");
        var usage = spendBudget.<BudgetEntity.Usage>runCommand(
                reply -> BudgetEntity.GetUsage.sealedBy(seals, SPEND.entityId(), reply)).reply();
        assertThat(usage).isEqualTo(new BudgetEntity.Usage(SPEND.entityId(), new BigDecimal("400"), 1));
    }

    @Test
    void aRegionsOwnerGrantsOnlyItsShareAndRefusesAChargeRoutedFromAnotherRegion() {
        Regions east = new Regions("east", java.util.Map.of("east", new BigDecimal("0.6"), "west", new BigDecimal("0.4")));
        String ownerId = east.entityId(SPEND.entityId(), "east");
        assertThat(ownerId).isEqualTo(SPEND.entityId() + "@east");
        var eastBudget = EventSourcedBehaviorTestKit.<BudgetEntity.Command, BudgetEntity.Event, BudgetEntity.State>create(
                testKit.system(), BudgetEntity.create(ownerId, east, seals));
        eastBudget.clear();

        var first = request(eastBudget, SPEND, "400", "100", "node-a");
        assertThat(first.reply()).as("grant ids carry the region, so they are unique across regions")
                .isEqualTo(new BudgetEntity.Slice(ownerId + "#g1", new BigDecimal("400"), new BigDecimal("200")));
        assertThat(request(eastBudget, SPEND, "200", "100", "node-a").reply()).isInstanceOf(BudgetEntity.Slice.class);
        var third = request(eastBudget, SPEND, "1", "100", "node-a");
        assertThat(third.hasNoEvents()).isTrue();
        assertThat(third.reply()).as("600 of the 1000 limit is east's").isInstanceOfSatisfying(BudgetEntity.Exhausted.class,
                exhausted -> assertThat(exhausted.code()).isEqualTo(ReasonCode.SPEND_BUDGET_EXCEEDED));

        var westOwnerOnAnEastNode = EventSourcedBehaviorTestKit.<BudgetEntity.Command, BudgetEntity.Event, BudgetEntity.State>create(
                testKit.system(), BudgetEntity.create(east.entityId(RATE.entityId(), "west"), east, seals));
        westOwnerOnAnEastNode.clear();
        var misplaced = request(westOwnerOnAnEastNode, RATE, "1", "1", "node-a");
        assertThat(misplaced.hasNoEvents()).isTrue();
        assertThat(misplaced.reply()).as("an owner of another region than its node's grants nothing")
                .isInstanceOfSatisfying(BudgetEntity.Exhausted.class,
                        refused -> assertThat(refused.code()).isEqualTo(ReasonCode.BUDGET_UNAVAILABLE));
    }

    @Test
    void aCommandNoNodeOfTheDomainSealedIsDroppedUnansweredAndGrantsNothing() {
        MemberSeals outsider = TestSeals.outsider("node-a", "acme");
        var probe = testKit.<BudgetEntity.Answer>createTestProbe();
        var forged = spendBudget.runCommand(BudgetEntity.RequestSlice.sealedBy(outsider, SPEND, new BigDecimal("400"),
                new BigDecimal("1000"), "node-a", 1, probe.ref()));
        var unsealed = spendBudget.runCommand(new BudgetEntity.RequestSlice(SPEND, new BigDecimal("400"),
                new BigDecimal("1000"), "node-a", 1, probe.ref(), null));
        BudgetEntity.RequestSlice sealed = BudgetEntity.RequestSlice.sealedBy(seals, SPEND, new BigDecimal("1"),
                new BigDecimal("1"), "node-a", 1, probe.ref());
        var altered = spendBudget.runCommand(new BudgetEntity.RequestSlice(SPEND, new BigDecimal("1000"),
                new BigDecimal("1000"), "node-a", 1, probe.ref(), sealed.seal()));

        for (var result : java.util.List.of(forged, unsealed, altered)) {
            assertThat(result.hasNoEvents()).isTrue();
        }
        probe.expectNoMessage();
        assertThat(usage().granted()).isZero();
        assertThat(seals.refusedByEntityType()).containsEntry("Budget", 3L);
    }

    private BudgetEntity.Usage usage() {
        return spendBudget.<BudgetEntity.Usage>runCommand(
                reply -> BudgetEntity.GetUsage.sealedBy(seals, SPEND.entityId(), reply)).reply();
    }
}

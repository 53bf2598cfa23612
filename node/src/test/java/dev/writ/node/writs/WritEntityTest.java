package dev.writ.node.writs;

import dev.writ.node.EntityTestBase;
import dev.writ.node.writs.WritEntity.Answer;
import dev.writ.node.writs.WritEntity.Status;
import org.apache.pekko.persistence.testkit.javadsl.EventSourcedBehaviorTestKit;
import org.apache.pekko.persistence.testkit.javadsl.EventSourcedBehaviorTestKit.CommandResultWithReply;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class WritEntityTest extends EntityTestBase {

    private static final long ISSUED = 1_700_000_000_000L;
    private static final long EXPIRES = ISSUED + 60_000;

    private EventSourcedBehaviorTestKit<WritEntity.Command, WritEntity.Event, WritEntity.State> writ;

    @BeforeEach
    void fresh() {
        writ = EventSourcedBehaviorTestKit.create(testKit.system(), WritEntity.create("jti-1", "node-a"));
        writ.clear();
    }

    private CommandResultWithReply<WritEntity.Command, WritEntity.Event, WritEntity.State, Answer> redeem(long now) {
        return writ.runCommand(replyTo -> new WritEntity.Redeem(now, EXPIRES, "mut-hash", "pep-1", "node-a", replyTo));
    }

    private CommandResultWithReply<WritEntity.Command, WritEntity.Event, WritEntity.State, Answer> expire(long now) {
        return writ.runCommand(replyTo -> new WritEntity.Expire(now, EXPIRES, replyTo));
    }

    private CommandResultWithReply<WritEntity.Command, WritEntity.Event, WritEntity.State, Answer> revoke(long now) {
        return writ.runCommand(replyTo -> new WritEntity.Revoke(now, 7, "agent compromised", replyTo));
    }

    @Test
    void firstRedemptionPersistsRedeemedAndAnswersChanged() {
        var result = redeem(ISSUED + 1_000);
        assertThat(result.event()).isEqualTo(new WritEntity.Redeemed(ISSUED + 1_000, "mut-hash", "pep-1", "node-a"));
        assertThat(result.reply()).isEqualTo(new Answer(true, Status.REDEEMED, ISSUED + 1_000,
                "redeemed via node-a by PEP pep-1", "node-a"));
        assertThat(result.state().status()).isEqualTo(Status.REDEEMED);
    }

    @Test
    void secondRedemptionAnswersRedeemedUnchangedWithoutAnEvent() {
        redeem(ISSUED + 1_000);
        var second = redeem(ISSUED + 2_000);
        assertThat(second.hasNoEvents()).isTrue();
        assertThat(second.reply().changed()).isFalse();
        assertThat(second.reply().status()).isEqualTo(Status.REDEEMED);
        // The answer describes the first redemption, not the replay.
        assertThat(second.reply().changedAtMillis()).isEqualTo(ISSUED + 1_000);
    }

    @Test
    void redeemingTwiceIsRefusedAfterRestart() {
        redeem(ISSUED + 1_000);
        var restarted = writ.restart();
        assertThat(restarted.state().status()).isEqualTo(Status.REDEEMED);
        var second = redeem(ISSUED + 2_000);
        assertThat(second.hasNoEvents()).isTrue();
        assertThat(second.reply().changed()).isFalse();
        assertThat(second.reply().status()).isEqualTo(Status.REDEEMED);
    }

    @Test
    void redeemingAtExpiryPersistsExpiredAndAnswersExpired() {
        var result = redeem(EXPIRES);
        assertThat(result.event()).isEqualTo(new WritEntity.Expired(EXPIRES));
        assertThat(result.reply().changed()).isFalse();
        assertThat(result.reply().status()).isEqualTo(Status.EXPIRED);
        assertThat(result.state().status()).isEqualTo(Status.EXPIRED);
    }

    @Test
    void redeemingAfterExpiryPersistsExpiredAndStaysExpiredAfterRestart() {
        redeem(EXPIRES + 5_000);
        writ.restart();
        var again = redeem(EXPIRES + 6_000);
        assertThat(again.hasNoEvents()).isTrue();
        assertThat(again.reply().status()).isEqualTo(Status.EXPIRED);
        assertThat(again.reply().changedAtMillis()).isEqualTo(EXPIRES + 5_000);
    }

    @Test
    void redeemingOneMillisecondBeforeExpiryStillRedeems() {
        var result = redeem(EXPIRES - 1);
        assertThat(result.reply().changed()).isTrue();
        assertThat(result.reply().status()).isEqualTo(Status.REDEEMED);
    }

    @Test
    void expireBeforeExpiryDoesNothing() {
        var result = expire(EXPIRES - 1);
        assertThat(result.hasNoEvents()).isTrue();
        assertThat(result.reply().changed()).isFalse();
        assertThat(result.reply().status()).isEqualTo(Status.UNUSED);
        assertThat(redeem(ISSUED + 1_000).reply().status()).isEqualTo(Status.REDEEMED);
    }

    @Test
    void expireOfAnUnusedWritAfterExpiryPersistsExpired() {
        var result = expire(EXPIRES + 5_000);
        assertThat(result.event()).isEqualTo(new WritEntity.Expired(EXPIRES + 5_000));
        assertThat(result.reply()).isEqualTo(new Answer(true, Status.EXPIRED, EXPIRES + 5_000, "expired unused", "node-a"));
    }

    @Test
    void expireOfARedeemedWritLeavesItRedeemed() {
        redeem(ISSUED + 1_000);
        var result = expire(EXPIRES + 5_000);
        assertThat(result.hasNoEvents()).isTrue();
        assertThat(result.reply().status()).isEqualTo(Status.REDEEMED);
    }

    @Test
    void revokingAnUnusedWritPersistsRevokedAndRefusesLaterRedemption() {
        var revoked = revoke(ISSUED + 1_000);
        assertThat(revoked.event()).isEqualTo(new WritEntity.Revoked(ISSUED + 1_000, 7, "agent compromised"));
        assertThat(revoked.reply()).isEqualTo(new Answer(true, Status.REVOKED, ISSUED + 1_000,
                "revoked at epoch 7: agent compromised", "node-a"));

        var redeem = redeem(ISSUED + 2_000);
        assertThat(redeem.hasNoEvents()).isTrue();
        assertThat(redeem.reply().changed()).isFalse();
        assertThat(redeem.reply().status()).isEqualTo(Status.REVOKED);
    }

    @Test
    void revocationSurvivesRestart() {
        revoke(ISSUED + 1_000);
        writ.restart();
        assertThat(redeem(ISSUED + 2_000).reply().status()).isEqualTo(Status.REVOKED);
    }

    @Test
    void revokingARedeemedWritLeavesItRedeemed() {
        redeem(ISSUED + 1_000);
        var revoked = revoke(ISSUED + 2_000);
        assertThat(revoked.hasNoEvents()).isTrue();
        assertThat(revoked.reply().changed()).isFalse();
        assertThat(revoked.reply().status()).isEqualTo(Status.REDEEMED);
    }

    @Test
    void getStateAnswersUnusedForAFreshWritAndTheStatusLater() {
        var fresh = writ.<Answer>runCommand(WritEntity.GetState::new);
        assertThat(fresh.hasNoEvents()).isTrue();
        assertThat(fresh.reply()).isEqualTo(new Answer(false, Status.UNUSED, 0, "", "node-a"));

        redeem(ISSUED + 1_000);
        var after = writ.<Answer>runCommand(WritEntity.GetState::new);
        assertThat(after.hasNoEvents()).isTrue();
        assertThat(after.reply()).isEqualTo(new Answer(false, Status.REDEEMED, ISSUED + 1_000,
                "redeemed via node-a by PEP pep-1", "node-a"));
    }
}

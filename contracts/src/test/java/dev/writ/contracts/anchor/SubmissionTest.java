package dev.writ.contracts.anchor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigInteger;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class SubmissionTest {
    private static final String ROOT = OutboxDatabases.root("acme", 3);
    private static final OutboxEntry QUEUED = OutboxEntry.queued("acme", 3, 100, 149, ROOT, 0);
    private static final Fees FEES = new Fees(BigInteger.valueOf(2_000), BigInteger.valueOf(100));
    private static final OutboxEntry SENT = QUEUED.sent("0xaa", 7, FEES, 50, 0);

    private static ChainView notYet(long head, long minedNonce) {
        return new ChainView(head, 3, 100, Optional.empty(), minedNonce);
    }

    private static ChainView holding(long head, OnChainBatch batch) {
        return new ChainView(head, 4, batch.lastSeq() + 1, Optional.of(batch), 8);
    }

    @Test
    void aQueuedBatchTheChainExpectsNextIsSent() {
        assertThat(Submission.decide(QUEUED, notYet(10, 7), 2, 3)).isInstanceOf(SubmitStep.Send.class);
    }

    @Test
    void aSentBatchWaitsUntilReplaceAfterBlocksThenIsReplacedWithTheSameNonce() {
        assertThat(Submission.decide(SENT, notYet(52, 7), 2, 3)).isInstanceOf(SubmitStep.Wait.class);
        SubmitStep step = Submission.decide(SENT, notYet(53, 7), 2, 3);
        assertThat(step).isEqualTo(new SubmitStep.Replace(7, FEES, "unmined for 3 blocks"));
    }

    @Test
    void aSentBatchWhoseNonceWasUsedElsewhereIsSentAgain() {
        assertThat(Submission.decide(SENT, notYet(51, 8), 2, 3)).isInstanceOf(SubmitStep.Send.class);
    }

    @Test
    void theSameRootOnChainIsMinedThenConfirmedAtDepthNeverSentAgain() {
        OnChainBatch same = new OnChainBatch(100, 149, ROOT.toUpperCase().replace("0X", "0x"), 60);
        assertThat(Submission.decide(SENT, holding(60, same), 2, 3)).isEqualTo(new SubmitStep.Mined(60));
        assertThat(Submission.decide(SENT, holding(61, same), 2, 3)).isEqualTo(new SubmitStep.Confirmed(60));
        // After a restart the row may still say QUEUED: the chain's record wins, no second anchor.
        assertThat(Submission.decide(QUEUED, holding(70, same), 2, 3)).isEqualTo(new SubmitStep.Confirmed(60));
    }

    @Test
    void aDifferentRootOnChainIsAFork() {
        OnChainBatch other = new OnChainBatch(100, 149, OutboxDatabases.root("acme", 99), 60);
        SubmitStep step = Submission.decide(SENT, holding(70, other), 2, 3);
        assertThat(step).isInstanceOf(SubmitStep.Fail.class);
        assertThat(((SubmitStep.Fail) step).code()).isEqualTo(Submission.FORK);
    }

    @Test
    void aDifferentRangeForTheSameRootIsAFork() {
        OnChainBatch other = new OnChainBatch(100, 150, ROOT, 60);
        assertThat(((SubmitStep.Fail) Submission.decide(QUEUED, holding(70, other), 1, 3)).code()).isEqualTo(Submission.FORK);
    }

    @Test
    void aChainBehindTheOutboxStopsAnchoring() {
        assertThat(((SubmitStep.Fail) Submission.decide(QUEUED, new ChainView(9, 2, 100, Optional.empty(), 0), 1, 3)).code())
                .isEqualTo(Submission.CHAIN_BEHIND);
    }

    @Test
    void countersReadAcrossANewBlockAreReadAgainNotSentNorFailed() {
        // next batch 3 but the next leaf already past this batch: the leaf counter was read after batch 3 landed
        assertThat(Submission.decide(QUEUED, new ChainView(9, 3, 90, Optional.empty(), 0), 1, 3))
                .isInstanceOf(SubmitStep.Wait.class);
    }

    @Test
    void aMinedBatchTheChainNoLongerHoldsIsSentAgain() {
        OutboxEntry mined = SENT.onChain(OutboxState.MINED, "0xaa", 60, 0);
        assertThat(Submission.decide(mined, notYet(61, 8), 2, 3)).isInstanceOf(SubmitStep.Send.class);
    }

    @Test
    void closedRowsAreNotDecided() {
        OutboxEntry done = SENT.onChain(OutboxState.CONFIRMED, "0xaa", 60, 0);
        assertThatThrownBy(() -> Submission.decide(done, notYet(61, 8), 2, 3)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void replacementFeesRiseByAtLeastAnEighthOrToTheCurrentSuggestion() {
        Fees bumped = FEES.bumped(new Fees(BigInteger.valueOf(1_000), BigInteger.valueOf(50)));
        assertThat(bumped.maxFeePerGas()).isGreaterThanOrEqualTo(BigInteger.valueOf(2_250));
        assertThat(bumped.maxPriorityFeePerGas()).isGreaterThanOrEqualTo(BigInteger.valueOf(113));
        Fees market = FEES.bumped(new Fees(BigInteger.valueOf(90_000), BigInteger.valueOf(5_000)));
        assertThat(market).isEqualTo(new Fees(BigInteger.valueOf(90_000), BigInteger.valueOf(5_000)));
    }
}

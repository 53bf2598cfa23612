package dev.writ.contracts.anchor;

import dev.writ.contracts.chain.ChainException;
import dev.writ.contracts.chain.ContractRevert;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Puts a domain's queued batches on chain, in order, one unmined transaction at a time (the
 * contract takes batches only in order, and a nonce gap would stall everything behind it). Each
 * round re-reads the outbox and the chain, so it resumes from the outbox after a restart and
 * reconciles against the chain's own record; the decisions are {@link Submission}'s.
 * Only the domain's anchorer singleton runs it.
 */
public final class AnchorSubmitter {
    private static final Logger LOG = LoggerFactory.getLogger(AnchorSubmitter.class);
    /** EvidenceAnchor's reverts that mean "the chain is elsewhere than you think": read it again. */
    private static final Set<String> RECONCILE = Set.of("BatchOutOfOrder", "RangeNotContiguous");

    private final String domain;
    private final AnchorOutbox outbox;
    private final AnchorChain chain;
    private final AnchorSink sink;
    private final SubmitterSettings settings;
    private final Clock clock;
    private int failures;

    public AnchorSubmitter(String domain, AnchorOutbox outbox, AnchorChain chain, AnchorSink sink, SubmitterSettings settings,
                           Clock clock) {
        this.domain = domain;
        this.outbox = outbox;
        this.chain = chain;
        this.sink = sink;
        this.settings = settings;
        this.clock = clock;
    }

    /** One round; answers how long to pause before the next (the poll interval, or a back-off after failures). */
    public Duration round() {
        try {
            if (outbox.stats(domain).failed().isPresent()) {
                return settings.pollInterval(); // stopped on a fork: health says FAILED, an operator must act
            }
            List<OutboxEntry> open = outbox.open(domain, settings.window());
            for (OutboxEntry entry : open) {
                if (!advance(entry)) {
                    break;
                }
            }
            failures = 0;
        } catch (ContractRevert e) {
            if (RECONCILE.contains(e.error())) {
                // The chain moved between our read and the simulation (e.g. our previous transaction
                // landed): the next round reads it again and reconciles, without back-off.
                LOG.info("Anchoring of {}: the chain answered {}; reconciling against it on the next round", domain, e.error());
                failures = 0;
            } else {
                failures++;
                LOG.error("Anchoring of {} is refused by EvidenceAnchor: {} (NotAnchorer: register this node's anchorer"
                        + " wallet for the domain); retrying in {}", domain, e.getMessage(), settings.pauseAfter(failures));
            }
        } catch (ChainException e) {
            failures++;
            LOG.warn("Anchoring of {} paused after {} failed round(s) in a row: {}; retrying in {}", domain, failures,
                    e.getMessage(), settings.pauseAfter(failures));
        } catch (OutboxUnavailableException e) {
            failures++;
            LOG.warn("Anchoring of {} cannot use its outbox ({}); retrying in {}", domain, e.getMessage(), settings.pauseAfter(failures));
        }
        return settings.pauseAfter(failures);
    }

    /** Moves one row on; answers whether the next row may be looked at (this one is on chain). */
    private boolean advance(OutboxEntry entry) {
        ChainView view = chain.view(entry);
        SubmitStep step = Submission.decide(entry, view, settings.confirmations(), settings.replaceAfterBlocks());
        long now = clock.millis();
        try {
            if (step instanceof SubmitStep.Confirmed c) {
                String tx = chain.anchoringTx(domain, entry.batchSeq(), c.block());
                sink.confirmed(entry, chain.chainId(), chain.contract(), tx, c.block());
                outbox.update(entry.onChain(OutboxState.CONFIRMED, tx, c.block(), now));
                LOG.info("Batch {} of {} is anchored: tx {} in block {}", entry.batchSeq(), domain, tx, c.block());
                return true;
            }
            if (step instanceof SubmitStep.Mined m) {
                if (entry.state() != OutboxState.MINED || entry.block() != m.block()) {
                    String tx = chain.anchoringTx(domain, entry.batchSeq(), m.block());
                    outbox.update(entry.onChain(OutboxState.MINED, tx, m.block(), now));
                }
                return true;
            }
            if (step instanceof SubmitStep.Send s) {
                send(entry, chain.pendingNonce(), chain.suggestedFees(), view.headBlock(), s.why());
            } else if (step instanceof SubmitStep.Replace r) {
                send(entry, r.nonce(), r.previous().bumped(chain.suggestedFees()), view.headBlock(), r.why());
            } else if (step instanceof SubmitStep.Fail f) {
                outbox.update(entry.failed(f.code() + ": " + f.detail(), now));
                LOG.error("{}: anchoring of {} STOPPED at batch {}: {}. Nothing more is anchored for this domain until an"
                        + " operator resolves the fork.", f.code(), domain, entry.batchSeq(), f.detail());
            }
            return false; // a transaction is in flight (or the domain stopped): one at a time
        } catch (ChainException e) {
            outbox.update(entry.erred(e.getMessage(), now));
            throw e;
        }
    }

    /**
     * Write-ahead: the row records the signed transaction's hash, nonce and fees before the
     * broadcast, so a crash in between leaves a SENT row whose transaction is either in the pool
     * or replaced after replace-after-blocks, never a second transaction for the same batch.
     */
    private void send(OutboxEntry entry, long nonce, Fees fees, long head, String why) {
        AnchorChain.SignedTx tx = chain.prepareAnchor(entry, nonce, fees);
        OutboxEntry sent = entry.sent(tx.hash(), nonce, fees, head, clock.millis());
        outbox.update(sent);
        try {
            chain.broadcast(tx);
            LOG.info("Batch {} of {} sent: tx {} nonce {} max fee {} ({})", entry.batchSeq(), domain, tx.hash(), nonce,
                    fees.maxFeePerGas(), why);
        } catch (ChainException e) {
            if (e.code() != ChainException.Code.RPC_UNREACHABLE) {
                // The node refused it for sure: nothing is in flight, send afresh on the next round.
                outbox.update(sent.requeued(e.getMessage(), clock.millis()));
            }
            throw e;
        }
    }
}

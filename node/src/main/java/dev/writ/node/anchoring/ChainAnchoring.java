package dev.writ.node.anchoring;

import com.google.protobuf.ByteString;
import dev.writ.contracts.anchor.AnchorChain;
import dev.writ.contracts.anchor.AnchorOutbox;
import dev.writ.contracts.anchor.AnchorSubmitter;
import dev.writ.contracts.anchor.AnchorerKey;
import dev.writ.contracts.anchor.ChainHealthBounds;
import dev.writ.contracts.anchor.ChainProbe;
import dev.writ.contracts.anchor.ChainStatus;
import dev.writ.contracts.anchor.OutboxEntry;
import dev.writ.contracts.chain.ChainException;
import dev.writ.contracts.anchor.SubmitterSettings;
import dev.writ.node.config.NodeSettings;
import dev.writ.node.singleton.Singletons;
import dev.writ.protocol.wire.ChainAnchor;
import java.math.BigInteger;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import javax.sql.DataSource;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.PostStop;
import org.apache.pekko.actor.typed.SupervisorStrategy;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.dispatch.ExecutionContexts;
import org.web3j.crypto.Credentials;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.web3j.utils.Numeric;

/**
 * The node's side of the chain gateway (on when {@code writ.chain.rpc-url} is set): the domain's
 * submitter runs as a cluster singleton (only it sends transactions), each node probes the chain
 * for its own health, and confirmed anchors are written back into the stored signed batches so
 * proof bundles carry them.
 */
public final class ChainAnchoring {
    private static final Logger LOG = LoggerFactory.getLogger(ChainAnchoring.class);
    private final ChainProbe probe;

    private ChainAnchoring(ChainProbe probe) {
        this.probe = probe;
    }

    private sealed interface Msg {
    }

    private enum Round implements Msg { INSTANCE }

    private record Paused(Duration pause) implements Msg {
    }

    /** What a confirmed batch came to, told where the submitter runs (for metrics). */
    @FunctionalInterface
    public interface Confirmed {
        /** {@code delayMillis}: queued to confirmed; gas used and fee in wei, 0 when the receipt cannot be read. */
        void batch(long delayMillis, long gasUsed, BigInteger feeWei);
    }

    /** Starts the probe on this node and joins the submitter singleton; empty when chain anchoring is off. */
    public static Optional<ChainAnchoring> start(NodeSettings node, Clock clock, ActorSystem<?> system, Executor blocking,
                                                 DataSource dataSource, Confirmed confirmed) {
        NodeSettings.Chain chain = node.chain();
        if (!chain.enabled()) {
            return Optional.empty();
        }
        Credentials anchorer = (chain.anchorerKeyFile() != null
                ? AnchorerKey.read(chain.anchorerKeyFile())
                : AnchorerKey.parse(chain.anchorerKey())).credentials();
        AnchorOutbox outbox = new AnchorOutbox(dataSource);
        AnchorStore batches = new AnchorStore(dataSource);
        AnchorChain probeClient = client(chain, anchorer);
        ChainProbe probe = new ChainProbe(node.domain(), probeClient, outbox, new ChainHealthBounds(chain.maxBlockLag(),
                chain.blockTime(), chain.stallBlocks(), chain.maxBatchAge(), chain.maxBacklog()), clock);
        system.scheduler().scheduleWithFixedDelay(Duration.ZERO, chain.pollInterval(), probe,
                ExecutionContexts.fromExecutor(blocking));
        SubmitterSettings settings = new SubmitterSettings(chain.confirmations(), chain.replaceAfterBlocks(),
                chain.pollInterval(), chain.minBackoff(), chain.maxBackoff(), chain.submitWindow());
        Behavior<Msg> submitter = Behaviors.setup(context -> {
            AnchorChain client = client(chain, anchorer);
            AnchorSubmitter rounds = new AnchorSubmitter(node.domain(), outbox, client, (batch, chainId, contract, tx, block) -> {
                batches.recordChainAnchor(batch.domain(), batch.batchSeq(), ChainAnchor.newBuilder().setChainId(chainId)
                        .setContractAddress(contract).setTxHash(ByteString.copyFrom(Numeric.hexStringToByteArray(tx)))
                        .setBlockNumber(block).build());
                report(confirmed, client, batch, tx, clock.millis());
            }, settings, clock);
            return Behaviors.<Msg>withTimers(timers -> {
                timers.startSingleTimer(Round.INSTANCE, Duration.ZERO);
                // One round at a time: the next is scheduled only when this one has finished.
                return Behaviors.receive(Msg.class)
                        .onMessage(Round.class, r -> {
                            context.pipeToSelf(CompletableFuture.supplyAsync(rounds::round, blocking),
                                    (pause, failure) -> new Paused(pause != null ? pause : chain.maxBackoff()));
                            return Behaviors.same();
                        })
                        .onMessage(Paused.class, p -> {
                            timers.startSingleTimer(Round.INSTANCE, p.pause());
                            return Behaviors.same();
                        })
                        .onSignal(PostStop.class, s -> {
                            client.close();
                            return Behaviors.same();
                        })
                        .build();
            });
        });
        Singletons.get(system).init(
                Behaviors.supervise(submitter).onFailure(SupervisorStrategy.restart()), "anchor-submitter-" + node.domain());
        system.getWhenTerminated().thenRun(probeClient::close);
        return Optional.of(new ChainAnchoring(probe));
    }

    /**
     * Tells {@code confirmed} about a batch once it is confirmed; a receipt that cannot be read
     * costs the figures of gas, never the anchoring (the sink's call repeats after a crash, so a
     * batch may rarely be counted twice).
     */
    private static void report(Confirmed confirmed, AnchorChain client, OutboxEntry batch, String tx, long now) {
        long gas = 0;
        BigInteger fee = BigInteger.ZERO;
        try {
            Optional<AnchorChain.Receipt> receipt = client.receipt(tx);
            if (receipt.isPresent()) {
                gas = receipt.get().gasUsed();
                fee = receipt.get().feeWei();
            }
        } catch (ChainException e) {
            LOG.debug("The receipt of anchoring tx {} could not be read for metrics: {}", tx, e.getMessage());
        }
        confirmed.batch(now - batch.queuedAtMillis(), gas, fee);
    }

    /** The chain's health as this node last probed it. */
    public ChainStatus status() {
        return probe.status();
    }

    private static AnchorChain client(NodeSettings.Chain chain, Credentials anchorer) {
        return AnchorChain.connect(chain.rpcUrl(), chain.chainId(), chain.evidenceAnchor(), anchorer, chain.rpcTimeout());
    }
}

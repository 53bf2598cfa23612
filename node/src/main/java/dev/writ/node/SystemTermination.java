package dev.writ.node;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.pekko.Done;
import org.apache.pekko.actor.ExtendedActorSystem;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.javadsl.Adapter;
import org.apache.pekko.remote.RemoteActorRefProvider;
import org.apache.pekko.remote.artery.ArteryTransport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Terminates a node's actor system with a deadline on the drain of Artery's remoting streams.
 *
 * <p>Why: on Pekko 1.2 with {@code tls-tcp}, termination could hang for good (WritClusterMutualTlsIT,
 * now and then; more often on a busy CPU). Shutting down, Artery aborts all its streams at once, and
 * the dying inbound control stream tells each outbound control stream's SystemMessageDelivery stage
 * that it completed normally ({@code InboundControlJunction.postStop}). When that notice wins the
 * race with the abort, the outbound control stream completes instead of failing, and Artery's TLS
 * stage ({@code IgnoreComplete}) then holds the connection open until the peer closes it, which a
 * running peer never does. The transport waits for every stream before it unbinds, so the system
 * never terminates; no thread is blocked, an outbound TLS actor just idles. The node's SSL engines
 * play no part in it. Pekko 2.0 bounds that wait itself
 * ({@code pekko.remote.artery.advanced.shutdown-streams-timeout}); here, once the transport has been
 * shutting down for its flush timeout plus {@link #STREAMS_GRACE}, the streams still running are
 * stopped with Artery's materializers, and termination goes on.
 */
public final class SystemTermination {
    private static final Logger LOG = LoggerFactory.getLogger(SystemTermination.class);
    /** Beyond the transport's flush: streams that were aborted normally end within milliseconds. */
    static final Duration STREAMS_GRACE = Duration.ofSeconds(3);
    private static final long POLL_MILLIS = 100;

    private SystemTermination() {
    }

    /** Terminates {@code system} and waits until it has; a TimeoutException after {@code timeout}. */
    public static void terminate(ActorSystem<?> system, Duration timeout)
            throws InterruptedException, ExecutionException, TimeoutException {
        CompletableFuture<Done> terminated = system.getWhenTerminated().toCompletableFuture();
        system.terminate();
        ArteryTransport artery = artery(system);
        Duration drain = STREAMS_GRACE.plus(
                system.settings().config().getDuration("pekko.remote.artery.advanced.shutdown-flush-timeout"));
        long deadline = System.nanoTime() + timeout.toNanos();
        long drainedBy = 0;
        boolean draining = false;
        while (true) {
            try {
                long left = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
                terminated.get(Math.max(1, Math.min(left, POLL_MILLIS)), TimeUnit.MILLISECONDS);
                return;
            } catch (TimeoutException e) {
                long now = System.nanoTime();
                if (now - deadline >= 0) {
                    throw e;
                }
                if (artery != null && !draining && artery.isShutdown()) {
                    draining = true;
                    drainedBy = now + drain.toNanos();
                } else if (artery != null && draining && now - drainedBy >= 0) {
                    LOG.warn("Artery's remoting streams still run {} after its transport began shutting down (the"
                            + " tls-tcp shutdown race, see SystemTermination); stopping them", drain);
                    artery.materializer().shutdown();
                    artery.controlMaterializer().shutdown();
                    artery = null;
                }
            }
        }
    }

    private static ArteryTransport artery(ActorSystem<?> system) {
        if (Adapter.toClassic(system) instanceof ExtendedActorSystem classic
                && classic.provider() instanceof RemoteActorRefProvider remote
                && remote.transport() instanceof ArteryTransport transport) {
            return transport;
        }
        return null;
    }
}

package dev.writ.node;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import java.time.Duration;
import java.util.concurrent.CompletionStage;
import org.apache.pekko.Done;
import org.apache.pekko.NotUsed;
import org.apache.pekko.actor.ExtendedActorSystem;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.javadsl.Adapter;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.remote.RemoteActorRefProvider;
import org.apache.pekko.remote.artery.ArteryTransport;
import org.apache.pekko.stream.javadsl.Keep;
import org.apache.pekko.stream.javadsl.Sink;
import org.apache.pekko.stream.javadsl.Source;
import org.junit.jupiter.api.Test;
import scala.jdk.javaapi.FutureConverters;

import static org.assertj.core.api.Assertions.assertThat;

class SystemTerminationTest {
    /**
     * The hang of Pekko's tls-tcp shutdown race, staged without the race: an outbound control
     * stream whose TLS stage waits for its peer is a stream on Artery's materializer that never
     * ends, and the transport waits for it before it unbinds.
     */
    @Test
    void aRemotingStreamThatNeverEndsDoesNotKeepTheSystemFromTerminating() throws Exception {
        Config config = ConfigFactory.parseString("""
                pekko.actor.provider = remote
                pekko.remote.artery.transport = tcp
                pekko.remote.artery.canonical.hostname = "127.0.0.1"
                pekko.remote.artery.canonical.port = 0
                pekko.remote.warn-about-direct-use = off
                pekko.remote.warn-unsafe-watch-outside-cluster = off
                """).withFallback(ConfigFactory.defaultReference());
        ActorSystem<Void> system = ActorSystem.create(Behaviors.empty(), "termination", config);
        ArteryTransport artery = (ArteryTransport) ((RemoteActorRefProvider) ((ExtendedActorSystem) Adapter
                .toClassic(system)).provider()).transport();
        CompletionStage<Done> stalled = Source.<Done>maybe().toMat(Sink.ignore(), Keep.right())
                .run(artery.materializer());
        artery.updateStreamMatValues(99, new ArteryTransport.InboundStreamMatValues<Object>(NotUsed.getInstance(),
                FutureConverters.asScala(stalled)));

        long started = System.nanoTime();
        SystemTermination.terminate(system, Duration.ofSeconds(30));

        assertThat(system.getWhenTerminated().toCompletableFuture()).isDone();
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(15));
        assertThat(stalled.toCompletableFuture()).isCompletedExceptionally();
    }
}

package dev.writ.node;

import com.typesafe.config.ConfigFactory;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.persistence.testkit.PersistenceTestKitSnapshotPlugin;
import org.apache.pekko.persistence.testkit.javadsl.EventSourcedBehaviorTestKit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/**
 * One actor test kit per entity test class, with the in-memory journal and snapshot store and the serialization
 * binding the node's reference.conf carries: the testkit round-trips every command, reply, event
 * and state through CBOR, so a message that would not cross the cluster fails the test.
 */
public abstract class EntityTestBase {
    protected static ActorTestKit testKit;

    @BeforeAll
    static void startTestKit() {
        testKit = ActorTestKit.create(ConfigFactory.parseString("""
                pekko.actor.serialization-bindings { "dev.writ.node.persistence.CborSerializable" = jackson-cbor }
                """).withFallback(EventSourcedBehaviorTestKit.config()).withFallback(PersistenceTestKitSnapshotPlugin.config()));
    }

    @AfterAll
    static void stopTestKit() {
        testKit.shutdownTestKit();
    }
}

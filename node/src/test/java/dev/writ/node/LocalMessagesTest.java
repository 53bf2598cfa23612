package dev.writ.node;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.cbor.CBORFactory;
import com.typesafe.config.ConfigFactory;
import dev.writ.node.exchange.ExchangeEndpoint;
import dev.writ.node.exchange.Publisher;
import dev.writ.node.revocation.RevocationView;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.serialization.Serialization;
import org.apache.pekko.serialization.SerializationExtension;
import org.apache.pekko.serialization.Serializers;
import org.apache.pekko.serialization.jackson.JacksonObjectMapperProvider;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The messages actors reachable by any member send themselves (a ledger read's answer, a verified
 * envelope, a checked resolution, the exchange endpoints found) are not serializable: the bytes a
 * member of another domain forges for one, exactly as Pekko's jackson-cbor serializer would write
 * them, are refused by this node's serialization, so Artery drops them. Before, each was a
 * CborSerializable record: a member could make a RevocationView hold entries its ledger never had,
 * or an ExchangeEndpoint take an envelope as verified.
 */
class LocalMessagesTest {
    private static ActorTestKit kit;
    private static Serialization serialization;

    @BeforeAll
    static void start() {
        kit = ActorTestKit.create("writ", ConfigFactory.parseResources("writ/pekko.conf")
                .withFallback(ConfigFactory.parseString("pekko.actor.provider = local\npekko.cluster.seed-nodes = []"))
                .withFallback(ConfigFactory.load()).resolve());
        serialization = SerializationExtension.get(kit.system());
    }

    @AfterAll
    static void stop() {
        kit.shutdownTestKit();
    }

    /** What a forging member puts on the wire: jackson-cbor's serializer id, the class name as manifest, CBOR of the fields. */
    private static final Map<String, Map<String, Object>> FORGED = Map.of(
            RevocationView.class.getName() + "$LedgerFailed", Map.of("reason", "forged"),
            RevocationView.class.getName() + "$LedgerAnswered", Map.of("askedAtMillis", 0, "claimed", 0),
            ExchangeEndpoint.class.getName() + "$ForgetChecked", Map.of("proven", true, "why", "forged"),
            ExchangeEndpoint.class.getName() + "$Rejected", Map.of("why", "forged"),
            ExchangeEndpoint.class.getName() + "$Verified", Map.of("raw", new byte[] {1}),
            Publisher.class.getName() + "$Published", Map.of("envelopes", List.of(), "failure", "forged"));

    @Test
    void aForgedLocalMessageIsRefusedByThisNodesSerialization() throws Exception {
        ObjectMapper cbor = JacksonObjectMapperProvider.get(kit.system()).getOrCreate("jackson-cbor",
                Optional.of(new CBORFactory()));
        int jacksonCbor = serialization.serializerFor(RevocationView.LedgerAppended.class).identifier();
        for (Map.Entry<String, Map<String, Object>> forged : FORGED.entrySet()) {
            byte[] bytes = cbor.writeValueAsBytes(forged.getValue());
            assertThatThrownBy(() -> serialization.deserialize(bytes, jacksonCbor, forged.getKey()).get())
                    .as(forged.getKey()).hasMessageContaining("Only classes that are listed as allowed are allowed");
        }
    }

    @Test
    void whatMembersSendStillCrossesTheWire() throws Exception {
        for (Object message : List.of(new RevocationView.LedgerAppended("acme", 3), new ExchangeEndpoint.Deliver(new byte[] {1}),
                Publisher.Poke.INSTANCE)) {
            byte[] bytes = serialization.serialize(message).get();
            Object back = serialization.deserialize(bytes, serialization.findSerializerFor(message).identifier(),
                    Serializers.manifestFor(serialization.findSerializerFor(message), message)).get();
            assertThat(back.getClass()).isEqualTo(message.getClass());
        }
    }
}

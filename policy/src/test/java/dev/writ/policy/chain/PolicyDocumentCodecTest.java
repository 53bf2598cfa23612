package dev.writ.policy.chain;

import dev.writ.contracts.chain.PolicyDocumentException;
import dev.writ.policy.PolicySet;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Random;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

class PolicyDocumentCodecTest {

    @Property(tries = 300)
    void decodingAnEncodedPolicyGivesAnEqualPolicy(@ForAll long seed) throws Exception {
        PolicySet set = new RandomPolicies(seed, false).policy();
        byte[] document = PolicyDocumentCodec.encode(set);
        PolicySet decoded = PolicyDocumentCodec.decode(document);
        assertThat(decoded).isEqualTo(set);
        assertThat(decoded.rulesHash()).isEqualTo(set.rulesHash());
    }

    @Property(tries = 200)
    void aTruncatedDocumentIsRefusedAsMalformed(@ForAll long seed, @ForAll @IntRange(min = 1, max = 4096) int cut) throws Exception {
        byte[] document = PolicyDocumentCodec.encode(new RandomPolicies(seed, false).policy());
        byte[] truncated = Arrays.copyOf(document, Math.max(0, document.length - cut));
        assertThatThrownBy(() -> PolicyDocumentCodec.decode(truncated)).isInstanceOf(PolicyDocumentException.class);
    }

    @Property(tries = 300)
    void aCorruptedDocumentIsRefusedWithATypedFaultOrDecodesToThePolicyItEncodes(@ForAll long seed) throws Exception {
        byte[] document = PolicyDocumentCodec.encode(new RandomPolicies(seed, false).policy());
        Random random = new Random(seed);
        byte[] corrupted = document.clone();
        int flips = 1 + random.nextInt(3);
        for (int i = 0; i < flips; i++) {
            corrupted[random.nextInt(corrupted.length)] ^= (byte) (1 + random.nextInt(255));
        }
        Throwable thrown = catchThrowable(() -> {
            PolicySet decoded = PolicyDocumentCodec.decode(corrupted);
            // a flip inside a string can give another valid policy: then it is that policy's one document
            assertThat(PolicyDocumentCodec.encode(decoded)).isEqualTo(corrupted);
        });
        assertThat(thrown).satisfiesAnyOf(t -> assertThat(t).isNull(), t -> assertThat(t).isInstanceOf(PolicyDocumentException.class));
    }

    @Property(tries = 200)
    void randomBytesAreRefusedWithATypedFault(@ForAll byte[] bytes) {
        assertThatThrownBy(() -> PolicyDocumentCodec.decode(bytes)).isInstanceOf(PolicyDocumentException.class);
    }

    @Test
    void dirtyPaddingIsRefusedAsNonCanonical() throws Exception {
        PolicySet set = new RandomPolicies(7, true).policy();
        byte[] document = PolicyDocumentCodec.encode(set);
        // the domain string "acme.example" (12 bytes) is padded with 20 zero bytes; dirty the last one
        String hex = HexFormat.of().formatHex(document);
        int at = hex.indexOf(HexFormat.of().formatHex("acme.example".getBytes())) / 2 + 31;
        document[at] = 1;
        assertThatThrownBy(() -> PolicyDocumentCodec.decode(document))
                .isInstanceOfSatisfying(PolicyDocumentException.class,
                        e -> assertThat(e.fault()).isEqualTo(PolicyDocumentException.Fault.NON_CANONICAL));
    }

    @Test
    void aDocumentWhoseValuesBreakAPolicyRuleIsRefusedAsInvalid() throws Exception {
        PolicySet set = new RandomPolicies(3, true).policy();
        byte[] document = PolicyDocumentCodec.encode(set);
        // the domain must not contain '/': replace the '.' of acme.example
        String hex = HexFormat.of().formatHex(document);
        int at = hex.indexOf(HexFormat.of().formatHex("acme.example".getBytes())) / 2 + 4;
        document[at] = '/';
        assertThatThrownBy(() -> PolicyDocumentCodec.decode(document))
                .isInstanceOfSatisfying(PolicyDocumentException.class,
                        e -> assertThat(e.fault()).isEqualTo(PolicyDocumentException.Fault.INVALID_POLICY));
    }
}

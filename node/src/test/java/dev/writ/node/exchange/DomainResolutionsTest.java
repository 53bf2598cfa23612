package dev.writ.node.exchange;

import com.google.protobuf.ByteString;
import dev.writ.node.refusal.Refusal;
import dev.writ.node.refusal.RefusalCode;
import dev.writ.protocol.crypto.Hashes;
import java.util.List;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** A resolution clears the equivocation it names, and no other. */
class DomainResolutionsTest {
    private static final ByteString A = hash("a");
    private static final ByteString B = hash("b");
    private static final ByteString C = hash("c");

    @Test
    void theHeldConflictingEnvelopesInAnyOrderResolveIt() {
        assertThatCode(() -> DomainResolutions.requireHeld("globex", List.of(B, A), List.of(A, B), "acme-1"))
                .doesNotThrowAnyException();
    }

    @Test
    void aResolutionOfAnEarlierEquivocationDoesNotClearALaterOne() {
        assertThatThrownBy(() -> DomainResolutions.requireHeld("globex", List.of(A, B), List.of(A, C), "acme-1"))
                .isInstanceOfSatisfying(Refusal.class, r -> {
                    assertThat(r.code()).isEqualTo(RefusalCode.RESOLUTION_MISMATCH);
                    assertThat(r.detail()).contains("held on node acme-1");
                });
    }

    @Test
    void namingOnlySomeOfTheConflictingEnvelopesIsNotEnough() {
        assertThatThrownBy(() -> DomainResolutions.requireHeld("globex", List.of(A), List.of(A, B), "acme-1"))
                .isInstanceOfSatisfying(Refusal.class, r ->
                        assertThat(r.code()).isEqualTo(RefusalCode.RESOLUTION_MISMATCH));
    }

    private static ByteString hash(String text) {
        return ByteString.copyFrom(Hashes.sha256(text.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
    }
}

package dev.writ.node.refusal;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.UUID;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class RefusalTextTest {
    private static String digestOf(String raw) throws Exception {
        return "sha256:" + HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                .digest(raw.getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void wellFormedIdsAreKeptAsNamed() {
        String jti = UUID.randomUUID().toString();
        assertThat(RefusalText.subject("p-2024.01:abc_1")).isEqualTo("p-2024.01:abc_1");
        assertThat(RefusalText.subject("spiffe://acme/agent/payments-bot")).isEqualTo("spiffe://acme/agent/payments-bot");
        assertThat(RefusalText.subject(jti)).isEqualTo(jti);
        assertThat(RefusalText.subject("a".repeat(RefusalText.MAX_SUBJECT_CHARS))).hasSize(RefusalText.MAX_SUBJECT_CHARS);
        assertThat(RefusalText.subject("")).isEmpty();
        assertThat(RefusalText.subject(null)).isEmpty();
    }

    @Test
    void anyOtherSubjectIsRecordedAsTheDigestOfItsUtf8Bytes() throws Exception {
        for (String raw : new String[] {"p-\u0000-nul", "a".repeat(RefusalText.MAX_SUBJECT_CHARS + 1), "p 1", "p\n1",
                "p-\u202Eevil", "p-\uD800", "é", "x".repeat(70_000)}) {
            String rendered = RefusalText.subject(raw);
            assertThat(rendered).as(raw.length() + " characters").isEqualTo(digestOf(raw)).matches("sha256:[0-9a-f]{64}");
        }
    }

    @Test
    void anIdThatLooksLikeADigestIsDigestedSoItCannotJoinAnothersStory() throws Exception {
        String other = RefusalText.subject("p-\u0000");
        assertThat(RefusalText.subject(other)).isEqualTo(digestOf(other)).isNotEqualTo(other);
    }

    @Test
    void printableTextEscapesControlFormatAndUnpairedCharacters() {
        assertThat(RefusalText.printable("a\u0000b\nc\u202Ed\u007F\uD800e"))
                .isEqualTo("a\\u0000b\\u000Ac\\u202Ed\\u007F\\uD800e");
        assertThat(RefusalText.printable("café 10 € 😀 [x] 'y'")).isEqualTo("café 10 € 😀 [x] 'y'");
        assertThat(RefusalText.printable(null)).isEmpty();
    }

    @Test
    void longTextIsCutAndSaysHowMuchWasLeftOut() {
        String cut = RefusalText.printable("x".repeat(5_000));
        assertThat(cut).startsWith("x".repeat(RefusalText.MAX_PRINTABLE_CHARS))
                .endsWith("... (" + (5_000 - RefusalText.MAX_PRINTABLE_CHARS) + " more characters)");
        String escapes = RefusalText.printable("\u0000".repeat(1_000));
        assertThat(escapes.substring(0, escapes.indexOf("..."))).hasSizeLessThanOrEqualTo(RefusalText.MAX_PRINTABLE_CHARS)
                .matches("(\\\\u0000)+");
    }

    @Test
    void aRefusalCarriesOnlyTheSafeForms() throws Exception {
        Refusal refusal = new Refusal(RefusalCode.MALFORMED, "p-\u0000", "proposalId 'p-\u0000' is not an id");
        assertThat(refusal.subject()).isEqualTo(digestOf("p-\u0000"));
        assertThat(refusal.detail()).isEqualTo("proposalId 'p-\\u0000' is not an id");
        assertThat(new Refusal(RefusalCode.POLICY_UNAVAILABLE, "p-1", null).detail()).isEmpty();
    }
}

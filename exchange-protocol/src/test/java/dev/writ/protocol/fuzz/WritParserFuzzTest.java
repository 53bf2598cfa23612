package dev.writ.protocol.fuzz;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.writ.protocol.ProtocolException;
import dev.writ.protocol.crypto.KeyRing;
import dev.writ.protocol.crypto.SigningKey;
import dev.writ.protocol.writ.WritIssuer;
import dev.writ.protocol.writ.WritVerifier;
import dev.writ.protocol.writ.WritFixtures;
import java.time.Duration;
import java.time.Instant;

/**
 * Invariant 9 for the writ parser: whatever arrives, the verifier answers with a verified writ or a
 * typed {@link ProtocolException}; any other exception is a finding. In the normal test run this
 * replays the seeds; {@code JAZZER_FUZZ=1 mvn -pl exchange-protocol test -Dtest=WritParserFuzzTest}
 * fuzzes for real.
 */
class WritParserFuzzTest {
    private static final Instant NOW = Instant.parse("2026-11-22T10:00:10Z");
    private static final SigningKey KEY = SigningKey.generate(new java.security.SecureRandom(new byte[] {1}));
    private static final WritVerifier VERIFIER = new WritVerifier(KeyRing.of(WritFixtures.DOMAIN, KEY.verifyingKey()),
            Duration.ofSeconds(2));
    private static final String VALID = new WritIssuer(KEY)
            .issue(WritFixtures.claims("fuzz-1", Instant.parse("2026-11-22T10:00:00Z"))).compact();

    @FuzzTest(maxDuration = "60s")
    void arbitraryTextIsVerifiedOrRefusedWithATypedFault(FuzzedDataProvider data) {
        verify(data.consumeRemainingAsAsciiString());
    }

    @FuzzTest(maxDuration = "60s")
    void mutationsOfAValidWritAreVerifiedOrRefusedWithATypedFault(FuzzedDataProvider data) {
        StringBuilder writ = new StringBuilder(VALID);
        int edits = data.consumeInt(1, 8);
        for (int i = 0; i < edits && writ.length() > 0; i++) {
            int at = data.consumeInt(0, writ.length() - 1);
            switch (data.consumeInt(0, 2)) {
                case 0 -> writ.setCharAt(at, data.consumeChar());
                case 1 -> writ.deleteCharAt(at);
                default -> writ.insert(at, data.consumeChar());
            }
        }
        verify(writ.toString());
    }

    private static void verify(String compact) {
        try {
            VERIFIER.verify(compact, NOW);
        } catch (ProtocolException refused) {
            // the expected answer to bad input
        }
    }
}

package dev.writ.protocol.fuzz;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.writ.protocol.ProtocolException;
import dev.writ.protocol.crypto.Hashes;
import dev.writ.protocol.crypto.KeyRing;
import dev.writ.protocol.crypto.SigningKey;
import dev.writ.protocol.envelope.Envelopes;
import dev.writ.protocol.wire.EnvelopeType;

/**
 * Invariant 9 for the envelope decoder: any bytes are opened or refused with a typed
 * {@link ProtocolException}, never an unchecked exception.
 */
class EnvelopeDecoderFuzzTest {
    private static final SigningKey KEY = SigningKey.generate(new java.security.SecureRandom(new byte[] {2}));
    private static final KeyRing KEYS = KeyRing.of("acme", KEY.verifyingKey());
    private static final byte[] VALID = Envelopes.seal(KEY, EnvelopeType.BEACON, "acme", 3, Hashes.zeroHash(),
            "payload".getBytes(), 1000).envelope().toByteArray();

    @FuzzTest(maxDuration = "60s")
    void arbitraryBytesAreOpenedOrRefusedWithATypedFault(byte[] bytes) {
        open(bytes);
    }

    @FuzzTest(maxDuration = "60s")
    void mutationsOfAValidEnvelopeAreOpenedOrRefusedWithATypedFault(FuzzedDataProvider data) {
        byte[] bytes = VALID.clone();
        int edits = data.consumeInt(1, 8);
        for (int i = 0; i < edits; i++) {
            bytes[data.consumeInt(0, bytes.length - 1)] = data.consumeByte();
        }
        open(bytes);
    }

    private static void open(byte[] bytes) {
        try {
            Envelopes.open(bytes, KEYS, 64 * 1024);
        } catch (ProtocolException refused) {
            // the expected answer to bad input
        }
    }
}

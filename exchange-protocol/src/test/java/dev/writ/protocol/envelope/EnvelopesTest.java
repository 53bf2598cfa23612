package dev.writ.protocol.envelope;

import static dev.writ.protocol.FaultAssert.assertFault;
import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.ByteString;
import dev.writ.protocol.Fault;
import dev.writ.protocol.crypto.Hashes;
import dev.writ.protocol.crypto.KeyRing;
import dev.writ.protocol.crypto.SigningKey;
import dev.writ.protocol.wire.EnvelopeType;
import dev.writ.protocol.wire.ProofEnvelope;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class EnvelopesTest {
    private final SigningKey acme = SigningKey.generate();
    private final SigningKey globex = SigningKey.generate();
    private final KeyRing keys = KeyRing.of(List.of(
            new KeyRing.Entry("acme", acme.verifyingKey()), new KeyRing.Entry("globex", globex.verifyingKey())));
    private final OpenedEnvelope sealed = Envelopes.seal(acme, EnvelopeType.BEACON, "acme", 0, Hashes.zeroHash(),
            "beacon".getBytes(), 1000);
    private final byte[] bytes = sealed.envelope().toByteArray();

    @Test
    void aSealedEnvelopeOpensToTheSamePayloadAndHash() throws Exception {
        OpenedEnvelope opened = Envelopes.open(bytes, keys);
        assertThat(opened.payload()).isEqualTo("beacon".getBytes());
        assertThat(opened.hash()).isEqualTo(sealed.hash());
        assertThat(opened.header().getDomain()).isEqualTo("acme");
    }

    @Test
    void everyTruncationIsRefusedWithATypedFault() {
        for (int n = 0; n < bytes.length; n++) {
            byte[] truncated = Arrays.copyOf(bytes, n);
            try {
                Envelopes.open(truncated, keys);
                throw new AssertionError("truncation to " + n + " bytes was accepted");
            } catch (dev.writ.protocol.ProtocolException e) {
                assertThat(e.fault()).isIn(Fault.MALFORMED, Fault.BAD_SIGNATURE, Fault.PAYLOAD_MISMATCH,
                        Fault.UNKNOWN_KEY);
            }
        }
    }

    @Test
    void aSwappedPayloadIsAMismatch() {
        byte[] swapped = ProofEnvelope.newBuilder(sealed.envelope()).setPayload(ByteString.copyFromUtf8("other"))
                .build().toByteArray();
        assertFault(() -> Envelopes.open(swapped, keys), Fault.PAYLOAD_MISMATCH);
    }

    @Test
    void anEnvelopeClaimingAnotherDomainIsRefused() {
        byte[] impostor = Envelopes.seal(globex, EnvelopeType.BEACON, "acme", 0, Hashes.zeroHash(), new byte[1], 1)
                .envelope().toByteArray();
        assertFault(() -> Envelopes.open(impostor, keys), Fault.KEY_MISMATCH);
    }

    @Test
    void anEnvelopeFromAnUnregisteredKeyIsRefused() {
        byte[] stranger = Envelopes.seal(SigningKey.generate(), EnvelopeType.BEACON, "acme", 0, Hashes.zeroHash(),
                new byte[1], 1).envelope().toByteArray();
        assertFault(() -> Envelopes.open(stranger, keys), Fault.UNKNOWN_KEY);
    }

    @Test
    void aForgedSignatureIsRefused() {
        byte[] sig = sealed.envelope().getSignature().toByteArray();
        sig[0] ^= 1;
        byte[] forged = ProofEnvelope.newBuilder(sealed.envelope()).setSignature(ByteString.copyFrom(sig))
                .build().toByteArray();
        assertFault(() -> Envelopes.open(forged, keys), Fault.BAD_SIGNATURE);
    }

    @Test
    void anOversizedEnvelopeIsRefusedBeforeParsing() {
        assertFault(() -> Envelopes.open(new byte[2048], keys, 1024), Fault.OVERSIZED);
    }

    @Test
    void garbageIsMalformed() {
        assertFault(() -> Envelopes.open(new byte[] {(byte) 0xff, (byte) 0xff, 0x01}, keys), Fault.MALFORMED);
        assertFault(() -> Envelopes.open(ProofEnvelope.getDefaultInstance().toByteArray(), keys), Fault.MALFORMED);
    }
}

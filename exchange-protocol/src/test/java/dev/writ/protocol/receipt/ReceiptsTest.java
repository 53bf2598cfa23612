package dev.writ.protocol.receipt;

import static dev.writ.protocol.FaultAssert.assertFault;
import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.ByteString;
import dev.writ.protocol.Fault;
import dev.writ.protocol.crypto.Hashes;
import dev.writ.protocol.crypto.KeyRing;
import dev.writ.protocol.crypto.SignaturePurpose;
import dev.writ.protocol.crypto.SigningKey;
import dev.writ.protocol.wire.RedemptionReceipt;
import dev.writ.protocol.wire.SignedReceipt;
import java.util.List;
import org.junit.jupiter.api.Test;

class ReceiptsTest {
    private final SigningKey acme = SigningKey.generate();
    private final SigningKey globex = SigningKey.generate();
    private final KeyRing keys = KeyRing.of(List.of(
            new KeyRing.Entry("acme", acme.verifyingKey()), new KeyRing.Entry("globex", globex.verifyingKey())));
    private final RedemptionReceipt receipt = RedemptionReceipt.newBuilder()
            .setDomain("acme")
            .setJti("jti-1")
            .setWritHash(ByteString.copyFrom(Hashes.sha256(new byte[] {1})))
            .setContractHash(ByteString.copyFrom(Hashes.sha256(new byte[] {2})))
            .setMutationHash(ByteString.copyFrom(Hashes.sha256(new byte[] {3})))
            .setPepId("pep-erp")
            .setNodeId("node-1")
            .setRedeemedAtMillis(1000)
            .build();
    private final SignedReceipt sealed = Receipts.seal(acme, receipt);

    @Test
    void aSealedReceiptOpensToTheSameReceiptAndKeepsTheSignedBytes() throws Exception {
        OpenedReceipt opened = Receipts.open(sealed, keys, "acme");

        assertThat(opened.receipt()).isEqualTo(receipt);
        assertThat(opened.signed()).isEqualTo(sealed);
        assertThat(sealed.getReceipt().toByteArray()).isEqualTo(receipt.toByteArray());
        assertThat(opened.hash()).isEqualTo(Hashes.sha256(receipt.toByteArray()));
        assertThat(sealed.getKeyId().toByteArray()).isEqualTo(acme.id().bytes());
    }

    @Test
    void theSignatureIsOverTheCarriedBytesNotAReserialization() throws Exception {
        // An unknown field (number 99, varint 1) a newer node might add: the bytes are verified as carried.
        byte[] extended = receipt.toByteString().concat(ByteString.copyFrom(new byte[] {(byte) 0x98, 0x06, 0x01}))
                .toByteArray();
        SignedReceipt signed = SignedReceipt.newBuilder()
                .setReceipt(ByteString.copyFrom(extended))
                .setKeyId(ByteString.copyFrom(acme.id().bytes()))
                .setSignature(ByteString.copyFrom(acme.sign(SignaturePurpose.REDEMPTION_RECEIPT, extended)))
                .build();

        OpenedReceipt opened = Receipts.open(signed, keys, "acme");

        assertThat(opened.receipt().getJti()).isEqualTo("jti-1");
        assertThat(opened.hash()).isEqualTo(Hashes.sha256(extended));
    }

    @Test
    void tamperedReceiptBytesAreRefused() {
        RedemptionReceipt raised = receipt.toBuilder().setPepId("pep-other").build();
        SignedReceipt tampered = sealed.toBuilder().setReceipt(raised.toByteString()).build();

        assertFault(() -> Receipts.open(tampered, keys, "acme"), Fault.BAD_SIGNATURE);
    }

    @Test
    void aForgedSignatureIsRefused() {
        byte[] sig = sealed.getSignature().toByteArray();
        sig[0] ^= 1;
        SignedReceipt forged = sealed.toBuilder().setSignature(ByteString.copyFrom(sig)).build();

        assertFault(() -> Receipts.open(forged, keys, "acme"), Fault.BAD_SIGNATURE);
    }

    @Test
    void aSignatureByAnotherKeyThanTheOneNamedIsRefused() {
        SignedReceipt wrongKey = sealed.toBuilder()
                .setSignature(ByteString.copyFrom(globex.sign(SignaturePurpose.REDEMPTION_RECEIPT,
                        sealed.getReceipt().toByteArray())))
                .build();

        assertFault(() -> Receipts.open(wrongKey, keys, "acme"), Fault.BAD_SIGNATURE);
    }

    @Test
    void aReceiptSignedByAPartnerDomainsKeyIsRefused() {
        assertFault(() -> Receipts.open(Receipts.seal(globex, receipt), keys, "acme"), Fault.KEY_MISMATCH);
    }

    @Test
    void aReceiptFromAnUnknownKeyIsRefused() {
        assertFault(() -> Receipts.open(Receipts.seal(SigningKey.generate(), receipt), keys, "acme"),
                Fault.UNKNOWN_KEY);
    }

    @Test
    void aKeyIdThatIsNotOneIsMalformed() {
        SignedReceipt noKeyId = sealed.toBuilder().clearKeyId().build();

        assertFault(() -> Receipts.open(noKeyId, keys, "acme"), Fault.MALFORMED);
    }

    @Test
    void aSignatureMadeForAnotherPurposeDoesNotPassAsAReceipt() {
        SignedReceipt evidence = sealed.toBuilder()
                .setSignature(ByteString.copyFrom(acme.sign(SignaturePurpose.EVIDENCE_RECORD,
                        sealed.getReceipt().toByteArray())))
                .build();

        assertFault(() -> Receipts.open(evidence, keys, "acme"), Fault.BAD_SIGNATURE);
    }

    @Test
    void signedGarbageIsMalformedAndAnOversizedReceiptIsRefused() {
        byte[] garbage = {(byte) 0xff, (byte) 0xff, 0x01};
        byte[] huge = new byte[Receipts.MAX_RECEIPT_BYTES + 1];

        assertFault(() -> Receipts.open(signedBytes(garbage), keys, "acme"), Fault.MALFORMED);
        assertFault(() -> Receipts.open(signedBytes(huge), keys, "acme"), Fault.OVERSIZED);
    }

    private SignedReceipt signedBytes(byte[] bytes) {
        return SignedReceipt.newBuilder()
                .setReceipt(ByteString.copyFrom(bytes))
                .setKeyId(ByteString.copyFrom(acme.id().bytes()))
                .setSignature(ByteString.copyFrom(acme.sign(SignaturePurpose.REDEMPTION_RECEIPT, bytes)))
                .build();
    }
}

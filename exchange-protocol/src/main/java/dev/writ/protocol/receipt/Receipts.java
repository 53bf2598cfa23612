package dev.writ.protocol.receipt;

import com.google.protobuf.ByteString;
import dev.writ.protocol.ProtocolException;
import dev.writ.protocol.Wire;
import dev.writ.protocol.crypto.KeyId;
import dev.writ.protocol.crypto.KeyRing;
import dev.writ.protocol.crypto.SignaturePurpose;
import dev.writ.protocol.crypto.SigningKey;
import dev.writ.protocol.wire.RedemptionReceipt;
import dev.writ.protocol.wire.SignedReceipt;

/**
 * Seals redemption receipts (the node, after the REDEMPTION record is durable) and opens them (the
 * PEP, before it executes). The receipt is serialized once and its exact bytes travel beside the
 * signature: opening verifies those bytes, never a re-serialization of what a parser made of them.
 */
public final class Receipts {
    /** Receipts are small; a larger one is refused before it is parsed. */
    public static final int MAX_RECEIPT_BYTES = 8 * 1024;

    private Receipts() {
    }

    public static SignedReceipt seal(SigningKey key, RedemptionReceipt receipt) {
        byte[] bytes = receipt.toByteArray();
        return SignedReceipt.newBuilder()
                .setReceipt(ByteString.copyFrom(bytes))
                .setKeyId(ByteString.copyFrom(key.id().bytes()))
                .setSignature(ByteString.copyFrom(key.sign(SignaturePurpose.REDEMPTION_RECEIPT, bytes)))
                .build();
    }

    /**
     * Checks that {@code signed} is signed, over its exact bytes, by a key {@code keys} trusts for
     * {@code domain} (the domain whose writ was redeemed: a partner domain's key cannot vouch for
     * it), then parses it. What the receipt says (domain, jti, hashes, PEP) is the caller's to
     * compare with what it asked for.
     */
    public static OpenedReceipt open(SignedReceipt signed, KeyRing keys, String domain) throws ProtocolException {
        byte[] bytes = signed.getReceipt().toByteArray();
        keys.require(KeyId.ofBytes(signed.getKeyId().toByteArray()), domain)
                .verify(SignaturePurpose.REDEMPTION_RECEIPT, bytes, signed.getSignature().toByteArray());
        return new OpenedReceipt(signed, Wire.parse(RedemptionReceipt.parser(), bytes, MAX_RECEIPT_BYTES,
                "redemption receipt"));
    }
}

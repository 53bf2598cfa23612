package dev.writ.protocol.receipt;

import dev.writ.protocol.crypto.Hashes;
import dev.writ.protocol.wire.RedemptionReceipt;
import dev.writ.protocol.wire.SignedReceipt;

/**
 * A redemption receipt whose signature holds under a trusted key of the domain it was opened for:
 * the receipt as signed (keep it as evidence) and its parsed content. Only {@link Receipts#open}
 * makes one.
 */
public final class OpenedReceipt {
    private final SignedReceipt signed;
    private final RedemptionReceipt receipt;

    OpenedReceipt(SignedReceipt signed, RedemptionReceipt receipt) {
        this.signed = signed;
        this.receipt = receipt;
    }

    /** The receipt bytes, key id and signature exactly as the node signed them. */
    public SignedReceipt signed() {
        return signed;
    }

    public RedemptionReceipt receipt() {
        return receipt;
    }

    /** SHA-256 of the signed receipt bytes: what an OutcomeRecord cites. */
    public byte[] hash() {
        return Hashes.sha256(signed.getReceipt().toByteArray());
    }

    @Override
    public String toString() {
        return "OpenedReceipt[jti=" + receipt.getJti() + ", node=" + receipt.getNodeId() + "]";
    }
}

package dev.writ.protocol.client;

import dev.writ.protocol.receipt.OpenedReceipt;
import dev.writ.protocol.wire.RedemptionReceipt;
import dev.writ.protocol.wire.SignedReceipt;
import dev.writ.protocol.writ.Writ;

/**
 * A redemption the PEP has checked end to end: the offline-verified writ, the receipt as signed
 * (keep it as evidence), and its parsed content, which names this writ and this mutation.
 * Only {@link PepGuard} creates one (not a record, so nobody else can): holding one is the PEP's
 * licence to execute, once.
 */
public final class VerifiedReceipt {
    private final Writ writ;
    private final OpenedReceipt opened;

    VerifiedReceipt(Writ writ, OpenedReceipt opened) {
        this.writ = writ;
        this.opened = opened;
    }

    public Writ writ() {
        return writ;
    }

    /** The receipt bytes, key id and signature exactly as the node signed them. */
    public SignedReceipt signed() {
        return opened.signed();
    }

    public RedemptionReceipt receipt() {
        return opened.receipt();
    }

    public String jti() {
        return receipt().getJti();
    }

    /** SHA-256 of the signed receipt bytes: what an OutcomeRecord cites. */
    public byte[] receiptHash() {
        return opened.hash();
    }

    @Override
    public String toString() {
        return "VerifiedReceipt[jti=" + jti() + ", node=" + receipt().getNodeId() + "]";
    }
}

package dev.writ.protocol.crypto;

import java.nio.charset.StandardCharsets;

/**
 * What a signature is for. Protocol artifacts are signed over a label, a zero byte and the
 * exact artifact bytes, so a signature made for one kind of artifact can never be replayed as
 * another. JOSE signatures are the exception: RFC 7515 fixes their signing input, and a
 * standard JOSE library must be able to check them.
 */
public enum SignaturePurpose {
    JOSE(null),
    EVIDENCE_RECORD("writ/v1/evidence-record"),
    ENVELOPE_HEADER("writ/v1/envelope-header"),
    REDEMPTION_RECEIPT("writ/v1/redemption-receipt"),
    ANCHOR_BATCH("writ/v1/anchor-batch"),
    APPROVAL("writ/v1/approval");

    private final byte[] label;

    SignaturePurpose(String label) {
        this.label = label == null ? null : label.getBytes(StandardCharsets.US_ASCII);
    }

    byte[] frame(byte[] message) {
        if (label == null) {
            return message;
        }
        byte[] framed = new byte[label.length + 1 + message.length];
        System.arraycopy(label, 0, framed, 0, label.length);
        System.arraycopy(message, 0, framed, label.length + 1, message.length);
        return framed;
    }
}

package dev.writ.protocol.crypto;

import java.nio.charset.StandardCharsets;

/**
 * What a signature is for. Protocol artifacts are signed over a label, a zero byte and the
 * exact artifact bytes, so a signature made for one kind of artifact can never be replayed as
 * another. JOSE and X.509 signatures are the exceptions: RFC 7515 and RFC 5280 fix their
 * signing input, and standard JOSE and X.509 tools must be able to check them.
 */
public enum SignaturePurpose {
    JOSE(null),
    /** Certificates and CSRs: the signature is over the DER of the to-be-signed structure, nothing else. */
    X509(null),
    EVIDENCE_RECORD("writ/v1/evidence-record"),
    ENVELOPE_HEADER("writ/v1/envelope-header"),
    REDEMPTION_RECEIPT("writ/v1/redemption-receipt"),
    ANCHOR_BATCH("writ/v1/anchor-batch"),
    /** The record hashes a node exported as one writ's whole story (ProofBundle.manifest). */
    STORY_MANIFEST("writ/v1/story-manifest"),
    APPROVAL("writ/v1/approval"),
    /** An agent's signature over the Canonical bytes of its ActionProposal, with its certificate key. */
    PROPOSAL("writ/v1/proposal"),
    /** An agent's current certificate key over the CSR for its next certificate (AgentCertificateRequest). */
    CERTIFICATE_RENEWAL("writ/v1/certificate-renewal"),
    /** An operator's signature over an admin request (node, method, path, time, nonce, body hash): the Writ-Operator header. */
    OPERATOR_REQUEST("writ/v1/operator-request"),
    /** A PEP's signature, with its certificate key, over a RedemptionRequest or OutcomeRequest without its credential. */
    PEP_REQUEST("writ/v1/pep-request"),
    /** An agent's signature, with the key its writ names (`cnf.jkt`), over a PossessionProof: it presents this writ to this PEP for this mutation. */
    POSSESSION_PROOF("writ/v1/possession-proof"),
    /** A node's signature, with its node key, over a command to a sharded entity of its domain (the entity type and id, the sending node, the command's content). */
    MEMBER_COMMAND("writ/v1/member-command");

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

package dev.writ.protocol.crypto;

import dev.writ.protocol.Fault;
import dev.writ.protocol.ProtocolException;
import org.bouncycastle.crypto.params.Ed25519PublicKeyParameters;
import org.bouncycastle.crypto.signers.Ed25519Signer;

/** An Ed25519 public key. Verification throws; there is no boolean for a caller to forget. */
public final class VerifyingKey {
    public static final int LENGTH = Ed25519PublicKeyParameters.KEY_SIZE;
    private static final int SIGNATURE_LENGTH = 64;

    private final Ed25519PublicKeyParameters key;
    private final KeyId id;

    private VerifyingKey(Ed25519PublicKeyParameters key) {
        this.key = key;
        this.id = KeyId.thumbprintOf(key.getEncoded());
    }

    static VerifyingKey of(Ed25519PublicKeyParameters key) {
        return new VerifyingKey(key);
    }

    /** A key from its raw 32 bytes (as in a JWK `x` or a DomainKey). */
    public static VerifyingKey fromRaw(byte[] raw) throws ProtocolException {
        if (raw == null || raw.length != LENGTH) {
            throw new ProtocolException(Fault.MALFORMED, "an Ed25519 public key is 32 bytes");
        }
        try {
            return new VerifyingKey(new Ed25519PublicKeyParameters(raw, 0));
        } catch (IllegalArgumentException e) {
            throw new ProtocolException(Fault.MALFORMED, "not an Ed25519 public key", e);
        }
    }

    public KeyId id() {
        return id;
    }

    public byte[] raw() {
        return key.getEncoded();
    }

    /** Checks a signature made with {@link SigningKey#sign} for the same purpose and bytes. */
    public void verify(SignaturePurpose purpose, byte[] message, byte[] signature) throws ProtocolException {
        if (signature == null || signature.length != SIGNATURE_LENGTH) {
            throw new ProtocolException(Fault.BAD_SIGNATURE, "an Ed25519 signature is 64 bytes");
        }
        Ed25519Signer verifier = new Ed25519Signer();
        verifier.init(false, key);
        byte[] framed = purpose.frame(message);
        verifier.update(framed, 0, framed.length);
        if (!verifier.verifySignature(signature)) {
            throw new ProtocolException(Fault.BAD_SIGNATURE,
                    "signature does not hold for " + purpose + " under key " + id);
        }
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof VerifyingKey other && id.equals(other.id);
    }

    @Override
    public int hashCode() {
        return id.hashCode();
    }

    @Override
    public String toString() {
        return "VerifyingKey[" + id + "]";
    }
}

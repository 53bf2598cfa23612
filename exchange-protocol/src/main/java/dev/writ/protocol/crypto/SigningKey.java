package dev.writ.protocol.crypto;

import dev.writ.protocol.Fault;
import dev.writ.protocol.ProtocolException;
import java.security.SecureRandom;
import org.bouncycastle.crypto.params.Ed25519PrivateKeyParameters;
import org.bouncycastle.crypto.signers.Ed25519Signer;

/**
 * An Ed25519 private key on BouncyCastle's lightweight API (about 20 times faster here than the
 * JDK's own Ed25519). Its bytes never leave this class except through {@link KeyEncoding}.
 */
public final class SigningKey {
    private final Ed25519PrivateKeyParameters key;
    private final VerifyingKey verifyingKey;

    private SigningKey(Ed25519PrivateKeyParameters key) {
        this.key = key;
        this.verifyingKey = VerifyingKey.of(key.generatePublicKey());
    }

    public static SigningKey generate(SecureRandom random) {
        return new SigningKey(new Ed25519PrivateKeyParameters(random));
    }

    public static SigningKey generate() {
        return generate(new SecureRandom());
    }

    static SigningKey of(Ed25519PrivateKeyParameters key) {
        return new SigningKey(key);
    }

    static SigningKey fromSeed(byte[] seed) throws ProtocolException {
        if (seed == null || seed.length != Ed25519PrivateKeyParameters.KEY_SIZE) {
            throw new ProtocolException(Fault.MALFORMED, "an Ed25519 private key is 32 bytes");
        }
        return new SigningKey(new Ed25519PrivateKeyParameters(seed, 0));
    }

    byte[] seed() {
        return key.getEncoded();
    }

    Ed25519PrivateKeyParameters parameters() {
        return key;
    }

    public VerifyingKey verifyingKey() {
        return verifyingKey;
    }

    public KeyId id() {
        return verifyingKey.id();
    }

    public byte[] sign(SignaturePurpose purpose, byte[] message) {
        Ed25519Signer signer = new Ed25519Signer();
        signer.init(true, key);
        byte[] framed = purpose.frame(message);
        signer.update(framed, 0, framed.length);
        return signer.generateSignature();
    }

    @Override
    public String toString() {
        return "SigningKey[" + id() + "]";
    }
}

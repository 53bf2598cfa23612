package dev.writ.protocol.crypto;

import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.OctetKeyPair;
import com.nimbusds.jose.util.Base64URL;
import dev.writ.protocol.Fault;
import dev.writ.protocol.ProtocolException;
import java.io.IOException;
import java.io.StringReader;
import java.io.StringWriter;
import java.text.ParseException;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.crypto.params.AsymmetricKeyParameter;
import org.bouncycastle.crypto.params.Ed25519PrivateKeyParameters;
import org.bouncycastle.crypto.params.Ed25519PublicKeyParameters;
import org.bouncycastle.crypto.util.PrivateKeyFactory;
import org.bouncycastle.crypto.util.PrivateKeyInfoFactory;
import org.bouncycastle.crypto.util.PublicKeyFactory;
import org.bouncycastle.crypto.util.SubjectPublicKeyInfoFactory;
import org.bouncycastle.util.io.pem.PemObject;
import org.bouncycastle.util.io.pem.PemReader;
import org.bouncycastle.util.io.pem.PemWriter;

/**
 * Keys to and from text: PEM (PKCS#8 "PRIVATE KEY", SubjectPublicKeyInfo "PUBLIC KEY") and JWK
 * (RFC 8037 OKP, crv Ed25519). The one place that knows these encodings.
 */
public final class KeyEncoding {
    private static final int MAX_TEXT = 16 * 1024;
    private static final String PRIVATE_PEM = "PRIVATE KEY";
    private static final String PUBLIC_PEM = "PUBLIC KEY";

    private KeyEncoding() {
    }

    public static String toPem(SigningKey key) {
        try {
            return pem(PRIVATE_PEM, PrivateKeyInfoFactory.createPrivateKeyInfo(key.parameters()).getEncoded());
        } catch (IOException e) {
            throw new IllegalStateException("encoding an in-memory Ed25519 key cannot fail", e);
        }
    }

    public static String toPem(VerifyingKey key) {
        try {
            Ed25519PublicKeyParameters params = new Ed25519PublicKeyParameters(key.raw(), 0);
            return pem(PUBLIC_PEM, SubjectPublicKeyInfoFactory.createSubjectPublicKeyInfo(params).getEncoded());
        } catch (IOException e) {
            throw new IllegalStateException("encoding an in-memory Ed25519 key cannot fail", e);
        }
    }

    public static SigningKey signingKeyFromPem(String text) throws ProtocolException {
        byte[] der = unpem(text, PRIVATE_PEM);
        AsymmetricKeyParameter params;
        try {
            params = PrivateKeyFactory.createKey(PrivateKeyInfo.getInstance(der));
        } catch (IOException | RuntimeException e) {
            throw new ProtocolException(Fault.MALFORMED, "not a PKCS#8 private key", e);
        }
        if (!(params instanceof Ed25519PrivateKeyParameters ed)) {
            throw new ProtocolException(Fault.KEY_MISMATCH, "not an Ed25519 private key: "
                    + params.getClass().getSimpleName());
        }
        return SigningKey.of(ed);
    }

    public static VerifyingKey verifyingKeyFromPem(String text) throws ProtocolException {
        byte[] der = unpem(text, PUBLIC_PEM);
        AsymmetricKeyParameter params;
        try {
            params = PublicKeyFactory.createKey(SubjectPublicKeyInfo.getInstance(der));
        } catch (IOException | RuntimeException e) {
            throw new ProtocolException(Fault.MALFORMED, "not a SubjectPublicKeyInfo public key", e);
        }
        if (!(params instanceof Ed25519PublicKeyParameters ed)) {
            throw new ProtocolException(Fault.KEY_MISMATCH, "not an Ed25519 public key: "
                    + params.getClass().getSimpleName());
        }
        return VerifyingKey.of(ed);
    }

    /** The public JWK, with `kid` set to the RFC 7638 thumbprint. */
    public static OctetKeyPair toJwk(VerifyingKey key) {
        return new OctetKeyPair.Builder(Curve.Ed25519, Base64URL.encode(key.raw()))
                .keyID(key.id().toString())
                .keyUse(KeyUse.SIGNATURE)
                .build();
    }

    /** The private JWK (includes `d`): for files the operator protects, never for the wire. */
    public static OctetKeyPair toPrivateJwk(SigningKey key) {
        return new OctetKeyPair.Builder(toJwk(key.verifyingKey())).d(Base64URL.encode(key.seed())).build();
    }

    public static VerifyingKey verifyingKeyFromJwk(String json) throws ProtocolException {
        OctetKeyPair okp = parseOkp(json);
        VerifyingKey key = VerifyingKey.fromRaw(okp.getX().decode());
        checkKid(okp, key.id());
        return key;
    }

    public static SigningKey signingKeyFromJwk(String json) throws ProtocolException {
        OctetKeyPair okp = parseOkp(json);
        if (okp.getD() == null) {
            throw new ProtocolException(Fault.KEY_MISMATCH, "the JWK holds no private part (d)");
        }
        SigningKey key = SigningKey.fromSeed(okp.getD().decode());
        if (!java.util.Arrays.equals(key.verifyingKey().raw(), okp.getX().decode())) {
            throw new ProtocolException(Fault.KEY_MISMATCH, "the JWK's x is not the public key of its d");
        }
        checkKid(okp, key.id());
        return key;
    }

    private static OctetKeyPair parseOkp(String json) throws ProtocolException {
        if (json == null || json.length() > MAX_TEXT) {
            throw new ProtocolException(Fault.OVERSIZED, "a JWK is at most " + MAX_TEXT + " characters");
        }
        JWK jwk;
        try {
            jwk = JWK.parse(json);
        } catch (ParseException | RuntimeException e) {
            throw new ProtocolException(Fault.MALFORMED, "not a JWK: " + e.getMessage(), e);
        }
        if (!(jwk instanceof OctetKeyPair okp) || !Curve.Ed25519.equals(okp.getCurve())) {
            throw new ProtocolException(Fault.KEY_MISMATCH, "not an OKP Ed25519 JWK: " + jwk.getKeyType());
        }
        return okp;
    }

    private static void checkKid(OctetKeyPair okp, KeyId id) throws ProtocolException {
        if (okp.getKeyID() != null && !okp.getKeyID().equals(id.toString())) {
            throw new ProtocolException(Fault.KEY_MISMATCH,
                    "the JWK's kid " + okp.getKeyID() + " is not the key's thumbprint " + id);
        }
    }

    private static String pem(String type, byte[] der) throws IOException {
        StringWriter out = new StringWriter();
        try (PemWriter writer = new PemWriter(out)) {
            writer.writeObject(new PemObject(type, der));
        }
        return out.toString();
    }

    private static byte[] unpem(String text, String expectedType) throws ProtocolException {
        if (text == null || text.length() > MAX_TEXT) {
            throw new ProtocolException(Fault.OVERSIZED, "a PEM key is at most " + MAX_TEXT + " characters");
        }
        PemObject object;
        try (PemReader reader = new PemReader(new StringReader(text))) {
            object = reader.readPemObject();
        } catch (IOException | RuntimeException e) {
            throw new ProtocolException(Fault.MALFORMED, "not PEM: " + e.getMessage(), e);
        }
        if (object == null) {
            throw new ProtocolException(Fault.MALFORMED, "no PEM block found");
        }
        if (!expectedType.equals(object.getType())) {
            throw new ProtocolException(Fault.KEY_MISMATCH,
                    "expected a PEM " + expectedType + ", got " + object.getType());
        }
        return object.getContent();
    }
}

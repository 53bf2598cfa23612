package dev.writ.protocol.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static dev.writ.protocol.FaultAssert.assertFault;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.nimbusds.jose.jwk.OctetKeyPair;
import dev.writ.protocol.Fault;
import dev.writ.protocol.ProtocolException;
import java.nio.charset.StandardCharsets;
import java.security.KeyFactory;
import java.security.KeyPairGenerator;
import java.security.PublicKey;
import java.security.Signature;
import java.security.spec.X509EncodedKeySpec;
import java.util.Base64;
import org.junit.jupiter.api.Test;

class KeyEncodingTest {
    private final SigningKey key = SigningKey.generate();

    @Test
    void pemRoundTripKeepsTheKey() throws Exception {
        SigningKey again = KeyEncoding.signingKeyFromPem(KeyEncoding.toPem(key));
        VerifyingKey pub = KeyEncoding.verifyingKeyFromPem(KeyEncoding.toPem(key.verifyingKey()));
        assertThat(again.id()).isEqualTo(key.id());
        assertThat(pub).isEqualTo(key.verifyingKey());
        byte[] sig = again.sign(SignaturePurpose.EVIDENCE_RECORD, new byte[] {1, 2, 3});
        pub.verify(SignaturePurpose.EVIDENCE_RECORD, new byte[] {1, 2, 3}, sig);
    }

    @Test
    void jwkRoundTripKeepsTheKeyAndKid() throws Exception {
        OctetKeyPair privateJwk = KeyEncoding.toPrivateJwk(key);
        assertThat(KeyEncoding.signingKeyFromJwk(privateJwk.toJSONString()).id()).isEqualTo(key.id());
        String publicJwk = KeyEncoding.toJwk(key.verifyingKey()).toJSONString();
        assertThat(publicJwk).doesNotContain("\"d\"");
        assertThat(KeyEncoding.verifyingKeyFromJwk(publicJwk)).isEqualTo(key.verifyingKey());
    }

    @Test
    void keyIdIsTheStandardJwkThumbprint() throws Exception {
        OctetKeyPair jwk = KeyEncoding.toJwk(key.verifyingKey());
        assertThat(key.id().toString()).isEqualTo(jwk.computeThumbprint().toString());
        assertThat(KeyId.parse(key.id().toString())).isEqualTo(key.id());
    }

    @Test
    void publicPemIsReadByTheJdk() throws Exception {
        String pem = KeyEncoding.toPem(key.verifyingKey());
        String body = pem.replaceAll("-----[A-Z ]+-----", "").replaceAll("\\s", "");
        PublicKey jdkKey = KeyFactory.getInstance("Ed25519")
                .generatePublic(new X509EncodedKeySpec(Base64.getDecoder().decode(body)));
        byte[] message = "exact bytes".getBytes(StandardCharsets.US_ASCII);
        Signature verifier = Signature.getInstance("Ed25519");
        verifier.initVerify(jdkKey);
        verifier.update(message);
        assertThat(verifier.verify(key.sign(SignaturePurpose.JOSE, message))).isTrue();
    }

    @Test
    void signatureForOnePurposeDoesNotHoldForAnother() {
        byte[] message = {9, 9, 9};
        byte[] sig = key.sign(SignaturePurpose.EVIDENCE_RECORD, message);
        assertThatThrownBy(() -> key.verifyingKey().verify(SignaturePurpose.ENVELOPE_HEADER, message, sig))
                .isInstanceOf(ProtocolException.class)
                .extracting(e -> ((ProtocolException) e).fault()).isEqualTo(Fault.BAD_SIGNATURE);
    }

    @Test
    void aPublicPemIsNotAcceptedAsAPrivateKey() {
        assertFault(() -> KeyEncoding.signingKeyFromPem(KeyEncoding.toPem(key.verifyingKey())), Fault.KEY_MISMATCH);
    }

    @Test
    void anRsaKeyIsRefusedAsTheWrongKind() throws Exception {
        KeyPairGenerator rsa = KeyPairGenerator.getInstance("RSA");
        rsa.initialize(2048);
        String pem = "-----BEGIN PUBLIC KEY-----\n"
                + Base64.getMimeEncoder().encodeToString(rsa.generateKeyPair().getPublic().getEncoded())
                + "\n-----END PUBLIC KEY-----\n";
        assertFault(() -> KeyEncoding.verifyingKeyFromPem(pem), Fault.KEY_MISMATCH);
    }

    @Test
    void garbageTextIsMalformed() {
        assertFault(() -> KeyEncoding.verifyingKeyFromPem("hello"), Fault.MALFORMED);
        assertFault(() -> KeyEncoding.verifyingKeyFromPem("-----BEGIN PUBLIC KEY-----\nAAAA\n-----END PUBLIC KEY-----\n"),
                Fault.MALFORMED);
        assertFault(() -> KeyEncoding.verifyingKeyFromJwk("{\"kty\":"), Fault.MALFORMED);
        assertFault(() -> KeyEncoding.verifyingKeyFromJwk("x".repeat(20_000)), Fault.OVERSIZED);
    }

    @Test
    void aJwkWhoseKidIsNotItsThumbprintIsRefused() {
        String jwk = KeyEncoding.toJwk(key.verifyingKey()).toJSONString()
                .replace(key.id().toString(), SigningKey.generate().id().toString());
        assertFault(() -> KeyEncoding.verifyingKeyFromJwk(jwk), Fault.KEY_MISMATCH);
    }

    @Test
    void aPrivateJwkWhoseXIsNotItsPublicKeyIsRefused() throws Exception {
        OctetKeyPair other = KeyEncoding.toJwk(SigningKey.generate().verifyingKey());
        String spliced = new OctetKeyPair.Builder(other).keyID(null)
                .d(KeyEncoding.toPrivateJwk(key).getD()).build().toJSONString();
        assertFault(() -> KeyEncoding.signingKeyFromJwk(spliced), Fault.KEY_MISMATCH);
    }
}

package dev.writ.protocol.writ;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSSigner;
import com.nimbusds.jose.JWSVerifier;
import com.nimbusds.jose.jca.JCAContext;
import com.nimbusds.jose.util.Base64URL;
import dev.writ.protocol.ProtocolException;
import dev.writ.protocol.crypto.SignaturePurpose;
import dev.writ.protocol.crypto.SigningKey;
import dev.writ.protocol.crypto.VerifyingKey;
import java.util.Set;

/** nimbus-jose-jwt keeps the JWS format; BouncyCastle does the Ed25519 arithmetic. */
final class BouncyCastleJws {
    private static final Set<JWSAlgorithm> EDDSA = Set.of(JWSAlgorithm.EdDSA);

    private BouncyCastleJws() {
    }

    static JWSSigner signer(SigningKey key) {
        return new JWSSigner() {
            @Override
            public Base64URL sign(JWSHeader header, byte[] signingInput) {
                return Base64URL.encode(key.sign(SignaturePurpose.JOSE, signingInput));
            }

            @Override
            public Set<JWSAlgorithm> supportedJWSAlgorithms() {
                return EDDSA;
            }

            @Override
            public JCAContext getJCAContext() {
                return new JCAContext();
            }
        };
    }

    static JWSVerifier verifier(VerifyingKey key) {
        return new JWSVerifier() {
            @Override
            public boolean verify(JWSHeader header, byte[] signingInput, Base64URL signature) throws JOSEException {
                if (!JWSAlgorithm.EdDSA.equals(header.getAlgorithm())) {
                    throw new JOSEException("only EdDSA is accepted");
                }
                try {
                    key.verify(SignaturePurpose.JOSE, signingInput, signature.decode());
                    return true;
                } catch (ProtocolException e) {
                    return false;
                }
            }

            @Override
            public Set<JWSAlgorithm> supportedJWSAlgorithms() {
                return EDDSA;
            }

            @Override
            public JCAContext getJCAContext() {
                return new JCAContext();
            }
        };
    }
}

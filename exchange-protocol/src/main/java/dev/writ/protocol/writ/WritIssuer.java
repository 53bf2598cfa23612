package dev.writ.protocol.writ;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSObject;
import com.nimbusds.jose.JWSSigner;
import com.nimbusds.jose.Payload;
import dev.writ.protocol.crypto.SigningKey;

/** Mints writs: compact JWS, alg EdDSA, typ application/sae+jwt, kid = the key's thumbprint. */
public final class WritIssuer {
    private final SigningKey key;
    private final JWSSigner signer;
    private final JWSHeader header;

    public WritIssuer(SigningKey key) {
        this.key = key;
        this.signer = BouncyCastleJws.signer(key);
        this.header = new JWSHeader.Builder(JWSAlgorithm.EdDSA)
                .type(new JOSEObjectType(Writ.TYPE))
                .keyID(key.id().toString())
                .build();
    }

    public Writ issue(WritClaims claims) {
        if (!claims.notBefore().isBefore(claims.expiresAt())) {
            throw new IllegalArgumentException("a writ's nbf must come before its exp");
        }
        JWSObject jws = new JWSObject(header, new Payload(ClaimsCodec.toJson(claims)));
        try {
            jws.sign(signer);
        } catch (JOSEException e) {
            throw new IllegalStateException("signing with an in-memory Ed25519 key cannot fail", e);
        }
        return new Writ(jws.serialize(), claims, key.id());
    }
}

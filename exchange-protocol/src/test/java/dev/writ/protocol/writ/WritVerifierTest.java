package dev.writ.protocol.writ;

import static dev.writ.protocol.FaultAssert.assertFault;
import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSObject;
import com.nimbusds.jose.Payload;
import com.nimbusds.jose.crypto.Ed25519Verifier;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.jwk.OctetKeyPair;
import com.nimbusds.jose.util.Base64URL;
import dev.writ.protocol.Fault;
import dev.writ.protocol.crypto.KeyEncoding;
import dev.writ.protocol.crypto.KeyRing;
import dev.writ.protocol.crypto.SigningKey;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class WritVerifierTest {
    private static final Instant T0 = Instant.parse("2026-11-22T10:00:00Z");
    private final SigningKey key = SigningKey.generate();
    private final WritIssuer issuer = new WritIssuer(key);
    private final WritVerifier verifier = new WritVerifier(KeyRing.of(WritFixtures.DOMAIN, key.verifyingKey()),
            Duration.ofSeconds(2));
    private final Writ writ = issuer.issue(WritFixtures.claims("jti-1", T0));

    @Test
    void anIssuedWritVerifiesWithItsClaimsIntact() throws Exception {
        Writ checked = verifier.verify(writ.compact(), T0.plusSeconds(10));
        assertThat(checked.claims()).isEqualTo(writ.claims());
        assertThat(checked.keyId()).isEqualTo(key.id());
        assertThat(checked.hash()).isEqualTo(writ.hash());
    }

    @Test
    void theHeaderIsEdDsaWithOurTypeAndTheThumbprintAsKid() throws Exception {
        JWSHeader header = JWSObject.parse(writ.compact()).getHeader();
        assertThat(header.getAlgorithm()).isEqualTo(JWSAlgorithm.EdDSA);
        assertThat(header.getType().getType()).isEqualTo("application/sae+jwt");
        assertThat(header.getKeyID()).isEqualTo(key.id().toString());
    }

    @Test
    void aStandardJoseLibraryVerifiesTheWritFromThePublicJwkAlone() throws Exception {
        OctetKeyPair publicJwk = OctetKeyPair.parse(KeyEncoding.toJwk(key.verifyingKey()).toJSONString());
        JWSObject parsed = JWSObject.parse(writ.compact());
        assertThat(parsed.verify(new Ed25519Verifier(publicJwk))).isTrue();
        assertThat(parsed.getPayload().toJSONObject()).containsKeys(
                "iss", "sub", "act", "pol", "mod", "iat", "nbf", "exp", "jti", "ctx", "dom", "cnt", "rev");
    }

    @Test
    void anExpiredWritIsRefused() {
        assertFault(() -> verifier.verify(writ.compact(), T0.plusSeconds(62)), Fault.WRIT_EXPIRED);
    }

    @Test
    void aWritBeforeItsWindowIsRefused() {
        assertFault(() -> verifier.verify(writ.compact(), T0.minusSeconds(30)), Fault.WRIT_NOT_YET_VALID);
    }

    @Test
    void anExpiredWritStillAuthenticatesForAudit() throws Exception {
        assertThat(verifier.authenticate(writ.compact()).claims().jti()).isEqualTo("jti-1");
    }

    @Test
    void aChangedClaimBreaksTheSignature() {
        String[] parts = writ.compact().split("\\.");
        String payload = new Base64URL(parts[1]).decodeToString().replace("5000", "9000");
        String forged = parts[0] + "." + Base64URL.encode(payload) + "." + parts[2];
        assertFault(() -> verifier.verify(forged, T0), Fault.BAD_SIGNATURE);
    }

    @Test
    void aChangedSignatureIsRefused() {
        String compact = writ.compact();
        char last = compact.charAt(compact.length() - 5);
        String forged = compact.substring(0, compact.length() - 5) + (last == 'A' ? 'B' : 'A')
                + compact.substring(compact.length() - 4);
        assertFault(() -> verifier.verify(forged, T0), Fault.BAD_SIGNATURE);
    }

    @Test
    void aWritFromAnotherKeyIsRefusedAsUnknown() {
        Writ foreign = new WritIssuer(SigningKey.generate()).issue(WritFixtures.claims("jti-2", T0));
        assertFault(() -> verifier.verify(foreign.compact(), T0), Fault.UNKNOWN_KEY);
    }

    @Test
    void aKeyOfAnotherDomainCannotIssueForThisOne() {
        SigningKey other = SigningKey.generate();
        WritVerifier twoDomains = new WritVerifier(KeyRing.of(java.util.List.of(
                new KeyRing.Entry("acme", key.verifyingKey()), new KeyRing.Entry("globex", other.verifyingKey()))),
                Duration.ZERO);
        Writ claimsAcme = new WritIssuer(other).issue(WritFixtures.claims("jti-3", T0));
        assertFault(() -> twoDomains.verify(claimsAcme.compact(), T0), Fault.KEY_MISMATCH);
    }

    @Test
    void algNoneIsRefused() {
        String header = Base64URL.encode("{\"alg\":\"none\",\"typ\":\"application/sae+jwt\"}").toString();
        String payload = writ.compact().split("\\.")[1];
        assertFault(() -> verifier.verify(header + "." + payload + ".", T0), Fault.ALGORITHM_REJECTED);
    }

    @Test
    void hmacWithThePublicKeyAsSecretIsRefused() throws Exception {
        JWSObject hs = new JWSObject(new JWSHeader.Builder(JWSAlgorithm.HS256)
                .type(new JOSEObjectType(Writ.TYPE)).keyID(key.id().toString()).build(),
                new Payload(JWSObject.parse(writ.compact()).getPayload().toJSONObject()));
        byte[] secret = new byte[32];
        System.arraycopy(key.verifyingKey().raw(), 0, secret, 0, 32);
        hs.sign(new MACSigner(secret));
        assertFault(() -> verifier.verify(hs.serialize(), T0), Fault.ALGORITHM_REJECTED);
    }

    @Test
    void otherAsymmetricAlgorithmsAreRefused() {
        for (String alg : new String[] {"ES256", "RS256", "PS256", "Ed25519", "eddsa"}) {
            String header = Base64URL.encode("{\"alg\":\"" + alg + "\",\"typ\":\"application/sae+jwt\",\"kid\":\""
                    + key.id() + "\"}").toString();
            String[] parts = writ.compact().split("\\.");
            assertFault(() -> verifier.verify(header + "." + parts[1] + "." + parts[2], T0), Fault.ALGORITHM_REJECTED);
        }
    }

    @Test
    void aWrongTypeOrAnEmbeddedKeyOrCriticalHeaderIsRefused() throws Exception {
        assertFault(() -> verifier.verify(signedWith(headerWith("typ", "JWT"), claimsJson()), T0), Fault.TYPE_REJECTED);
        assertFault(() -> verifier.verify(signedWith(headerWith("jku", "https://evil.example/jwks"), claimsJson()), T0),
                Fault.TYPE_REJECTED);
        assertFault(() -> verifier.verify(signedWith(headerWith("crit", java.util.List.of("exp")), claimsJson()), T0),
                Fault.TYPE_REJECTED);
    }

    @Test
    void unknownOrMistypedClaimsAreRefusedEvenWhenSigned() throws Exception {
        Map<String, Object> extra = claimsJson();
        extra.put("admin", true);
        assertFault(() -> verifier.verify(signedWith(headerWith(null, null), extra), T0), Fault.CLAIMS_INVALID);
        Map<String, Object> mistyped = claimsJson();
        mistyped.put("exp", "tomorrow");
        assertFault(() -> verifier.verify(signedWith(headerWith(null, null), mistyped), T0), Fault.CLAIMS_INVALID);
        Map<String, Object> missing = claimsJson();
        missing.remove("jti");
        assertFault(() -> verifier.verify(signedWith(headerWith(null, null), missing), T0), Fault.CLAIMS_INVALID);
        Map<String, Object> backwards = claimsJson();
        backwards.put("exp", T0.minusSeconds(1).getEpochSecond());
        assertFault(() -> verifier.verify(signedWith(headerWith(null, null), backwards), T0), Fault.CLAIMS_INVALID);
    }

    @Test
    void timesBeyondTheYear9999OrBefore1970AreRefusedAsClaims() throws Exception {
        for (long seconds : new long[] {Long.MAX_VALUE, ClaimsCodec.MAX_TIME_SECONDS + 1, -1}) {
            for (String claim : new String[] {"iat", "nbf", "exp"}) {
                Map<String, Object> far = claimsJson();
                far.put(claim, seconds);
                assertFault(() -> verifier.authenticate(signedWith(headerWith(null, null), far)), Fault.CLAIMS_INVALID);
            }
        }
        Map<String, Object> last = claimsJson();
        last.put("exp", ClaimsCodec.MAX_TIME_SECONDS);
        assertThat(verifier.authenticate(signedWith(headerWith(null, null), last)).claims().expiresAt())
                .isEqualTo(Instant.parse("9999-12-31T23:59:59Z"));
    }

    @Test
    void aSenderConstrainedWritCarriesCnfJktAndABearerWritNone() throws Exception {
        SigningKey agentKey = SigningKey.generate();
        WritClaims bound = withConfirmationKey(WritFixtures.claims("jti-cnf", T0), agentKey.id().toString());
        Writ issued = issuer.issue(bound);
        assertThat(JWSObject.parse(issued.compact()).getPayload().toJSONObject().get("cnf"))
                .isEqualTo(Map.of("jkt", agentKey.id().toString()));
        WritClaims read = verifier.verify(issued.compact(), T0).claims();
        assertThat(read).isEqualTo(bound);
        assertThat(read.senderConstrained()).isTrue();
        assertThat(JWSObject.parse(writ.compact()).getPayload().toJSONObject()).doesNotContainKey("cnf");
        assertThat(verifier.verify(writ.compact(), T0).claims().senderConstrained()).isFalse();
    }

    @Test
    void aCnfOtherThanOneThumbprintIsRefusedAsClaims() throws Exception {
        String jkt = SigningKey.generate().id().toString();
        for (Object cnf : new Object[] {Map.of("jkt", jkt, "jwk", "x"), Map.of(), Map.of("jkt", 5), "jkt",
                Map.of("jkt", jkt.substring(1)), Map.of("jkt", jkt.substring(0, 42) + "!")}) {
            Map<String, Object> claims = claimsJson();
            claims.put("cnf", cnf);
            assertFault(() -> verifier.verify(signedWith(headerWith(null, null), claims), T0), Fault.CLAIMS_INVALID);
        }
    }

    @Test
    void truncatedOrEmptyOrGarbageInputIsMalformed() {
        String compact = writ.compact();
        assertFault(() -> verifier.verify(compact.substring(0, compact.lastIndexOf('.')), T0), Fault.MALFORMED);
        assertFault(() -> verifier.verify("", T0), Fault.MALFORMED);
        assertFault(() -> verifier.verify(null, T0), Fault.MALFORMED);
        assertFault(() -> verifier.verify("a.b.c", T0), Fault.MALFORMED);
        assertFault(() -> verifier.verify("....", T0), Fault.MALFORMED);
    }

    @Test
    void anOversizedWritIsRefusedBeforeParsing() {
        String huge = "e".repeat(WritVerifier.MAX_COMPACT_LENGTH + 1);
        assertFault(() -> verifier.verify(huge, T0), Fault.OVERSIZED);
    }

    static WritClaims withConfirmationKey(WritClaims c, String jkt) {
        return new WritClaims(c.issuer(), c.subject(), c.action(), c.policy(), c.modelHash(), c.issuedAt(), c.notBefore(),
                c.expiresAt(), c.jti(), c.context(), c.domain(), c.contractHash(), c.revocationEpoch(), jkt);
    }

    private Map<String, Object> claimsJson() {
        return new LinkedHashMap<>(ClaimsCodec.toJson(WritFixtures.claims("jti-x", T0)));
    }

    private JWSHeader headerWith(String name, Object value) throws Exception {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("alg", "EdDSA");
        json.put("typ", Writ.TYPE);
        json.put("kid", key.id().toString());
        if (name != null) {
            json.put(name, value);
        }
        return JWSHeader.parse(json);
    }

    private String signedWith(JWSHeader header, Map<String, Object> claims) throws Exception {
        JWSObject jws = new JWSObject(header, new Payload(claims));
        // Sign the raw JWS input so that headers nimbus would refuse to produce still get a valid signature.
        String input = header.toBase64URL() + "." + jws.getPayload().toBase64URL();
        Base64URL sig = BouncyCastleJws.signer(key).sign(header, input.getBytes(StandardCharsets.US_ASCII));
        return input + "." + sig;
    }
}

package dev.writ.protocol.properties;

import static org.assertj.core.api.Assertions.assertThat;

import dev.writ.protocol.ProtocolException;
import dev.writ.protocol.crypto.Hashes;
import dev.writ.protocol.crypto.KeyEncoding;
import dev.writ.protocol.crypto.KeyRing;
import dev.writ.protocol.crypto.SigningKey;
import dev.writ.protocol.envelope.Envelopes;
import dev.writ.protocol.envelope.OpenedEnvelope;
import dev.writ.protocol.evidence.ChainHead;
import dev.writ.protocol.evidence.EvidenceRecords;
import dev.writ.protocol.evidence.VerifiedRecord;
import dev.writ.protocol.writ.Writ;
import dev.writ.protocol.writ.WritClaims;
import dev.writ.protocol.writ.WritIssuer;
import dev.writ.protocol.writ.WritVerifier;
import dev.writ.protocol.wire.EnvelopeType;
import dev.writ.protocol.wire.EvidenceKind;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.ByteRange;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.LongRange;
import net.jqwik.api.constraints.Size;

/** Round trips: what is signed comes back out exactly, and any changed byte is refused. */
class RoundTripPropertiesTest {
    private static final SigningKey KEY = SigningKey.generate();
    private static final KeyRing KEYS = KeyRing.of("acme", KEY.verifyingKey());

    @Provide
    Arbitrary<WritClaims> claims() {
        Arbitrary<String> text = Arbitraries.strings().withCharRange(' ', '~').ofMaxLength(24);
        Arbitrary<String> unicode = Arbitraries.strings().all().ofMaxLength(12)
                .filter(s -> s.chars().noneMatch(c -> Character.isSurrogate((char) c)));
        Arbitrary<Map<String, String>> params = Arbitraries.maps(text, unicode).ofMaxSize(5);
        Arbitrary<Long> start = Arbitraries.longs().between(1_600_000_000L, 2_000_000_000L);
        Arbitrary<Integer> window = Arbitraries.integers().between(30, 300);
        Arbitrary<WritClaims.Action> action = Combinators.combine(text, text, params, text).as(WritClaims.Action::new);
        return Combinators.combine(text, action, start, window, text, Arbitraries.integers().between(0, 100),
                Arbitraries.longs().between(0, Long.MAX_VALUE / 2), unicode).as(
                (agent, act, t, w, jti, risk, rev, session) -> new WritClaims(agent, act.target(), act,
                        new WritClaims.Policy("0xabc", 1, 2, "rh"), "mod", Instant.ofEpochSecond(t),
                        Instant.ofEpochSecond(t), Instant.ofEpochSecond(t + w), jti,
                        new WritClaims.Context(session, "plan", "", risk, "internal"), "acme", "cnt", rev));
    }

    @Property(tries = 200)
    void aWritsClaimsSurviveSigningAndVerification(@ForAll("claims") WritClaims claims) throws ProtocolException {
        Writ writ = new WritIssuer(KEY).issue(claims);
        Writ verified = new WritVerifier(KEYS, Duration.ZERO).verify(writ.compact(), claims.notBefore());
        assertThat(verified.claims()).isEqualTo(claims);
        assertThat(verified.hash()).isEqualTo(writ.hash());
    }

    @Property(tries = 300)
    void anyChangedCharacterOfAWritIsRefused(@ForAll("claims") WritClaims claims, @ForAll @IntRange(min = 0, max = 10_000) int where,
                                            @ForAll @IntRange(min = 1, max = 63) int delta) {
        String compact = new WritIssuer(KEY).issue(claims).compact();
        int at = where % compact.length();
        String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
        int index = alphabet.indexOf(compact.charAt(at));
        char replacement = index < 0 ? 'A' : alphabet.charAt((index + delta) % 64);
        String changed = compact.substring(0, at) + replacement + compact.substring(at + 1);
        assertThat(changed).isNotEqualTo(compact);
        WritVerifier verifier = new WritVerifier(KEYS, Duration.ZERO);
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> verifier.authenticate(changed))
                .isInstanceOf(ProtocolException.class);
    }

    @Property(tries = 200)
    void anEnvelopeOpensToWhatWasSealed(@ForAll @Size(max = 2048) byte[] payload,
                                        @ForAll @LongRange(min = 0, max = Long.MAX_VALUE) long seq,
                                        @ForAll @Size(value = 32) byte[] prevHash) throws ProtocolException {
        OpenedEnvelope sealed = Envelopes.seal(KEY, EnvelopeType.EVIDENCE, "acme", seq, prevHash, payload, 42);
        OpenedEnvelope opened = Envelopes.open(sealed.envelope().toByteArray(), KEYS);
        assertThat(opened.payload()).isEqualTo(payload);
        assertThat(opened.header()).isEqualTo(sealed.header());
        assertThat(opened.hash()).isEqualTo(sealed.hash());
    }

    @Property(tries = 300)
    void aChangedEnvelopeByteIsRefusedOrChangesNothingSigned(@ForAll @Size(max = 256) byte[] payload,
                                                            @ForAll @IntRange(min = 0, max = 100_000) int where,
                                                            @ForAll @ByteRange(min = 1) byte delta) {
        OpenedEnvelope sealed = Envelopes.seal(KEY, EnvelopeType.BEACON, "acme", 7, Hashes.zeroHash(), payload, 42);
        byte[] bytes = sealed.envelope().toByteArray();
        bytes[where % bytes.length] += delta;
        try {
            OpenedEnvelope opened = Envelopes.open(bytes, KEYS);
            // Protobuf tolerates some re-encodings (e.g. an unknown field); what was signed must be untouched.
            assertThat(opened.header()).isEqualTo(sealed.header());
            assertThat(opened.payload()).isEqualTo(payload);
        } catch (ProtocolException refused) {
            assertThat(refused.fault()).isNotNull();
        }
    }

    @Property(tries = 200)
    void anEvidenceRecordOpensToWhatWasSealed(@ForAll @Size(value = 32) byte[] payloadHash,
                                              @ForAll @LongRange(min = 0, max = 1L << 40) long seq,
                                              @ForAll @Size(value = 32) byte[] prev) throws ProtocolException {
        ChainHead head = new ChainHead("acme", "lane-3", seq, prev);
        VerifiedRecord sealed = EvidenceRecords.seal(KEY, "node-1", head, EvidenceKind.OUTCOME, "jti", payloadHash, 5);
        VerifiedRecord opened = EvidenceRecords.open(sealed.record(), KEYS);
        assertThat(opened.body()).isEqualTo(sealed.body());
        assertThat(opened.next()).isEqualTo(sealed.next());
    }

    @Property(tries = 20)
    void keysSurvivePemAndJwk(@ForAll @Size(value = 32) byte[] seed) throws ProtocolException {
        SigningKey key = SigningKey.generate(new java.security.SecureRandom(seed));
        assertThat(KeyEncoding.signingKeyFromPem(KeyEncoding.toPem(key)).id()).isEqualTo(key.id());
        assertThat(KeyEncoding.signingKeyFromJwk(KeyEncoding.toPrivateJwk(key).toJSONString()).id()).isEqualTo(key.id());
        assertThat(KeyEncoding.verifyingKeyFromJwk(KeyEncoding.toJwk(key.verifyingKey()).toJSONString()))
                .isEqualTo(key.verifyingKey());
    }
}

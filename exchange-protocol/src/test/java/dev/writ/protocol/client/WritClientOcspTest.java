package dev.writ.protocol.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.writ.protocol.Fault;
import dev.writ.protocol.ProtocolException;
import dev.writ.protocol.client.FakeNode.Answer;
import dev.writ.protocol.crypto.SigningKey;
import dev.writ.protocol.identity.X509Signing;
import java.math.BigInteger;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@link WritClient#ocsp}: the request goes out as DER with the OCSP media type, and an answer that
 * is not a readable OCSP response of the issuer is never taken for "good" (fail closed).
 */
class WritClientOcspTest {
    private static final BigInteger SERIAL = BigInteger.valueOf(0x5eed);

    private FakeNode node;
    private WritClient client;
    private byte[] issuer;

    @BeforeEach
    void start() throws Exception {
        node = new FakeNode();
        client = WritClient.builder(node.uri()).timeout(Duration.ofSeconds(5)).build();
        issuer = selfSigned(SigningKey.generate());
    }

    @AfterEach
    void stop() {
        node.close();
    }

    @Test
    void anAnswerThatIsNotAnOcspResponseIsAClientFailure() {
        node.on("POST", "/v1/ocsp", r -> Answer.text(200, "application/json", "{\"status\":\"good\"}"));

        assertThatThrownBy(() -> client.ocsp(issuer, SERIAL)).isInstanceOf(WritClientException.class)
                .hasMessageContaining("application/json");
        FakeNode.Request sent = node.requests().get(0);
        assertThat(sent.contentType()).isEqualTo("application/ocsp-request");
        assertThat(sent.accept()).contains("application/ocsp-response");
    }

    @Test
    void anUnreadableOcspAnswerIsRefusedNotGood() {
        node.on("POST", "/v1/ocsp", r -> Answer.text(200, "application/ocsp-response", "good"));

        assertThatThrownBy(() -> client.ocsp(issuer, SERIAL)).isInstanceOfSatisfying(ProtocolException.class,
                e -> assertThat(e.fault()).isEqualTo(Fault.CERT_MALFORMED));
    }

    @Test
    void aRefusalOfTheNodeKeepsItsCode() {
        node.on("POST", "/v1/ocsp", r -> Answer.problem(404, "NO_CA", "this node has no agent CA"));

        assertThatThrownBy(() -> client.ocsp(issuer, SERIAL)).isInstanceOfSatisfying(WritRefusedException.class,
                e -> assertThat(e.code()).isEqualTo("NO_CA"));
    }

    private static byte[] selfSigned(SigningKey key) throws Exception {
        X500Name name = new X500Name("CN=test issuer");
        Instant now = Instant.now();
        return new X509v3CertificateBuilder(name, BigInteger.ONE, Date.from(now.minusSeconds(60)),
                Date.from(now.plusSeconds(3600)), name, X509Signing.publicKeyInfo(key.verifyingKey()))
                .build(X509Signing.signer(key)).getEncoded();
    }
}

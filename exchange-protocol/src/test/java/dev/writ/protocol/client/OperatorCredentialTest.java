package dev.writ.protocol.client;

import dev.writ.protocol.Fault;
import dev.writ.protocol.ProtocolException;
import dev.writ.protocol.crypto.SigningKey;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

import static dev.writ.protocol.FaultAssert.assertFault;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The Writ-Operator header as the client writes it and the node reads it. */
class OperatorCredentialTest {
    private static final SigningKey KEY = SigningKey.generate();
    private static final OperatorCredential OPS = new OperatorCredential("ops-1", KEY);
    private static final OperatorAudience NODE = new OperatorAudience("acme", "acme-1");
    private static final byte[] BODY = "{\"issuer\":\"ops-1\"}".getBytes(StandardCharsets.UTF_8);
    private static final long MILLIS = 1_900_000_000_000L;

    @Test
    void aHeaderReadsBackAsWrittenAndHoldsForExactlyItsRequest() throws ProtocolException {
        String value = OPS.header(NODE, "POST", "/v1/revocations", BODY, MILLIS);
        OperatorHeader read = OperatorHeader.parse(value);
        assertThat(read.operatorId()).isEqualTo("ops-1");
        assertThat(read.audience()).isEqualTo(NODE);
        assertThat(read.millis()).isEqualTo(MILLIS);
        assertThat(read.value()).isEqualTo(value);
        read.verify(KEY.verifyingKey(), "POST", "/v1/revocations", BODY);

        assertFault(() -> read.verify(KEY.verifyingKey(), "POST", "/v1/domains/resolutions", BODY), Fault.BAD_SIGNATURE);
        assertFault(() -> read.verify(KEY.verifyingKey(), "POST", "/v1/revocations", "{}".getBytes(StandardCharsets.UTF_8)),
                Fault.BAD_SIGNATURE);
        assertFault(() -> read.verify(SigningKey.generate().verifyingKey(), "POST", "/v1/revocations", BODY),
                Fault.BAD_SIGNATURE);
    }

    @Test
    void everyHeaderHasAFreshNonce() throws ProtocolException {
        OperatorHeader one = OperatorHeader.parse(OPS.header(NODE, "POST", "/v1/revocations", BODY, MILLIS));
        OperatorHeader two = OperatorHeader.parse(OPS.header(NODE, "POST", "/v1/revocations", BODY, MILLIS));
        assertThat(one.nonce()).hasSize(22).isNotEqualTo(two.nonce());
    }

    @Test
    void theNodeAddressedIsSigned() throws ProtocolException {
        String value = OPS.header(NODE, "POST", "/v1/revocations", BODY, MILLIS);
        OperatorHeader elsewhere = OperatorHeader.parse(value.replace(" acme acme-1 ", " acme acme-2 "));
        assertThat(elsewhere.audience()).isEqualTo(new OperatorAudience("acme", "acme-2"));
        assertFault(() -> elsewhere.verify(KEY.verifyingKey(), "POST", "/v1/revocations", BODY), Fault.BAD_SIGNATURE);
    }

    @Test
    void theRetiredFormatAndOtherTextAreMalformedWithWhatIsExpected() {
        assertThatThrownBy(() -> OperatorHeader.parse("ops-1 " + MILLIS + " c2ln"))
                .isInstanceOfSatisfying(ProtocolException.class, e -> {
                    assertThat(e.fault()).isEqualTo(Fault.MALFORMED);
                    assertThat(e.detail()).contains("retired header", OperatorHeader.FORMAT);
                });
        String valid = OPS.header(NODE, "POST", "/v1/revocations", BODY, MILLIS);
        assertFault(() -> OperatorHeader.parse(valid.replace("v2 ", "v3 ")), Fault.MALFORMED);
        assertFault(() -> OperatorHeader.parse(valid.replace(" " + MILLIS + " ", " soon ")), Fault.MALFORMED);
        assertFault(() -> OperatorHeader.parse(valid + " extra"), Fault.MALFORMED);
        assertFault(() -> OperatorHeader.parse(valid.replace(" acme-1 ", " acme/1 ")), Fault.MALFORMED);
        String[] parts = valid.split(" ");
        assertFault(() -> OperatorHeader.parse(valid.replace(parts[5], "short")), Fault.MALFORMED);
        assertFault(() -> OperatorHeader.parse(""), Fault.MALFORMED);
    }
}

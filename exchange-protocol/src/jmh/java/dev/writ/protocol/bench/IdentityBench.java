package dev.writ.protocol.bench;

import com.google.protobuf.ByteString;
import dev.writ.protocol.ProtocolException;
import dev.writ.protocol.crypto.Hashes;
import dev.writ.protocol.crypto.SigningKey;
import dev.writ.protocol.identity.AgentCertificateProfile;
import dev.writ.protocol.identity.AgentChainVerifier;
import dev.writ.protocol.identity.IdentityExtensions;
import dev.writ.protocol.identity.ProposalSigning;
import dev.writ.protocol.identity.RevocationCheck;
import dev.writ.protocol.identity.SpiffeId;
import dev.writ.protocol.identity.VerifiedAgent;
import dev.writ.protocol.identity.X509Signing;
import dev.writ.protocol.wire.Action;
import dev.writ.protocol.wire.ActionContext;
import dev.writ.protocol.wire.ActionProposal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.bouncycastle.asn1.ASN1Encodable;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * What agent authentication adds to one admission: verifying the agent's chain (parse two
 * certificates, two Ed25519 signatures, the profile checks) and the whole proposal check (chain plus
 * SPIFFE id, model hash, Canonical bytes and the proposal signature); and the agent's cost to sign.
 * The chain is built here with BouncyCastle directly (the node's issuer is not on this module's path).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class IdentityBench {
    private static final RevocationCheck NONE_REVOKED = (serial, agent, key) -> Optional.empty();

    private AgentChainVerifier verifier;
    private List<byte[]> chain;
    private SigningKey agentKey;
    private ActionProposal unsigned;
    private ActionProposal signed;
    private Instant now;

    @Setup
    public void setup() throws Exception {
        now = Instant.now();
        SpiffeId agent = new SpiffeId(BenchFixtures.DOMAIN, "payments-bench");
        byte[] model = Hashes.sha256("bench-model".getBytes(StandardCharsets.UTF_8));
        SigningKey rootKey = SigningKey.generate();
        SigningKey intermediateKey = SigningKey.generate();
        agentKey = SigningKey.generate();
        X500Name rootName = new X500Name("CN=bench root");
        X500Name intermediateName = new X500Name("CN=bench intermediate");
        Extension trustDomain = IdentityExtensions.uriSan(SpiffeId.trustDomainUri(BenchFixtures.DOMAIN));
        byte[] root = cert(rootName, rootName, rootKey, rootKey, List.of(
                ext(Extension.basicConstraints, new BasicConstraints(1)),
                ext(Extension.keyUsage, new KeyUsage(KeyUsage.keyCertSign)), trustDomain));
        byte[] intermediate = cert(rootName, intermediateName, intermediateKey, rootKey, List.of(
                ext(Extension.basicConstraints, new BasicConstraints(0)),
                ext(Extension.keyUsage, new KeyUsage(KeyUsage.keyCertSign)), trustDomain));
        byte[] leaf = cert(intermediateName, new X500Name("CN=payments-bench"), agentKey,
                intermediateKey, List.of(
                        ext(Extension.basicConstraints, new BasicConstraints(false)),
                        ext(Extension.keyUsage, new KeyUsage(KeyUsage.digitalSignature)),
                        ext(Extension.extendedKeyUsage, new ExtendedKeyUsage(
                                KeyPurposeId.getInstance(AgentCertificateProfile.PROPOSAL_SIGNING))),
                        IdentityExtensions.uriSan(agent.uri()), IdentityExtensions.modelHash(model)));
        verifier = AgentChainVerifier.forRoot(root);
        chain = List.of(leaf, intermediate);
        unsigned = ActionProposal.newBuilder().setProposalId("p-bench").setAgentId(agent.uri())
                .setAction(Action.newBuilder().setTarget("payments-api").setOperation("transfer")
                        .putParameters("amount", "120").putParameters("currency", "EUR").setClassification("internal"))
                .setContext(ActionContext.newBuilder().setSessionId("s-1").setRiskScore(10)
                        .setDataClassification("internal").setModelHash(ByteString.copyFrom(model)))
                .build();
        signed = ProposalSigning.sign(unsigned, agentKey, chain);
        verifyProposal(); // fail in setup, not in the measurement, if the fixture is wrong
    }

    @Benchmark
    public VerifiedAgent verifyChain() throws ProtocolException {
        return verifier.verify(chain, now, NONE_REVOKED);
    }

    @Benchmark
    public VerifiedAgent verifyProposal() throws ProtocolException {
        return ProposalSigning.verify(signed, verifier, now, NONE_REVOKED);
    }

    @Benchmark
    public ActionProposal signProposal() {
        return ProposalSigning.sign(unsigned, agentKey, chain);
    }

    private byte[] cert(X500Name issuer, X500Name subject, SigningKey subjectKey, SigningKey issuerKey,
                        List<Extension> extensions) throws Exception {
        X509v3CertificateBuilder builder = new X509v3CertificateBuilder(issuer, BigInteger.valueOf(System.nanoTime()),
                Date.from(now.minusSeconds(60)), Date.from(now.plusSeconds(86_400)), subject,
                X509Signing.publicKeyInfo(subjectKey.verifyingKey()));
        for (Extension e : extensions) {
            builder.addExtension(e);
        }
        return builder.build(X509Signing.signer(issuerKey)).getEncoded();
    }

    private static Extension ext(ASN1ObjectIdentifier oid, ASN1Encodable value) throws Exception {
        return new Extension(oid, true, value.toASN1Primitive().getEncoded());
    }
}

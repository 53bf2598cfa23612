package dev.writ.cli;

import dev.writ.protocol.Fault;
import dev.writ.protocol.ProtocolException;
import dev.writ.protocol.crypto.KeyEncoding;
import dev.writ.protocol.crypto.SigningKey;
import dev.writ.protocol.identity.IdentityExtensions;
import dev.writ.protocol.identity.Pem;
import dev.writ.protocol.identity.X509Signing;
import java.io.IOException;
import java.util.List;
import org.bouncycastle.cert.X509CertificateHolder;

/**
 * A private key and the certificate chain that certifies it, as `writ agent enrol` / `writ ca issue`
 * write them (chain PEM, leaf first) and `writ ca csr` the key (PKCS#8 PEM): read, and checked to
 * belong together, so that a mixed-up pair is refused here and not by the node.
 *
 * @param uri the leaf's one URI SAN, its SPIFFE id
 */
record CertifiedKey(SigningKey key, List<byte[]> chain, X509CertificateHolder leaf, String uri) {
    private static final int MAX_CHAIN_PEM = 64 * 1024;

    static CertifiedKey read(String keyFile, String chainFile) throws ClientOutput.Failure, IOException, ProtocolException {
        SigningKey key = KeyEncoding.signingKeyFromPem(ClientInput.read(keyFile, "the key"));
        List<byte[]> chain = Pem.decodeAll(ClientInput.read(chainFile, "the certificate chain"), Pem.CERTIFICATE, MAX_CHAIN_PEM);
        if (chain.isEmpty()) {
            throw ClientOutput.usage("CERT_MALFORMED", chainFile + " holds no certificate");
        }
        X509CertificateHolder leaf;
        try {
            leaf = new X509CertificateHolder(chain.get(0));
        } catch (IOException e) {
            throw new ProtocolException(Fault.CERT_MALFORMED, chainFile + ": the first certificate does not parse", e);
        }
        if (!X509Signing.keyOf(leaf.getSubjectPublicKeyInfo()).equals(key.verifyingKey())) {
            throw ClientOutput.usage("KEY_MISMATCH", keyFile + " is not the key " + chainFile + " certifies");
        }
        return new CertifiedKey(key, chain, leaf, IdentityExtensions.singleUri(leaf.getExtensions()));
    }
}

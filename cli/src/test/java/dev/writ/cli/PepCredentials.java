package dev.writ.cli;

import dev.writ.authority.ca.CaDirectory;
import dev.writ.authority.ca.CertificateAuthority;
import dev.writ.protocol.crypto.KeyEncoding;
import dev.writ.protocol.crypto.SigningKey;
import dev.writ.protocol.identity.IdentityExtensions;
import dev.writ.protocol.identity.Pem;
import dev.writ.protocol.identity.X509Signing;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.cert.X509CertificateHolder;

/**
 * A PEP's credential as the tests need it: a key and a certificate from a domain's intermediate naming
 * {@code uri} (spiffe://<domain>/pep/<id>). The CA has no command for PEP certificates yet.
 */
final class PepCredentials {
    private PepCredentials() {
    }

    /** Writes the key to {@code key} and the chain (PEP certificate, then the intermediate) to {@code chain}. */
    static void issue(Path caDir, String uri, Path key, Path chain) throws Exception {
        CertificateAuthority ca = CaDirectory.at(caDir).load();
        SigningKey pepKey = SigningKey.generate();
        Instant now = Instant.now();
        X509CertificateHolder leaf = CertificateAuthority.build(ca.certificate().getSubject(), new X500Name("CN=pep"),
                X509Signing.publicKeyInfo(pepKey.verifyingKey()), now, now.plus(Duration.ofHours(1)), ca.key(),
                List.of(IdentityExtensions.uriSan(uri)));
        StringBuilder pem = new StringBuilder();
        for (byte[] der : ca.presentedChain(leaf)) {
            pem.append(Pem.encode(Pem.CERTIFICATE, der));
        }
        Files.writeString(key, KeyEncoding.toPem(pepKey));
        Files.writeString(chain, pem);
    }
}

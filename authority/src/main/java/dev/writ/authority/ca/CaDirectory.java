package dev.writ.authority.ca;

import dev.writ.protocol.Fault;
import dev.writ.protocol.ProtocolException;
import dev.writ.protocol.crypto.KeyEncoding;
import dev.writ.protocol.crypto.SecretFiles;
import dev.writ.protocol.crypto.SigningKey;
import dev.writ.protocol.identity.IdentityExtensions;
import dev.writ.protocol.identity.Pem;
import dev.writ.protocol.identity.SpiffeId;
import dev.writ.protocol.identity.X509Signing;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.bouncycastle.cert.X509CertificateHolder;

/**
 * A domain's CA on disk, as {@code writ ca} and the node use it:
 * <pre>
 *   root-ca.pem                 root certificate (every verifier of the domain trusts it)
 *   root-ca.key.pem             root key: move it OFFLINE after `ca init`; nothing reads it again
 *   intermediate-ca.pem         the intermediate certificate the node issues under
 *   intermediate-ca.key.pem     the intermediate key (the node holds it online)
 *   issued/&lt;serial&gt;.pem         every agent certificate issued from this directory
 *   revoked/&lt;serial&gt;.txt        the operator's revocations: reason and time
 * </pre>
 * Keys are written owner-read-only. {@link #load} never touches the root key, so a node runs with
 * it absent.
 */
public final class CaDirectory {
    public static final String ROOT_CERT = "root-ca.pem";
    public static final String ROOT_KEY = "root-ca.key.pem";
    public static final String INTERMEDIATE_CERT = "intermediate-ca.pem";
    public static final String INTERMEDIATE_KEY = "intermediate-ca.key.pem";
    private static final int MAX_PEM = 64 * 1024;

    /** One certificate issued from this directory and whether the operator revoked it. */
    public record Issued(String serialHex, SpiffeId agent, Instant notBefore, Instant notAfter, String keyId,
                         Optional<String> revocation) {
    }

    private final Path dir;

    private CaDirectory(Path dir) {
        this.dir = dir;
    }

    public static CaDirectory at(Path dir) {
        return new CaDirectory(dir);
    }

    public Path path() {
        return dir;
    }

    /** Creates the root and the intermediate; refuses to overwrite an existing CA. */
    public CertificateAuthority init(String domain, Instant now, Duration rootValidity, Duration intermediateValidity)
            throws IOException, ProtocolException {
        if (Files.exists(dir.resolve(ROOT_CERT)) || Files.exists(dir.resolve(INTERMEDIATE_CERT))) {
            throw new FileAlreadyExistsException(dir + " already holds a CA; it is never overwritten");
        }
        Files.createDirectories(dir.resolve("issued"));
        Files.createDirectories(dir.resolve("revoked"));
        SigningKey rootKey = SigningKey.generate();
        CertificateAuthority root = CertificateAuthority.createRoot(domain, rootKey, now, rootValidity);
        CertificateAuthority intermediate = root.createIntermediate(SigningKey.generate(), now, intermediateValidity);
        writeSecret(dir.resolve(ROOT_KEY), KeyEncoding.toPem(rootKey));
        writeSecret(dir.resolve(INTERMEDIATE_KEY), KeyEncoding.toPem(intermediate.key()));
        write(dir.resolve(ROOT_CERT), Pem.encode(Pem.CERTIFICATE, CertificateAuthority.encoded(root.certificate())));
        write(dir.resolve(INTERMEDIATE_CERT), Pem.encode(Pem.CERTIFICATE,
                CertificateAuthority.encoded(intermediate.certificate())));
        return intermediate;
    }

    /** The intermediate CA, checked to chain to the root; the root key is not read. */
    public CertificateAuthority load() throws IOException, ProtocolException {
        X509CertificateHolder root = certificate(dir.resolve(ROOT_CERT));
        X509CertificateHolder intermediate = certificate(dir.resolve(INTERMEDIATE_CERT));
        X509Signing.requireSignedBy(intermediate, X509Signing.keyOf(root.getSubjectPublicKeyInfo()));
        SigningKey key = KeyEncoding.signingKeyFromPem(Files.readString(dir.resolve(INTERMEDIATE_KEY)));
        if (!key.verifyingKey().equals(X509Signing.keyOf(intermediate.getSubjectPublicKeyInfo()))) {
            throw new ProtocolException(Fault.CERT_KEY_MISMATCH, INTERMEDIATE_KEY + " is not the key of " + INTERMEDIATE_CERT);
        }
        String domain = SpiffeId.parseTrustDomain(IdentityExtensions.singleUri(root.getExtensions()));
        return new CertificateAuthority(domain, key, List.of(intermediate, root));
    }

    public byte[] rootDer() throws IOException, ProtocolException {
        return CertificateAuthority.encoded(certificate(dir.resolve(ROOT_CERT)));
    }

    /** Keeps a copy of an issued certificate, so `ca list` and `ca revoke` can find it. */
    public void record(X509CertificateHolder leaf) throws IOException {
        write(dir.resolve("issued").resolve(leaf.getSerialNumber().toString(16) + ".pem"),
                Pem.encode(Pem.CERTIFICATE, CertificateAuthority.encoded(leaf)));
    }

    public List<Issued> list() throws IOException, ProtocolException {
        List<Issued> out = new ArrayList<>();
        Path issued = dir.resolve("issued");
        if (!Files.isDirectory(issued)) {
            return out;
        }
        List<Path> files;
        try (Stream<Path> s = Files.list(issued)) {
            files = s.filter(p -> p.getFileName().toString().endsWith(".pem")).sorted().toList();
        }
        for (Path file : files) {
            X509CertificateHolder cert = certificate(file);
            String serial = cert.getSerialNumber().toString(16);
            Path revoked = dir.resolve("revoked").resolve(serial + ".txt");
            out.add(new Issued(serial, SpiffeId.parse(IdentityExtensions.singleUri(cert.getExtensions())),
                    cert.getNotBefore().toInstant(), cert.getNotAfter().toInstant(),
                    X509Signing.keyOf(cert.getSubjectPublicKeyInfo()).id().toString(),
                    Files.exists(revoked) ? Optional.of(Files.readString(revoked).strip()) : Optional.empty()));
        }
        return out;
    }

    /** Records the operator's revocation of an issued certificate (add-only: a second one is kept as is). */
    public Issued revoke(String serialHex, String reason, Instant now) throws IOException, ProtocolException {
        String serial = serialHex.toLowerCase().replaceFirst("^0x", "");
        Issued found = list().stream().filter(i -> i.serialHex().equals(serial)).findFirst()
                .orElseThrow(() -> new java.nio.file.NoSuchFileException("no certificate with serial " + serial
                        + " was issued from " + dir));
        Path file = dir.resolve("revoked").resolve(serial + ".txt");
        if (found.revocation().isEmpty()) {
            Files.createDirectories(file.getParent());
            write(file, now + " " + reason + "\n");
        }
        return list().stream().filter(i -> i.serialHex().equals(serial)).findFirst().orElseThrow();
    }

    private static X509CertificateHolder certificate(Path file) throws IOException, ProtocolException {
        byte[] der = Pem.decodeOne(Files.readString(file), Pem.CERTIFICATE, MAX_PEM);
        try {
            return new X509CertificateHolder(der);
        } catch (IOException | RuntimeException e) {
            throw new ProtocolException(Fault.CERT_MALFORMED, file + " is not a certificate: " + e.getMessage());
        }
    }

    private static void write(Path file, String text) throws IOException {
        Files.writeString(file, text, StandardCharsets.US_ASCII);
    }

    private static void writeSecret(Path file, String text) throws IOException {
        SecretFiles.create(file, text);
    }
}

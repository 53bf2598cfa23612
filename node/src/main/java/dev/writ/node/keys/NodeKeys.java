package dev.writ.node.keys;

import dev.writ.protocol.ProtocolException;
import dev.writ.protocol.crypto.KeyEncoding;
import dev.writ.protocol.crypto.SecretFiles;
import dev.writ.protocol.crypto.SigningKey;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The node's own Ed25519 signing key (writs, evidence, receipts), kept as PKCS#8 PEM in the data
 * directory, owner-readable only. Created on first start; a damaged file stops the node rather
 * than being silently replaced (a new key would orphan everything the old one signed).
 */
public final class NodeKeys {
    private NodeKeys() {
    }

    public static SigningKey loadOrCreate(Path file) throws IOException {
        if (Files.exists(file)) {
            try {
                return KeyEncoding.signingKeyFromPem(Files.readString(file, StandardCharsets.US_ASCII));
            } catch (ProtocolException e) {
                throw new IOException("the node key " + file + " cannot be read (" + e.detail()
                        + "); restore it or move it away to create a new key", e);
            }
        }
        SigningKey key = SigningKey.generate();
        Files.createDirectories(file.toAbsolutePath().getParent());
        SecretFiles.replace(file, KeyEncoding.toPem(key));
        return key;
    }
}

package dev.writ.cli;

import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import dev.writ.protocol.Fault;
import dev.writ.protocol.ProtocolException;
import dev.writ.protocol.crypto.KeyEncoding;
import dev.writ.protocol.crypto.KeyRing;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.text.ParseException;
import java.util.ArrayList;
import java.util.List;

/** A JWK Set file of one domain's public keys, pinned by the person verifying. */
final class TrustedKeys {
    private static final long MAX_BYTES = 1024 * 1024;

    private TrustedKeys() {
    }

    static KeyRing read(Path file, String domain) throws IOException, ProtocolException {
        if (Files.size(file) > MAX_BYTES) {
            throw new ProtocolException(Fault.OVERSIZED, file + " is larger than a key set can be");
        }
        JWKSet set;
        try {
            set = JWKSet.parse(Files.readString(file));
        } catch (ParseException e) {
            throw new ProtocolException(Fault.MALFORMED, file + " is not a JWK Set: " + e.getMessage(), e);
        }
        List<KeyRing.Entry> entries = new ArrayList<>();
        for (JWK jwk : set.getKeys()) {
            // A symmetric (oct) key has no public part: it is no domain key, as writ-verify says too.
            JWK pub = jwk.toPublicJWK();
            if (pub == null) {
                throw new ProtocolException(Fault.KEY_MISMATCH, "not an OKP Ed25519 JWK: " + jwk.getKeyType());
            }
            entries.add(new KeyRing.Entry(domain, KeyEncoding.verifyingKeyFromJwk(pub.toJSONString())));
        }
        return KeyRing.of(entries);
    }
}

package dev.writ.protocol.bundle;

import com.google.protobuf.ByteString;
import dev.writ.protocol.crypto.VerifyingKey;
import dev.writ.protocol.wire.DomainKey;

/** A domain's public key as carried in a bundle. */
public final class DomainKeys {
    private DomainKeys() {
    }

    public static DomainKey toWire(VerifyingKey key, String role) {
        return DomainKey.newBuilder()
                .setKeyId(ByteString.copyFrom(key.id().bytes()))
                .setPublicKey(ByteString.copyFrom(key.raw()))
                .setRole(role)
                .build();
    }
}

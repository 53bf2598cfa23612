package dev.writ.node.keys;

import dev.writ.protocol.crypto.SigningKey;
import java.time.Clock;
import java.util.Optional;

/** Seals of one node whose key is its domain's only node key, for entity tests without a key directory. */
public final class TestSeals {
    private TestSeals() {
    }

    public static MemberSeals ofOneNode(String nodeId, String domain) {
        SigningKey key = SigningKey.generate();
        return new MemberSeals(key, nodeId, domain,
                id -> id.equals(key.id()) ? Optional.of(key.verifyingKey()) : Optional.empty(), Clock.systemUTC());
    }

    /** A node of the same name whose key the domain does not hold (another domain's node, or a forger). */
    public static MemberSeals outsider(String nodeId, String domain) {
        SigningKey key = SigningKey.generate();
        return new MemberSeals(key, nodeId, domain, id -> Optional.empty(), Clock.systemUTC());
    }
}

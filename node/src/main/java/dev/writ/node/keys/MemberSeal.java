package dev.writ.node.keys;

import java.util.Objects;

/**
 * A node's proof that it sent a command to a sharded entity of its domain: the node's id, its
 * node key's id and that key's Ed25519 signature (purpose MEMBER_COMMAND) over the entity type and
 * id, the node id and the command's content ({@link MemberSeals}).
 */
public record MemberSeal(String nodeId, byte[] keyId, byte[] signature) {
    public MemberSeal {
        Objects.requireNonNull(nodeId, "nodeId");
        Objects.requireNonNull(keyId, "keyId");
        Objects.requireNonNull(signature, "signature");
    }
}

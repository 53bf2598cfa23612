package dev.writ.node.persistence;

/**
 * Marks the commands, replies, events and snapshots that cross the cluster or go into the
 * journal; reference.conf binds it to Pekko's Jackson CBOR serializer.
 */
public interface CborSerializable {
}

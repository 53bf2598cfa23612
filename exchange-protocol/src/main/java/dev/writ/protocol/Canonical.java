package dev.writ.protocol;

import com.google.protobuf.CodedOutputStream;
import com.google.protobuf.MessageLite;
import java.io.IOException;

/**
 * The one byte form of a message that Writ hashes: protobuf with deterministic serialization, so
 * map fields (an action's parameters) are written in key order. Two parties who built the same
 * message get the same bytes and the same hash, whatever order they inserted the map entries in.
 */
public final class Canonical {
    private Canonical() {
    }

    public static byte[] bytes(MessageLite message) {
        byte[] out = new byte[message.getSerializedSize()];
        CodedOutputStream stream = CodedOutputStream.newInstance(out);
        stream.useDeterministicSerialization();
        try {
            message.writeTo(stream);
        } catch (IOException e) {
            throw new IllegalStateException("serializing into an array cannot fail", e);
        }
        stream.checkNoSpaceLeft();
        return out;
    }
}

package dev.writ.protocol;

import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Message;
import com.google.protobuf.Parser;

/** Parses protobuf bytes with a size limit, turning every failure into a typed refusal. */
public final class Wire {
    private Wire() {
    }

    public static <T extends Message> T parse(Parser<T> parser, byte[] bytes, int maxBytes, String what)
            throws ProtocolException {
        if (bytes == null) {
            throw new ProtocolException(Fault.MALFORMED, what + ": no bytes");
        }
        if (bytes.length > maxBytes) {
            throw new ProtocolException(Fault.OVERSIZED,
                    what + " is at most " + maxBytes + " bytes, got " + bytes.length);
        }
        try {
            return parser.parseFrom(bytes);
        } catch (InvalidProtocolBufferException | RuntimeException e) {
            throw new ProtocolException(Fault.MALFORMED, what + " is not valid protobuf: " + e.getMessage(), e);
        }
    }
}

package dev.writ.cli;

import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Message;
import com.google.protobuf.util.JsonFormat;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * What the client commands read: a file, or stdin for {@code -}, bounded ({@link #MAX_BYTES}), and
 * JSON parsed strictly into a message, so that a misspelt field is refused rather than dropped.
 */
final class ClientInput {
    /** Actions, writs and answers are small; this bounds a mistaken file or an endless pipe. */
    static final int MAX_BYTES = 1024 * 1024;
    static final String STDIN = "-";

    private ClientInput() {
    }

    /** The text of {@code source}: a file's path, or {@code -} for stdin. */
    static String read(String source, String what) throws ClientOutput.Failure, IOException {
        if (STDIN.equals(source)) {
            return bounded(System.in, what + " on stdin");
        }
        Path file = Path.of(source);
        if (!Files.isRegularFile(file)) {
            throw ClientOutput.usage("UNREADABLE", "no such file: " + source + " (" + what + ")");
        }
        try (InputStream in = Files.newInputStream(file)) {
            return bounded(in, what + " " + source);
        }
    }

    /** Merges the JSON {@code text} into {@code builder}; unknown fields and bad values are MALFORMED. */
    static <B extends Message.Builder> B json(String text, B builder, String what) throws ClientOutput.Failure {
        return merge(JsonFormat.parser(), text, builder, what);
    }

    /**
     * As {@link #json}, for a node's answer saved by a command's {@code -o json}: fields a newer node
     * added are skipped, as the Java client skips them (dev.writ.protocol.client).
     */
    static <B extends Message.Builder> B answer(String text, B builder, String what) throws ClientOutput.Failure {
        return merge(JsonFormat.parser().ignoringUnknownFields(), text, builder, what);
    }

    private static <B extends Message.Builder> B merge(JsonFormat.Parser parser, String text, B builder, String what)
            throws ClientOutput.Failure {
        try {
            parser.merge(text, builder);
            return builder;
        } catch (InvalidProtocolBufferException | RuntimeException e) {
            throw ClientOutput.usage("MALFORMED", what + " is not valid JSON for "
                    + builder.getDescriptorForType().getName() + ": " + e.getMessage());
        }
    }

    private static String bounded(InputStream in, String what) throws ClientOutput.Failure, IOException {
        byte[] bytes = in.readNBytes(MAX_BYTES + 1);
        if (bytes.length > MAX_BYTES) {
            throw ClientOutput.usage("OVERSIZED", what + " is larger than " + MAX_BYTES + " bytes");
        }
        return new String(bytes, StandardCharsets.UTF_8);
    }
}

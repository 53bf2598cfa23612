package dev.writ.protocol.bundle;

import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.util.JsonFormat;
import dev.writ.protocol.Fault;
import dev.writ.protocol.ProtocolException;
import dev.writ.protocol.Wire;
import dev.writ.protocol.wire.ProofBundle;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Proof bundles on disk: protobuf binary, or its canonical JSON mapping for people to read (the
 * signed parts are byte fields, base64 in JSON, so nothing signed is re-serialized).
 */
public final class BundleFiles {
    public static final int MAX_BYTES = 16 * 1024 * 1024;

    private BundleFiles() {
    }

    public static ProofBundle read(Path file) throws IOException, ProtocolException {
        long size = Files.size(file);
        if (size > MAX_BYTES) {
            throw new ProtocolException(Fault.OVERSIZED, "a bundle file is at most " + MAX_BYTES + " bytes, " + file + " has " + size);
        }
        return decode(Files.readAllBytes(file));
    }

    public static ProofBundle decode(byte[] bytes) throws ProtocolException {
        if (looksLikeJson(bytes)) {
            if (bytes.length > MAX_BYTES) {
                throw new ProtocolException(Fault.OVERSIZED, "a bundle is at most " + MAX_BYTES + " bytes");
            }
            String text = new String(bytes, StandardCharsets.UTF_8);
            StrictJson.require(text);
            ProofBundle.Builder builder = ProofBundle.newBuilder();
            try {
                JsonFormat.parser().merge(text, builder);
            } catch (InvalidProtocolBufferException | RuntimeException e) {
                throw new ProtocolException(Fault.MALFORMED, "not a JSON proof bundle: " + e.getMessage(), e);
            }
            return builder.build();
        }
        return Wire.parse(ProofBundle.parser(), bytes, MAX_BYTES, "proof bundle");
    }

    public static void writeJson(ProofBundle bundle, Path file) throws IOException {
        Files.writeString(file, toJson(bundle) + "\n", StandardCharsets.UTF_8);
    }

    public static String toJson(ProofBundle bundle) {
        try {
            return JsonFormat.printer().print(bundle);
        } catch (InvalidProtocolBufferException e) {
            throw new IllegalStateException("a built bundle always prints", e);
        }
    }

    private static boolean looksLikeJson(byte[] bytes) {
        for (byte b : bytes) {
            if (b == '{') {
                return true;
            }
            if (!Character.isWhitespace(b)) {
                return false;
            }
        }
        return false;
    }
}

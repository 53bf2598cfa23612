package dev.writ.node.keys;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * The bytes a {@link MemberSeal} signs of one command: its fields, each length-prefixed (or marked
 * absent), so no two commands share an encoding. Amounts are written without trailing zeros, so a
 * decimal that crossed the wire with another scale seals the same.
 */
public final class SealedContent {
    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream(128);
    private final DataOutputStream out = new DataOutputStream(bytes);

    public SealedContent text(String value) {
        return bytes(value == null ? null : value.getBytes(StandardCharsets.UTF_8));
    }

    public SealedContent bytes(byte[] value) {
        try {
            if (value == null) {
                out.writeInt(-1);
            } else {
                out.writeInt(value.length);
                out.write(value);
            }
            return this;
        } catch (IOException e) {
            throw new UncheckedIOException(e); // a ByteArrayOutputStream does not fail
        }
    }

    public SealedContent list(List<byte[]> values) {
        number(values == null ? -1 : values.size());
        if (values != null) {
            values.forEach(this::bytes);
        }
        return this;
    }

    public SealedContent number(long value) {
        try {
            out.writeLong(value);
            return this;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public SealedContent amount(BigDecimal value) {
        return text(value == null ? null : value.stripTrailingZeros().toPlainString());
    }

    byte[] toBytes() {
        return bytes.toByteArray();
    }
}

package dev.writ.contracts.chain;

import java.io.ByteArrayOutputStream;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * A value in the Solidity ABI encoding, just the shapes a policy document uses: 32-byte words
 * (uint, int, bool), byte strings (string, bytes), dynamic arrays and tuples. Encoding follows the
 * ABI specification's head/tail layout, so {@code encode} of a one-element tuple holding a struct is
 * exactly Solidity's {@code abi.encode(struct)}.
 */
public sealed interface AbiValue {
    /** A static 32-byte word, two's complement big-endian. */
    record Word(BigInteger value) implements AbiValue {
        static final BigInteger TWO_256 = BigInteger.ONE.shiftLeft(256);

        public Word {
            Objects.requireNonNull(value, "value");
            if (value.compareTo(TWO_256) >= 0 || value.compareTo(TWO_256.shiftRight(1).negate()) < 0) {
                throw new IllegalArgumentException("word out of range: " + value);
            }
        }

        public static Word of(long value) {
            return new Word(BigInteger.valueOf(value));
        }

        public static Word of(boolean value) {
            return of(value ? 1 : 0);
        }
    }

    /** A {@code string} or {@code bytes}. */
    record Bytes(byte[] value) implements AbiValue {
        public Bytes {
            value = value.clone();
        }

        @Override
        public byte[] value() {
            return value.clone();
        }
    }

    /** A dynamic array {@code T[]}. */
    record Array(List<AbiValue> elements) implements AbiValue {
        public Array {
            elements = List.copyOf(elements);
        }
    }

    /** A tuple (struct). */
    record Tuple(List<AbiValue> components) implements AbiValue {
        public Tuple {
            components = List.copyOf(components);
        }
    }

    /** True when the value's type is static, i.e. encoded in place in its enclosing head. */
    default boolean isStatic() {
        if (this instanceof Tuple t) {
            return t.components().stream().allMatch(AbiValue::isStatic);
        }
        return this instanceof Word;
    }

    /** The value's ABI encoding. */
    default byte[] encode() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        if (this instanceof Word w) {
            out.writeBytes(word(w.value()));
        } else if (this instanceof Bytes b) {
            byte[] data = b.value();
            out.writeBytes(word(BigInteger.valueOf(data.length)));
            out.writeBytes(data);
            out.writeBytes(new byte[(32 - data.length % 32) % 32]);
        } else if (this instanceof Array a) {
            out.writeBytes(word(BigInteger.valueOf(a.elements().size())));
            out.writeBytes(sequence(a.elements()));
        } else {
            out.writeBytes(sequence(((Tuple) this).components()));
        }
        return out.toByteArray();
    }

    private static byte[] sequence(List<AbiValue> values) {
        List<byte[]> heads = new ArrayList<>();
        List<byte[]> tails = new ArrayList<>();
        int headSize = 0;
        for (AbiValue v : values) {
            headSize += v.isStatic() ? v.encode().length : 32;
        }
        long tailOffset = headSize;
        for (AbiValue v : values) {
            byte[] encoded = v.encode();
            if (v.isStatic()) {
                heads.add(encoded);
            } else {
                heads.add(word(BigInteger.valueOf(tailOffset)));
                tails.add(encoded);
                tailOffset += encoded.length;
            }
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        heads.forEach(out::writeBytes);
        tails.forEach(out::writeBytes);
        return out.toByteArray();
    }

    private static byte[] word(BigInteger value) {
        BigInteger unsigned = value.signum() < 0 ? value.add(Word.TWO_256) : value;
        byte[] raw = unsigned.toByteArray();
        byte[] out = new byte[32];
        int copy = Math.min(raw.length, 32);
        System.arraycopy(raw, raw.length - copy, out, 32 - copy, copy);
        return out;
    }
}

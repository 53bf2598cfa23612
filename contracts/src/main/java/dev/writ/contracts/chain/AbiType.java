package dev.writ.contracts.chain;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;

/**
 * The shape of an ABI value, for decoding untrusted bytes. The decoder checks every offset and
 * length against the input before it reads, so hostile bytes end in a {@link PolicyDocumentException}
 * rather than an exception from deep inside; it does not check canonical layout (the codec
 * re-encodes what it decoded and compares).
 */
public sealed interface AbiType {
    /** A 32-byte word. */
    record Word() implements AbiType {
    }

    /** {@code string} or {@code bytes}. */
    record Bytes() implements AbiType {
    }

    /** {@code T[]}. */
    record Array(AbiType element) implements AbiType {
    }

    /** A tuple (struct). */
    record Tuple(List<AbiType> components) implements AbiType {
        public Tuple {
            components = List.copyOf(components);
        }
    }

    AbiType WORD = new Word();
    AbiType BYTES = new Bytes();

    static Tuple tuple(AbiType... components) {
        return new Tuple(List.of(components));
    }

    static Array array(AbiType element) {
        return new Array(element);
    }

    default boolean isStatic() {
        if (this instanceof Tuple t) {
            return t.components().stream().allMatch(AbiType::isStatic);
        }
        return this instanceof Word;
    }

    /** Bytes this type takes in a head: 32 for a dynamic type (its offset), its size for a static one. */
    default long headSize() {
        if (this instanceof Tuple t && isStatic()) {
            return t.components().stream().mapToLong(AbiType::headSize).sum();
        }
        return 32;
    }

    /** Decodes {@code data} as a value of this type encoded at offset 0. */
    default AbiValue decode(byte[] data) throws PolicyDocumentException {
        return new Reader(data).read(this, 0);
    }

    /** Bounds-checked reading of one encoded value. */
    final class Reader {
        private final byte[] data;

        Reader(byte[] data) {
            this.data = data;
        }

        AbiValue read(AbiType type, long at) throws PolicyDocumentException {
            if (type instanceof Word) {
                return new AbiValue.Word(new BigInteger(1, slice(at, 32)));
            }
            if (type instanceof Bytes) {
                long length = length(at);
                return new AbiValue.Bytes(slice(at + 32, length));
            }
            if (type instanceof Array array) {
                long count = length(at);
                // every element takes at least one 32-byte head word: refuse counts the input cannot hold
                if (count * 32 > data.length - at - 32) {
                    throw malformed("array of " + count + " elements at " + at + " exceeds the input");
                }
                return new AbiValue.Array(sequence(Collections.nCopies((int) count, array.element()), at + 32));
            }
            return new AbiValue.Tuple(sequence(((Tuple) type).components(), at));
        }

        private List<AbiValue> sequence(List<AbiType> types, long base) throws PolicyDocumentException {
            List<AbiValue> out = new ArrayList<>(types.size());
            long head = base;
            for (AbiType t : types) {
                if (t.isStatic()) {
                    out.add(read(t, head));
                } else {
                    out.add(read(t, base + length(head)));
                }
                head += t.headSize();
            }
            return out;
        }

        /** A word that must be a length or offset fitting the input. */
        private long length(long at) throws PolicyDocumentException {
            BigInteger value = new BigInteger(1, slice(at, 32));
            if (value.compareTo(BigInteger.valueOf(data.length)) > 0) {
                throw malformed("length or offset " + value + " at " + at + " exceeds the input of " + data.length + " bytes");
            }
            return value.longValueExact();
        }

        private byte[] slice(long at, long length) throws PolicyDocumentException {
            if (at < 0 || length < 0 || at + length > data.length) {
                throw malformed("reading " + length + " bytes at " + at + " runs past the input of " + data.length + " bytes");
            }
            return Arrays.copyOfRange(data, (int) at, (int) (at + length));
        }

        private static PolicyDocumentException malformed(String detail) {
            return new PolicyDocumentException(PolicyDocumentException.Fault.MALFORMED_ABI, detail);
        }
    }
}

package dev.writ.contracts.anchor;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.web3j.abi.FunctionEncoder;
import org.web3j.abi.FunctionReturnDecoder;
import org.web3j.abi.TypeReference;
import org.web3j.abi.datatypes.Function;
import org.web3j.abi.datatypes.Type;
import org.web3j.abi.datatypes.generated.Bytes32;
import org.web3j.abi.datatypes.generated.Uint64;
import org.web3j.crypto.Hash;
import org.web3j.utils.Numeric;

/**
 * Calls of EvidenceAnchor (contracts/README.md) as ABI bytes, and its custom errors by selector.
 * Encoded with web3j's FunctionEncoder against the README's interface.
 */
public final class EvidenceAnchorAbi {
    /** Topic 0 of {@code Anchored(bytes32 indexed domain, uint64 indexed batchSeq, uint64, uint64, bytes32)}. */
    public static final String ANCHORED_TOPIC = Hash.sha3String("Anchored(bytes32,uint64,uint64,uint64,bytes32)");

    private static final Map<String, String> ERRORS = selectors(
            "NotAnchorer(bytes32,address)", "BatchOutOfOrder(bytes32,uint64,uint64)",
            "RangeNotContiguous(bytes32,uint64,uint64)", "EmptyRange()", "ZeroRoot()", "UnknownBatch(bytes32,uint64)");

    private EvidenceAnchorAbi() {
    }

    /** {@code bytes32 domainId = keccak256(utf8(domainName))}, as every contract keys domains. */
    public static byte[] domainId(String domain) {
        return Hash.sha3(domain.getBytes(StandardCharsets.UTF_8));
    }

    public static String anchor(String domain, long batchSeq, long firstSeq, long lastSeq, String root) {
        return FunctionEncoder.encode(new Function("anchor", List.of(new Bytes32(domainId(domain)), u64(batchSeq), u64(firstSeq),
                u64(lastSeq), new Bytes32(Numeric.hexStringToByteArray(root))), List.of()));
    }

    public static String nextBatchSeq(String domain) {
        return FunctionEncoder.encode(new Function("nextBatchSeq", List.of(new Bytes32(domainId(domain))), List.of(new TypeReference<Uint64>() {
        })));
    }

    public static String nextFirstSeq(String domain) {
        return FunctionEncoder.encode(new Function("nextFirstSeq", List.of(new Bytes32(domainId(domain))), List.of(new TypeReference<Uint64>() {
        })));
    }

    public static String batch(String domain, long batchSeq) {
        return FunctionEncoder.encode(new Function("batch", List.of(new Bytes32(domainId(domain)), u64(batchSeq)), List.of()));
    }

    public static String registerDomain(String domain, String anchorer) {
        return FunctionEncoder.encode(new Function("registerDomain", List.of(new Bytes32(domainId(domain)),
                new org.web3j.abi.datatypes.Address(anchorer)), List.of()));
    }

    /** Decodes a single uint64 return value. */
    public static long decodeUint64(String returned) {
        List<Type> values = FunctionReturnDecoder.decode(returned, List.of(cast(new TypeReference<Uint64>() {
        })));
        if (values.size() != 1) {
            throw new IllegalArgumentException("expected one uint64, got " + returned);
        }
        return ((BigInteger) values.get(0).getValue()).longValueExact();
    }

    /** Decodes {@code batch(...)}'s {@code (uint64 firstSeq, uint64 lastSeq, bytes32 root, uint64 blockNumber)}. */
    public static OnChainBatch decodeBatch(String returned) {
        List<Type> v = FunctionReturnDecoder.decode(returned, List.of(cast(new TypeReference<Uint64>() {
        }), cast(new TypeReference<Uint64>() {
        }), cast(new TypeReference<Bytes32>() {
        }), cast(new TypeReference<Uint64>() {
        })));
        if (v.size() != 4) {
            throw new IllegalArgumentException("batch(...) returned " + returned);
        }
        return new OnChainBatch(((BigInteger) v.get(0).getValue()).longValueExact(), ((BigInteger) v.get(1).getValue()).longValueExact(),
                Numeric.toHexString((byte[]) v.get(2).getValue()), ((BigInteger) v.get(3).getValue()).longValueExact());
    }

    /** The custom error a revert's data names (e.g. "BatchOutOfOrder"), when it is one of EvidenceAnchor's. */
    public static Optional<String> errorName(String revertData) {
        if (revertData == null) {
            return Optional.empty();
        }
        String hex = revertData.strip().replace("\"", ""); // some nodes send the data as a JSON string
        if (hex.length() < 10) {
            return Optional.empty();
        }
        return Optional.ofNullable(ERRORS.get(hex.substring(0, 10).toLowerCase()));
    }

    private static Uint64 u64(long v) {
        return new Uint64(BigInteger.valueOf(v));
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private static TypeReference<Type> cast(TypeReference<?> ref) {
        return (TypeReference) ref;
    }

    private static Map<String, String> selectors(String... signatures) {
        return Map.ofEntries(Arrays.stream(signatures).map(s -> Map.entry(Hash.sha3String(s).substring(0, 10),
                s.substring(0, s.indexOf('(')))).toArray(Map.Entry[]::new));
    }
}

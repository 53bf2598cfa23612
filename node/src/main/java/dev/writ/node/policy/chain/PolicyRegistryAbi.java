package dev.writ.node.policy.chain;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.web3j.crypto.Hash;
import org.web3j.utils.Numeric;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The PolicyRegistry's calls as bytes: selectors, argument encoding and result shapes, and the
 * names of its custom errors (read from the committed ABI, so a renamed error shows up here
 * without a code change). One place knows the contract's signatures; the source and the
 * governance tool ask it.
 */
public final class PolicyRegistryAbi {
    static final String ABI_RESOURCE = "/writ/contracts/PolicyRegistry.abi";
    static final String BIN_RESOURCE = "/writ/contracts/PolicyRegistry.bin";
    static final String PROPOSAL_TUPLE = "(string,string,string,string[],string[],string,string,uint32)";

    /** {@code policy(bytes32)} returns (uint64 version, uint64 epoch, bytes32 rulesHash, bytes document, uint64 changedAtBlock). */
    static final AbiType POLICY_RESULT = AbiType.tuple(AbiType.WORD, AbiType.WORD, AbiType.WORD, AbiType.BYTES, AbiType.WORD);
    /** {@code change(uint256)} returns (bytes32, uint64, bytes32, uint64, uint32, bool, bool, bytes). */
    static final AbiType CHANGE_RESULT = AbiType.tuple(AbiType.WORD, AbiType.WORD, AbiType.WORD, AbiType.WORD,
            AbiType.WORD, AbiType.WORD, AbiType.WORD, AbiType.BYTES);
    /** {@code evaluate*} return (uint8 decision, string[] reasons). */
    static final AbiType EVALUATION_RESULT = AbiType.tuple(AbiType.WORD, AbiType.array(AbiType.BYTES));

    private static final Map<String, String> ERRORS = loadErrors();

    private PolicyRegistryAbi() {
    }

    /** The on-chain id of a domain: keccak256 of its UTF-8 name. */
    public static byte[] domainId(String domain) {
        return Hash.sha3(domain.getBytes(StandardCharsets.UTF_8));
    }

    static String call(String signature, AbiValue... arguments) {
        byte[] selector = selector(signature);
        byte[] args = new AbiValue.Tuple(List.of(arguments)).encode();
        byte[] out = new byte[4 + args.length];
        System.arraycopy(selector, 0, out, 0, 4);
        System.arraycopy(args, 0, out, 4, args.length);
        return Numeric.toHexString(out);
    }

    static AbiValue word(byte[] bytes32) {
        return new AbiValue.Word(new BigInteger(1, bytes32));
    }

    static AbiValue word(BigInteger value) {
        return new AbiValue.Word(value);
    }

    static AbiValue bytes(byte[] value) {
        return new AbiValue.Bytes(value);
    }

    static AbiValue text(String value) {
        return new AbiValue.Bytes(value.getBytes(StandardCharsets.UTF_8));
    }

    static AbiValue texts(List<String> values) {
        List<AbiValue> out = new ArrayList<>();
        values.forEach(v -> out.add(text(v)));
        return new AbiValue.Array(out);
    }

    /** Decodes an eth_call result of the given shape. */
    static List<AbiValue> result(AbiType shape, String hex) throws PolicyDocumentException {
        return ((AbiValue.Tuple) shape.decode(Numeric.hexStringToByteArray(hex))).components();
    }

    /** The registry's creation code with its constructor arguments appended. */
    static String creationCode(List<String> owners, int threshold, long delaySeconds) {
        List<AbiValue> addresses = new ArrayList<>();
        owners.forEach(o -> addresses.add(new AbiValue.Word(Numeric.toBigInt(o))));
        byte[] args = new AbiValue.Tuple(List.of(new AbiValue.Array(addresses), AbiValue.Word.of(threshold),
                AbiValue.Word.of(delaySeconds))).encode();
        try (InputStream in = PolicyRegistryAbi.class.getResourceAsStream(BIN_RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException(BIN_RESOURCE + " is missing from the classpath");
            }
            String bin = new String(in.readAllBytes(), StandardCharsets.US_ASCII).trim();
            return Numeric.prependHexPrefix(bin) + Numeric.toHexStringNoPrefix(args);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * The custom error a revert carries, as {@code Name} plus its raw data, e.g.
     * {@code TimelockActive}; empty when the data is not one of the registry's errors.
     */
    public static Optional<String> errorName(String revertData) {
        if (revertData == null || revertData.length() < 10) {
            return Optional.empty();
        }
        return Optional.ofNullable(ERRORS.get(revertData.substring(0, 10).toLowerCase()));
    }

    private static byte[] selector(String signature) {
        byte[] hash = Hash.sha3(signature.getBytes(StandardCharsets.UTF_8));
        return java.util.Arrays.copyOf(hash, 4);
    }

    private static Map<String, String> loadErrors() {
        try (InputStream in = PolicyRegistryAbi.class.getResourceAsStream(ABI_RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException(ABI_RESOURCE + " is missing from the classpath");
            }
            Map<String, String> out = new HashMap<>();
            for (JsonNode entry : new ObjectMapper().readTree(in)) {
                if ("error".equals(entry.path("type").asText())) {
                    List<String> types = new ArrayList<>();
                    entry.path("inputs").forEach(i -> types.add(i.path("type").asText()));
                    String signature = entry.path("name").asText() + "(" + String.join(",", types) + ")";
                    out.put(Numeric.toHexString(selector(signature)), entry.path("name").asText());
                }
            }
            return Map.copyOf(out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}

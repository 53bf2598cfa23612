package dev.writ.contracts.chain;

import dev.writ.contracts.chain.Artifacts;
import dev.writ.contracts.chain.Bytes32;
import dev.writ.contracts.chain.ContractErrors;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.web3j.crypto.Hash;
import org.web3j.utils.Numeric;

/**
 * The PolicyRegistry's calls as bytes: selectors, argument encoding ({@link AbiValue}, the policy
 * document's ABI encoder, which handles the nested tuples web3j's typed API makes awkward) and
 * result shapes. One place knows the contract's signatures; the node's policy source and the
 * operators' governance tool ask it.
 */
public final class PolicyRegistryAbi {
    public static final String PROPOSAL_TUPLE = "(string,string,string,string[],string[],string,string,uint32)";

    /** {@code policy(bytes32)} returns (uint64 version, uint64 epoch, bytes32 rulesHash, bytes document, uint64 changedAtBlock). */
    public static final AbiType POLICY_RESULT = AbiType.tuple(AbiType.WORD, AbiType.WORD, AbiType.WORD, AbiType.BYTES, AbiType.WORD);
    /** {@code change(uint256)} returns (bytes32, uint64, bytes32, uint64, uint32, bool, bool, bytes). */
    public static final AbiType CHANGE_RESULT = AbiType.tuple(AbiType.WORD, AbiType.WORD, AbiType.WORD, AbiType.WORD,
            AbiType.WORD, AbiType.WORD, AbiType.WORD, AbiType.BYTES);
    /** {@code evaluate*} return (uint8 decision, string[] reasons). */
    public static final AbiType EVALUATION_RESULT = AbiType.tuple(AbiType.WORD, AbiType.array(AbiType.BYTES));

    /** Decodes the registry's custom errors (from the committed ABI) for the chain client. */
    public static final ContractErrors ERRORS = ContractErrors.of(Artifacts.load("PolicyRegistry"));

    private PolicyRegistryAbi() {
    }

    /** The on-chain id of a domain: keccak256 of its UTF-8 name. */
    public static byte[] domainId(String domain) {
        return Bytes32.keccakOf(domain).bytes();
    }

    public static String call(String signature, AbiValue... arguments) {
        byte[] selector = selector(signature);
        byte[] args = new AbiValue.Tuple(List.of(arguments)).encode();
        byte[] out = new byte[4 + args.length];
        System.arraycopy(selector, 0, out, 0, 4);
        System.arraycopy(args, 0, out, 4, args.length);
        return Numeric.toHexString(out);
    }

    public static AbiValue word(byte[] bytes32) {
        return new AbiValue.Word(new BigInteger(1, bytes32));
    }

    public static AbiValue word(BigInteger value) {
        return new AbiValue.Word(value);
    }

    public static AbiValue bytes(byte[] value) {
        return new AbiValue.Bytes(value);
    }

    public static AbiValue text(String value) {
        return new AbiValue.Bytes(value.getBytes(StandardCharsets.UTF_8));
    }

    public static AbiValue texts(List<String> values) {
        List<AbiValue> out = new ArrayList<>();
        values.forEach(v -> out.add(text(v)));
        return new AbiValue.Array(out);
    }

    /** Decodes an eth_call result of the given shape. */
    public static List<AbiValue> result(AbiType shape, String hex) throws PolicyDocumentException {
        return ((AbiValue.Tuple) shape.decode(Numeric.hexStringToByteArray(hex))).components();
    }

    private static byte[] selector(String signature) {
        byte[] hash = Hash.sha3(signature.getBytes(StandardCharsets.UTF_8));
        return java.util.Arrays.copyOf(hash, 4);
    }
}

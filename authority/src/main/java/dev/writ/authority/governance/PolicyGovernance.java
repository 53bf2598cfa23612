package dev.writ.authority.governance;

import dev.writ.contracts.chain.AbiValue;
import dev.writ.contracts.chain.ChainClient;
import dev.writ.contracts.chain.ChainException;
import dev.writ.contracts.chain.ContractRevert;
import dev.writ.contracts.chain.PolicyDocumentException;
import dev.writ.contracts.chain.PolicyRegistryAbi;
import dev.writ.policy.PolicySet;
import dev.writ.policy.chain.PolicyDocumentCodec;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Objects;
import org.web3j.crypto.Credentials;
import org.web3j.crypto.Hash;
import org.web3j.protocol.core.methods.response.Log;
import org.web3j.protocol.core.methods.response.TransactionReceipt;
import org.web3j.utils.Numeric;

/**
 * An operator's handle on the PolicyRegistry multisig: one owner's key proposes, approves, cancels
 * and executes policy changes. A refusal surfaces as the contract's custom error
 * ({@link ContractRevert#error()}: {@code ThresholdNotMet}, {@code TimelockActive}, {@code NotOwner},
 * {@code AlreadyApproved}, {@code ChangeClosed}, {@code VersionNotIncreasing}, …) before anything
 * is mined, because the chain client estimates gas first; other failures are {@link ChainException}s.
 */
public final class PolicyGovernance {
    private static final String CHANGE_PROPOSED = Numeric.toHexString(
            Hash.sha3("ChangeProposed(uint256,bytes32,uint64,bytes32,uint64)".getBytes(StandardCharsets.UTF_8)));

    /** A change as the registry holds it. */
    public record Change(BigInteger id, byte[] domainId, long version, byte[] rulesHash, long eta, int approvals,
                         boolean executed, boolean cancelled, byte[] document) {
    }

    private final ChainClient chain;
    private final String registry;
    private final Credentials owner;

    public PolicyGovernance(ChainClient chain, String registryAddress, Credentials owner) {
        this.chain = Objects.requireNonNull(chain, "chain");
        this.registry = Objects.requireNonNull(registryAddress, "registryAddress");
        this.owner = Objects.requireNonNull(owner, "owner");
    }

    public String registryAddress() {
        return registry;
    }

    /**
     * Proposes {@code set} for its domain, with its canonical rules hash; the proposer's approval
     * counts. Returns the change id.
     *
     * @throws PolicyDocumentException when the set holds a value a document cannot carry
     */
    public BigInteger propose(PolicySet set) throws PolicyDocumentException {
        return proposeDocument(PolicyRegistryAbi.domainId(set.domain()), PolicyDocumentCodec.encode(set), set.rulesHash());
    }

    /**
     * Proposes raw document bytes with a claimed rules hash; {@link #propose} is the safe way. The
     * registry takes the hash on trust, and a node refuses a document that hashes otherwise: public
     * so that refusal can be shown against a real registry.
     */
    public BigInteger proposeDocument(byte[] domainId, byte[] document, byte[] rulesHash) {
        TransactionReceipt receipt = send(PolicyRegistryAbi.call("propose(bytes32,bytes,bytes32)",
                PolicyRegistryAbi.word(domainId), PolicyRegistryAbi.bytes(document), PolicyRegistryAbi.word(rulesHash)));
        for (Log log : receipt.getLogs()) {
            if (log.getTopics().size() > 1 && log.getTopics().get(0).equalsIgnoreCase(CHANGE_PROPOSED)) {
                return Numeric.toBigInt(log.getTopics().get(1));
            }
        }
        throw new ChainException(ChainException.Code.RPC_ERROR,
                "propose " + receipt.getTransactionHash() + " emitted no ChangeProposed event");
    }

    public TransactionReceipt approve(BigInteger changeId) {
        return send(PolicyRegistryAbi.call("approve(uint256)", PolicyRegistryAbi.word(changeId)));
    }

    public TransactionReceipt cancel(BigInteger changeId) {
        return send(PolicyRegistryAbi.call("cancel(uint256)", PolicyRegistryAbi.word(changeId)));
    }

    /** Puts the change in force (enough approvals, timelock over); any wallet may, this one pays. */
    public TransactionReceipt execute(BigInteger changeId) {
        return send(PolicyRegistryAbi.call("execute(uint256)", PolicyRegistryAbi.word(changeId)));
    }

    public Change change(BigInteger changeId) {
        String hex = chain.call(registry, PolicyRegistryAbi.call("change(uint256)", PolicyRegistryAbi.word(changeId)),
                PolicyRegistryAbi.ERRORS);
        List<AbiValue> r;
        try {
            r = PolicyRegistryAbi.result(PolicyRegistryAbi.CHANGE_RESULT, hex);
        } catch (PolicyDocumentException e) {
            throw new ChainException(ChainException.Code.RPC_ERROR, "change(" + changeId + ") returned malformed data: " + e.getMessage(), e);
        }
        return new Change(changeId, bytes32(r.get(0)), uint(r.get(1)), bytes32(r.get(2)), uint(r.get(3)),
                (int) uint(r.get(4)), uint(r.get(5)) == 1, uint(r.get(6)) == 1, ((AbiValue.Bytes) r.get(7)).value());
    }

    private TransactionReceipt send(String data) {
        return chain.send(owner, registry, data, PolicyRegistryAbi.ERRORS);
    }

    private static byte[] bytes32(AbiValue word) {
        return Numeric.toBytesPadded(((AbiValue.Word) word).value(), 32);
    }

    private static long uint(AbiValue word) {
        return ((AbiValue.Word) word).value().longValueExact();
    }
}

package dev.writ.node.policy.chain;

import dev.writ.node.policy.PolicySet;
import org.web3j.crypto.Credentials;
import org.web3j.crypto.RawTransaction;
import org.web3j.crypto.TransactionEncoder;
import org.web3j.protocol.Web3j;
import org.web3j.protocol.core.DefaultBlockParameterName;
import org.web3j.protocol.core.Response;
import org.web3j.protocol.core.methods.request.Transaction;
import org.web3j.protocol.core.methods.response.EthCall;
import org.web3j.protocol.core.methods.response.EthSendTransaction;
import org.web3j.protocol.core.methods.response.Log;
import org.web3j.protocol.core.methods.response.TransactionReceipt;
import org.web3j.utils.Numeric;

import java.io.IOException;
import java.math.BigInteger;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * An operator's handle on the PolicyRegistry multisig: one owner's key proposes, approves, cancels
 * and executes policy changes. Every step is first tried as an eth_call from the owner, so a
 * refusal comes back as the contract's custom error name ({@link PolicyGovernanceException#code()})
 * instead of an anonymous failed transaction; then it is signed, sent and awaited.
 */
public final class PolicyGovernance {
    /** Gas for one step: propose decodes the whole document, which large policies make expensive. */
    private static final BigInteger GAS_LIMIT = BigInteger.valueOf(15_000_000);
    private static final Duration POLL = Duration.ofMillis(50);

    /** A change as the registry holds it. */
    public record Change(BigInteger id, byte[] domainId, long version, byte[] rulesHash, long eta, int approvals,
                         boolean executed, boolean cancelled, byte[] document) {
    }

    private final Web3j web3j;
    private final String registry;
    private final Credentials owner;
    private final long chainId;
    private final Duration receiptTimeout;

    public PolicyGovernance(Web3j web3j, String registryAddress, Credentials owner, long chainId, Duration receiptTimeout) {
        this.web3j = Objects.requireNonNull(web3j, "web3j");
        this.registry = Objects.requireNonNull(registryAddress, "registryAddress");
        this.owner = Objects.requireNonNull(owner, "owner");
        this.chainId = chainId;
        this.receiptTimeout = Objects.requireNonNull(receiptTimeout, "receiptTimeout");
    }

    /** Deploys a registry owned by {@code owners} ({@code threshold} of them, {@code delay} timelock); its address. */
    public static String deploy(Web3j web3j, Credentials deployer, long chainId, List<String> owners, int threshold,
                                Duration delay, Duration receiptTimeout) throws PolicyGovernanceException {
        PolicyGovernance sender = new PolicyGovernance(web3j, "", deployer, chainId, receiptTimeout);
        TransactionReceipt receipt = sender.send(null, PolicyRegistryAbi.creationCode(owners, threshold, delay.toSeconds()));
        return receipt.getContractAddress();
    }

    public String registryAddress() {
        return registry;
    }

    /** Proposes {@code set} for its domain; the proposer's approval counts. The change id. */
    public BigInteger propose(PolicySet set) throws PolicyGovernanceException {
        byte[] document;
        try {
            document = PolicyDocumentCodec.encode(set);
        } catch (PolicyDocumentException e) {
            throw new PolicyGovernanceException("NOT_ENCODABLE", e.getMessage(), e);
        }
        return proposeDocument(PolicyRegistryAbi.domainId(set.domain()), document, set.rulesHash());
    }

    /** Proposes raw document bytes with a claimed rules hash; {@link #propose} is the safe way. */
    BigInteger proposeDocument(byte[] domainId, byte[] document, byte[] rulesHash) throws PolicyGovernanceException {
        String data = PolicyRegistryAbi.call("propose(bytes32,bytes,bytes32)", PolicyRegistryAbi.word(domainId),
                PolicyRegistryAbi.bytes(document), PolicyRegistryAbi.word(rulesHash));
        TransactionReceipt receipt = transact(data);
        String proposed = Numeric.toHexString(org.web3j.crypto.Hash.sha3(
                "ChangeProposed(uint256,bytes32,uint64,bytes32,uint64)".getBytes(java.nio.charset.StandardCharsets.UTF_8)));
        for (Log log : receipt.getLogs()) {
            if (log.getTopics().size() > 1 && log.getTopics().get(0).equalsIgnoreCase(proposed)) {
                return Numeric.toBigInt(log.getTopics().get(1));
            }
        }
        throw new PolicyGovernanceException("TRANSACTION_FAILED", "propose emitted no ChangeProposed event", (String) null);
    }

    public TransactionReceipt approve(BigInteger changeId) throws PolicyGovernanceException {
        return transact(PolicyRegistryAbi.call("approve(uint256)", PolicyRegistryAbi.word(changeId)));
    }

    public TransactionReceipt cancel(BigInteger changeId) throws PolicyGovernanceException {
        return transact(PolicyRegistryAbi.call("cancel(uint256)", PolicyRegistryAbi.word(changeId)));
    }

    /** Puts the change in force (after the timelock, with enough approvals). */
    public TransactionReceipt execute(BigInteger changeId) throws PolicyGovernanceException {
        return transact(PolicyRegistryAbi.call("execute(uint256)", PolicyRegistryAbi.word(changeId)));
    }

    public Change change(BigInteger changeId) throws PolicyGovernanceException {
        String hex = call(PolicyRegistryAbi.call("change(uint256)", PolicyRegistryAbi.word(changeId)));
        try {
            List<AbiValue> r = PolicyRegistryAbi.result(PolicyRegistryAbi.CHANGE_RESULT, hex);
            return new Change(changeId, bytes32(r.get(0)), uint(r.get(1)), bytes32(r.get(2)), uint(r.get(3)),
                    (int) uint(r.get(4)), uint(r.get(5)) == 1, uint(r.get(6)) == 1, ((AbiValue.Bytes) r.get(7)).value());
        } catch (PolicyDocumentException e) {
            throw new PolicyGovernanceException("RPC_FAILED", "change(" + changeId + ") returned malformed data", e);
        }
    }

    private TransactionReceipt transact(String data) throws PolicyGovernanceException {
        call(data);
        return send(registry, data);
    }

    /** An eth_call from the owner: the result, or the contract's refusal as a typed exception. */
    private String call(String data) throws PolicyGovernanceException {
        EthCall response;
        try {
            response = web3j.ethCall(Transaction.createEthCallTransaction(owner.getAddress(), registry, data),
                    DefaultBlockParameterName.LATEST).send();
        } catch (IOException e) {
            throw new PolicyGovernanceException("RPC_FAILED", "eth_call to " + registry + " failed: " + e, e);
        }
        if (response.hasError()) {
            throw refusal(response.getError());
        }
        return response.getValue();
    }

    private TransactionReceipt send(String to, String data) throws PolicyGovernanceException {
        try {
            BigInteger nonce = web3j.ethGetTransactionCount(owner.getAddress(), DefaultBlockParameterName.PENDING).send()
                    .getTransactionCount();
            BigInteger gasPrice = web3j.ethGasPrice().send().getGasPrice();
            RawTransaction tx = to == null
                    ? RawTransaction.createContractTransaction(nonce, gasPrice, GAS_LIMIT, BigInteger.ZERO, data)
                    : RawTransaction.createTransaction(nonce, gasPrice, GAS_LIMIT, to, BigInteger.ZERO, data);
            String signed = Numeric.toHexString(TransactionEncoder.signMessage(tx, chainId, owner));
            EthSendTransaction sent = web3j.ethSendRawTransaction(signed).send();
            if (sent.hasError()) {
                throw refusal(sent.getError());
            }
            TransactionReceipt receipt = awaitReceipt(sent.getTransactionHash());
            if (!receipt.isStatusOK()) {
                throw new PolicyGovernanceException("TRANSACTION_FAILED", "transaction " + receipt.getTransactionHash()
                        + " reverted (status " + receipt.getStatus() + ")", receipt.getRevertReason());
            }
            return receipt;
        } catch (IOException e) {
            throw new PolicyGovernanceException("RPC_FAILED", "sending to " + to + " failed: " + e, e);
        }
    }

    private TransactionReceipt awaitReceipt(String hash) throws IOException, PolicyGovernanceException {
        long deadline = System.nanoTime() + receiptTimeout.toNanos();
        while (true) {
            Optional<TransactionReceipt> receipt = web3j.ethGetTransactionReceipt(hash).send().getTransactionReceipt();
            if (receipt.isPresent()) {
                return receipt.get();
            }
            if (System.nanoTime() - deadline > 0) {
                throw new PolicyGovernanceException("RECEIPT_TIMEOUT", "no receipt for " + hash + " within " + receiptTimeout, (String) null);
            }
            try {
                Thread.sleep(POLL.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new PolicyGovernanceException("RECEIPT_TIMEOUT", "interrupted awaiting " + hash, e);
            }
        }
    }

    private static PolicyGovernanceException refusal(Response.Error error) {
        String data = error.getData() == null ? null : error.getData().replace("\"", "");
        Optional<String> name = PolicyRegistryAbi.errorName(data);
        return new PolicyGovernanceException(name.orElse("REVERTED"), error.getMessage(), data);
    }

    private static byte[] bytes32(AbiValue word) {
        return Numeric.toBytesPadded(((AbiValue.Word) word).value(), 32);
    }

    private static long uint(AbiValue word) {
        return ((AbiValue.Word) word).value().longValueExact();
    }
}

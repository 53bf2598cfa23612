package dev.writ.contracts.anchor;

import java.io.IOException;
import java.math.BigInteger;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import okhttp3.OkHttpClient;
import org.web3j.crypto.Credentials;
import org.web3j.crypto.Hash;
import org.web3j.crypto.RawTransaction;
import org.web3j.crypto.TransactionEncoder;
import org.web3j.protocol.Web3j;
import org.web3j.protocol.core.DefaultBlockParameter;
import org.web3j.protocol.core.DefaultBlockParameterName;
import org.web3j.protocol.core.Response;
import org.web3j.protocol.core.methods.request.EthFilter;
import org.web3j.protocol.core.methods.request.Transaction;
import org.web3j.protocol.core.methods.response.EthBlock;
import org.web3j.protocol.core.methods.response.EthLog;
import org.web3j.protocol.http.HttpService;
import org.web3j.utils.Numeric;

/**
 * The web3j edge of anchoring: reads EvidenceAnchor's state, the head, fees and nonces, and sends
 * signed EIP-1559 anchor transactions. Every failure is a typed {@link ChainException}.
 */
public final class ChainClient implements AutoCloseable {
    private final Web3j web3j;
    private final long chainId;
    private final String contract;
    private final Credentials anchorer;

    public ChainClient(String rpcUrl, long chainId, String contract, Credentials anchorer, Duration timeout) {
        OkHttpClient http = new OkHttpClient.Builder().callTimeout(timeout).connectTimeout(timeout).readTimeout(timeout).build();
        this.web3j = Web3j.build(new HttpService(rpcUrl, http));
        this.chainId = chainId;
        this.contract = contract;
        this.anchorer = anchorer;
    }

    /** A client that only reads (bundle verification): calls are made from the zero address, nothing is signed. */
    public static ChainClient readOnly(String rpcUrl, String contract, Duration timeout) {
        return new ChainClient(rpcUrl, 0, contract, null, timeout);
    }

    public long chainId() {
        return chainId;
    }

    public String contract() {
        return contract;
    }

    private String from() {
        return anchorer == null ? "0x0000000000000000000000000000000000000000" : anchorer.getAddress();
    }

    /** Block number, success and recipient of a mined transaction; empty while it is not mined (or unknown). */
    public record Receipt(long blockNumber, boolean succeeded, String to) {
    }

    public Optional<Receipt> receipt(String txHash) throws ChainException {
        return answer(call(() -> web3j.ethGetTransactionReceipt(txHash).send()), "eth_getTransactionReceipt").getTransactionReceipt()
                .map(r -> new Receipt(r.getBlockNumber().longValueExact(), r.isStatusOK(), String.valueOf(r.getTo())));
    }

    /** The node's chain id; the anchorer refuses to run against a chain other than the configured one. */
    public long remoteChainId() throws ChainException {
        return answer(call(() -> web3j.ethChainId().send()), "eth_chainId").getChainId().longValueExact();
    }

    public ChainHead head() throws ChainException {
        EthBlock.Block b = answer(call(() -> web3j.ethGetBlockByNumber(DefaultBlockParameterName.LATEST, false).send()),
                "eth_getBlockByNumber").getBlock();
        if (b == null) {
            throw new ChainException(ChainException.Kind.CHAIN_MALFORMED, "no latest block", null, null);
        }
        BigInteger baseFee = b.getBaseFeePerGasRaw() == null ? BigInteger.ZERO : b.getBaseFeePerGas();
        return new ChainHead(b.getNumber().longValueExact(), b.getTimestamp().longValueExact(), baseFee);
    }

    /**
     * What the chain says about one outbox row, every value read at the same block (the head when
     * the view starts): reads at "latest" could straddle a new block and see the nonce used but the
     * batch not yet anchored.
     */
    public ChainView view(OutboxEntry entry) throws ChainException {
        long head = head().number();
        DefaultBlockParameter at = DefaultBlockParameter.valueOf(BigInteger.valueOf(head));
        long next = EvidenceAnchorAbi.decodeUint64(ethCall(EvidenceAnchorAbi.nextBatchSeq(entry.domain()), at));
        long nextFirst = EvidenceAnchorAbi.decodeUint64(ethCall(EvidenceAnchorAbi.nextFirstSeq(entry.domain()), at));
        Optional<OnChainBatch> held = next > entry.batchSeq()
                ? Optional.of(EvidenceAnchorAbi.decodeBatch(ethCall(EvidenceAnchorAbi.batch(entry.domain(), entry.batchSeq()), at)))
                : Optional.empty();
        return new ChainView(head, next, nextFirst, held, nonce(at));
    }

    /** {@code EvidenceAnchor.batch(domain, seq)}; reverts {@code UnknownBatch} for a batch the chain does not hold. */
    public OnChainBatch batch(String domain, long batchSeq) throws ChainException {
        return EvidenceAnchorAbi.decodeBatch(ethCall(EvidenceAnchorAbi.batch(domain, batchSeq)));
    }

    public long nextBatchSeq(String domain) throws ChainException {
        return EvidenceAnchorAbi.decodeUint64(ethCall(EvidenceAnchorAbi.nextBatchSeq(domain)));
    }

    /** Fees as the node suggests them now: twice the base fee plus its suggested tip. */
    public Fees suggestedFees() throws ChainException {
        BigInteger tip = answer(call(() -> web3j.ethMaxPriorityFeePerGas().send()), "eth_maxPriorityFeePerGas").getMaxPriorityFeePerGas();
        return Fees.suggested(head().baseFeePerGas(), tip);
    }

    public long pendingNonce() throws ChainException {
        return nonce(DefaultBlockParameterName.PENDING);
    }

    /** A signed transaction and its hash, known before it is broadcast (so the outbox can record it first). */
    public record SignedTx(String hash, String raw) {
    }

    /**
     * Signs {@code anchor(...)} for the row with this nonce and fees. The call is simulated first
     * (eth_estimateGas), so a revert such as {@code BatchOutOfOrder} is typed before gas is spent.
     */
    public SignedTx prepareAnchor(OutboxEntry entry, long nonce, Fees fees) throws ChainException {
        String data = EvidenceAnchorAbi.anchor(entry.domain(), entry.batchSeq(), entry.firstSeq(), entry.lastSeq(), entry.root());
        BigInteger estimate = answer(call(() -> web3j.ethEstimateGas(Transaction.createFunctionCallTransaction(
                anchorer.getAddress(), null, null, null, contract, data)).send()), "eth_estimateGas").getAmountUsed();
        // A margin over the estimate: the first anchor of a domain writes fresh storage slots.
        BigInteger gasLimit = estimate.add(estimate.shiftRight(2)).add(BigInteger.valueOf(10_000));
        return sign(contract, data, nonce, gasLimit, fees);
    }

    /** Signs a call from the anchorer wallet with an explicit gas limit (set-up and tests: register, deploy with to = null). */
    public SignedTx sign(String to, String data, long nonce, BigInteger gasLimit, Fees fees) {
        RawTransaction tx = RawTransaction.createTransaction(chainId, BigInteger.valueOf(nonce), gasLimit, to == null ? "" : to,
                BigInteger.ZERO, data, fees.maxPriorityFeePerGas(), fees.maxFeePerGas());
        byte[] signed = TransactionEncoder.signMessage(tx, anchorer);
        return new SignedTx(Numeric.toHexString(Hash.sha3(signed)), Numeric.toHexString(signed));
    }

    /** Broadcasts a signed transaction; a node that already holds it answers with its hash too. */
    public String broadcast(SignedTx tx) throws ChainException {
        return answer(call(() -> web3j.ethSendRawTransaction(tx.raw()).send()), "eth_sendRawTransaction").getTransactionHash();
    }

    /** The hash of the transaction that anchored (domain, batchSeq) in {@code block}, from its Anchored event. */
    public String anchoringTx(String domain, long batchSeq, long block) throws ChainException {
        EthFilter filter = new EthFilter(DefaultBlockParameter.valueOf(BigInteger.valueOf(block)),
                DefaultBlockParameter.valueOf(BigInteger.valueOf(block)), contract);
        filter.addSingleTopic(EvidenceAnchorAbi.ANCHORED_TOPIC);
        filter.addSingleTopic(Numeric.toHexString(EvidenceAnchorAbi.domainId(domain)));
        filter.addSingleTopic(Numeric.toHexStringWithPrefixZeroPadded(BigInteger.valueOf(batchSeq), 64));
        List<EthLog.LogResult> logs = answer(call(() -> web3j.ethGetLogs(filter).send()), "eth_getLogs").getLogs();
        if (logs.size() != 1) {
            throw new ChainException(ChainException.Kind.CHAIN_MALFORMED, "expected one Anchored event for batch " + batchSeq
                    + " in block " + block + ", found " + logs.size(), null, null);
        }
        return ((EthLog.LogObject) logs.get(0)).getTransactionHash();
    }

    private long nonce(DefaultBlockParameter at) throws ChainException {
        return answer(call(() -> web3j.ethGetTransactionCount(anchorer.getAddress(), at).send()), "eth_getTransactionCount")
                .getTransactionCount().longValueExact();
    }

    private String ethCall(String data) throws ChainException {
        return ethCall(data, DefaultBlockParameterName.LATEST);
    }

    private String ethCall(String data, DefaultBlockParameter at) throws ChainException {
        return answer(call(() -> web3j.ethCall(Transaction.createEthCallTransaction(from(), contract, data), at).send()),
                "eth_call").getValue();
    }

    private interface Rpc<T> {
        T send() throws IOException;
    }

    private static <T> T call(Rpc<T> rpc) throws ChainException {
        try {
            return rpc.send();
        } catch (IOException e) {
            throw new ChainException(ChainException.Kind.CHAIN_UNREACHABLE, String.valueOf(e.getMessage()), null, e);
        } catch (RuntimeException e) {
            throw new ChainException(ChainException.Kind.CHAIN_MALFORMED, String.valueOf(e.getMessage()), null, e);
        }
    }

    private static <R extends Response<?>> R answer(R response, String method) throws ChainException {
        if (response == null) {
            throw new ChainException(ChainException.Kind.CHAIN_MALFORMED, method + " returned nothing", null, null);
        }
        if (response.hasError()) {
            Response.Error error = response.getError();
            Optional<String> revert = EvidenceAnchorAbi.errorName(error.getData());
            boolean reverted = revert.isPresent() || String.valueOf(error.getMessage()).contains("revert");
            throw new ChainException(reverted ? ChainException.Kind.CHAIN_REVERTED : ChainException.Kind.CHAIN_REFUSED,
                    method + ": " + error.getMessage() + (error.getData() == null ? "" : " " + error.getData()),
                    revert.orElse(null), null);
        }
        return response;
    }

    @Override
    public void close() {
        web3j.shutdown();
    }
}

package dev.writ.contracts.anchor;

import dev.writ.contracts.chain.AnchoredBatch;
import dev.writ.contracts.chain.Bytes32;
import dev.writ.contracts.chain.ChainClient;
import dev.writ.contracts.chain.ChainException;
import dev.writ.contracts.chain.EvidenceAnchorContract;
import java.io.IOException;
import java.math.BigInteger;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import okhttp3.OkHttpClient;
import org.web3j.abi.EventEncoder;
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
 * The anchoring edge on top of the chain toolkit ({@link ChainClient}, {@link EvidenceAnchorContract}):
 * reads pinned to one block for reconciliation, EIP-1559 fees, nonces, and anchor transactions that
 * are signed first and broadcast second, so the outbox can record a transaction before it exists
 * anywhere else. Failures are the toolkit's typed {@link ChainException}s.
 */
public final class AnchorChain implements AutoCloseable {
    private static final String ANCHORED_TOPIC = EventEncoder.encode(EvidenceAnchorContract.ANCHORED);

    private final ChainClient chain;
    private final EvidenceAnchorContract anchor;
    private final Credentials anchorer;
    private final boolean owned;

    /** Uses a client owned elsewhere (e.g. the dev chain's); {@code anchorer} null for a read-only view. */
    public AnchorChain(ChainClient chain, String contract, Credentials anchorer) {
        this(chain, contract, anchorer, false);
    }

    private AnchorChain(ChainClient chain, String contract, Credentials anchorer, boolean owned) {
        this.chain = chain;
        this.anchor = new EvidenceAnchorContract(chain, contract);
        this.anchorer = anchorer;
        this.owned = owned;
    }

    /** Its own HTTP connection, every call bounded by {@code timeout}; closed with {@link #close()}. */
    public static AnchorChain connect(String rpcUrl, long chainId, String contract, Credentials anchorer, Duration timeout) {
        OkHttpClient http = new OkHttpClient.Builder().callTimeout(timeout).connectTimeout(timeout).readTimeout(timeout).build();
        ChainClient client = new ChainClient(Web3j.build(new HttpService(rpcUrl, http)), chainId, Duration.ofMillis(50), timeout);
        return new AnchorChain(client, contract, anchorer, true);
    }

    public long chainId() {
        return chain.chainId();
    }

    public String contract() {
        return anchor.address();
    }

    /** The chain id the RPC serves. */
    public long remoteChainId() {
        return answer(rpc(() -> chain.web3j().ethChainId().send(), "eth_chainId"), "eth_chainId").getChainId().longValueExact();
    }

    public ChainHead head() {
        EthBlock.Block b = answer(rpc(() -> chain.web3j().ethGetBlockByNumber(DefaultBlockParameterName.LATEST, false).send(),
                "eth_getBlockByNumber"), "eth_getBlockByNumber").getBlock();
        if (b == null) {
            throw new ChainException(ChainException.Code.RPC_ERROR, "eth_getBlockByNumber returned no latest block");
        }
        BigInteger baseFee = b.getBaseFeePerGasRaw() == null ? BigInteger.ZERO : b.getBaseFeePerGas();
        return new ChainHead(b.getNumber().longValueExact(), b.getTimestamp().longValueExact(), baseFee);
    }

    /**
     * What the chain says about one outbox row, every value read at the same block (the head when
     * the view starts): reads at "latest" could straddle a new block and see the nonce used but the
     * batch not yet anchored.
     */
    public ChainView view(OutboxEntry entry) {
        long head = head().number();
        DefaultBlockParameter at = DefaultBlockParameter.valueOf(BigInteger.valueOf(head));
        Bytes32 domain = Bytes32.keccakOf(entry.domain());
        long next = anchor.nextBatchSeq(domain, at);
        long nextFirst = anchor.nextFirstSeq(domain, at);
        Optional<OnChainBatch> held = next > entry.batchSeq()
                ? Optional.of(onChain(anchor.batch(domain, entry.batchSeq(), at))) : Optional.empty();
        return new ChainView(head, next, nextFirst, held, nonce(at));
    }

    /** {@code EvidenceAnchor.batch(domain, seq)}; reverts {@code UnknownBatch} for a batch the chain does not hold. */
    public OnChainBatch batch(String domain, long batchSeq) {
        return onChain(anchor.batch(Bytes32.keccakOf(domain), batchSeq));
    }

    public long nextBatchSeq(String domain) {
        return anchor.nextBatchSeq(Bytes32.keccakOf(domain));
    }

    /** Fees as the node suggests them now: twice the base fee plus its suggested tip. */
    public Fees suggestedFees() {
        BigInteger tip = answer(rpc(() -> chain.web3j().ethMaxPriorityFeePerGas().send(), "eth_maxPriorityFeePerGas"),
                "eth_maxPriorityFeePerGas").getMaxPriorityFeePerGas();
        return Fees.suggested(head().baseFeePerGas(), tip);
    }

    public long pendingNonce() {
        return nonce(DefaultBlockParameterName.PENDING);
    }

    /** A signed transaction and its hash, known before it is broadcast. */
    public record SignedTx(String hash, String raw) {
    }

    /**
     * Signs {@code anchor(...)} for the row with this nonce and fees. The call is simulated first
     * (eth_estimateGas), so a revert such as {@code BatchOutOfOrder} is typed before gas is spent.
     */
    public SignedTx prepareAnchor(OutboxEntry entry, long nonce, Fees fees) {
        String data = EvidenceAnchorContract.encodeAnchor(Bytes32.keccakOf(entry.domain()), entry.batchSeq(), entry.firstSeq(),
                entry.lastSeq(), Bytes32.fromHex(entry.root()));
        BigInteger gasLimit = chain.estimateGas(anchorer, anchor.address(), data, anchor.errors());
        RawTransaction tx = RawTransaction.createTransaction(chain.chainId(), BigInteger.valueOf(nonce), gasLimit, anchor.address(),
                BigInteger.ZERO, data, fees.maxPriorityFeePerGas(), fees.maxFeePerGas());
        byte[] signed = TransactionEncoder.signMessage(tx, anchorer);
        return new SignedTx(Numeric.toHexString(Hash.sha3(signed)), Numeric.toHexString(signed));
    }

    /** Broadcasts a signed transaction; answers its hash. */
    public String broadcast(SignedTx tx) {
        return answer(rpc(() -> chain.web3j().ethSendRawTransaction(tx.raw()).send(), "eth_sendRawTransaction"),
                "eth_sendRawTransaction").getTransactionHash();
    }

    /** The hash of the transaction that anchored (domain, batchSeq) in {@code block}, from its Anchored event. */
    public String anchoringTx(String domain, long batchSeq, long block) {
        EthFilter filter = new EthFilter(DefaultBlockParameter.valueOf(BigInteger.valueOf(block)),
                DefaultBlockParameter.valueOf(BigInteger.valueOf(block)), anchor.address());
        filter.addSingleTopic(ANCHORED_TOPIC);
        filter.addSingleTopic(Bytes32.keccakOf(domain).hex());
        filter.addSingleTopic(Numeric.toHexStringWithPrefixZeroPadded(BigInteger.valueOf(batchSeq), 64));
        List<EthLog.LogResult> logs = answer(rpc(() -> chain.web3j().ethGetLogs(filter).send(), "eth_getLogs"), "eth_getLogs")
                .getLogs();
        if (logs.size() != 1) {
            throw new ChainException(ChainException.Code.RPC_ERROR, "expected one Anchored event for batch " + batchSeq
                    + " in block " + block + ", found " + logs.size());
        }
        return ((EthLog.LogObject) logs.get(0)).getTransactionHash();
    }

    /**
     * Block number, success and recipient of a mined transaction, and what it cost: gas used and
     * the fee in wei (gas used x effective gas price; 0 when the node does not report the price).
     */
    public record Receipt(long blockNumber, boolean succeeded, String to, long gasUsed, BigInteger feeWei) {
    }

    /** The receipt, or empty while the transaction is not mined (or unknown). */
    public Optional<Receipt> receipt(String txHash) {
        return answer(rpc(() -> chain.web3j().ethGetTransactionReceipt(txHash).send(), "eth_getTransactionReceipt"),
                "eth_getTransactionReceipt").getTransactionReceipt()
                .map(r -> new Receipt(r.getBlockNumber().longValueExact(), r.isStatusOK(), String.valueOf(r.getTo()),
                        r.getGasUsed().longValueExact(), r.getEffectiveGasPrice() == null ? BigInteger.ZERO
                                : r.getGasUsed().multiply(Numeric.decodeQuantity(r.getEffectiveGasPrice()))));
    }

    private long nonce(DefaultBlockParameter at) {
        return answer(rpc(() -> chain.web3j().ethGetTransactionCount(anchorer.getAddress(), at).send(),
                "eth_getTransactionCount"), "eth_getTransactionCount").getTransactionCount().longValueExact();
    }

    private static OnChainBatch onChain(AnchoredBatch b) {
        return new OnChainBatch(b.firstSeq(), b.lastSeq(), b.root().hex(), b.blockNumber());
    }

    private interface Rpc<T> {
        T send() throws IOException;
    }

    private static <T> T rpc(Rpc<T> call, String method) {
        try {
            return call.send();
        } catch (IOException e) {
            throw new ChainException(ChainException.Code.RPC_UNREACHABLE, method + ": " + e.getMessage(), e);
        }
    }

    private <R extends Response<?>> R answer(R response, String method) {
        if (response.hasError()) {
            Response.Error error = response.getError();
            String data = error.getData() == null ? null : error.getData().replaceAll("[^0-9a-fA-Fx]", "");
            boolean revert = error.getCode() == 3 || String.valueOf(error.getMessage()).contains("revert");
            if (revert && data != null && data.startsWith("0x")) {
                throw anchor.errors().decode(data);
            }
            throw new ChainException(ChainException.Code.RPC_ERROR, method + " failed: " + error.getCode() + " "
                    + error.getMessage());
        }
        return response;
    }

    @Override
    public void close() {
        if (owned) {
            chain.close();
        }
    }
}

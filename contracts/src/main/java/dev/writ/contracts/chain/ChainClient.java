package dev.writ.contracts.chain;

import java.io.IOException;
import java.math.BigInteger;
import java.time.Duration;
import java.util.Objects;
import org.web3j.crypto.Credentials;
import org.web3j.protocol.Web3j;
import org.web3j.protocol.core.DefaultBlockParameter;
import org.web3j.protocol.core.DefaultBlockParameterName;
import org.web3j.protocol.core.Response;
import org.web3j.protocol.core.methods.request.Transaction;
import org.web3j.protocol.core.methods.response.EthCall;
import org.web3j.protocol.core.methods.response.EthEstimateGas;
import org.web3j.protocol.core.methods.response.EthSendTransaction;
import org.web3j.protocol.core.methods.response.TransactionReceipt;
import org.web3j.protocol.exceptions.TransactionException;
import org.web3j.protocol.http.HttpService;
import org.web3j.tx.RawTransactionManager;
import org.web3j.tx.response.PollingTransactionReceiptProcessor;

/**
 * One chain connection: view calls, signed transactions that wait for their receipt, and revert
 * decoding. Deliberately simple (nonce from the node's pending count, gas from an estimate,
 * legacy gas price): the anchoring outbox layers its own nonce and replacement policy on top.
 */
public final class ChainClient implements AutoCloseable {
  /** Headroom over the node's gas estimate: the estimate is exact for our contracts, but a
   * storage slot touched first by a concurrent transaction can cost more. */
  private static final int GAS_HEADROOM_PERCENT = 20;

  private final Web3j web3j;
  private final long chainId;
  private final Duration receiptPoll;
  private final Duration receiptTimeout;

  public ChainClient(Web3j web3j, long chainId, Duration receiptPoll, Duration receiptTimeout) {
    this.web3j = Objects.requireNonNull(web3j, "web3j");
    this.chainId = chainId;
    this.receiptPoll = receiptPoll;
    this.receiptTimeout = receiptTimeout;
  }

  /** Connects over HTTP, polling receipts every 50 ms for up to 60 s. */
  public static ChainClient connect(String rpcUrl, long chainId) {
    return new ChainClient(
        Web3j.build(new HttpService(rpcUrl)), chainId, Duration.ofMillis(50), Duration.ofSeconds(60));
  }

  public Web3j web3j() {
    return web3j;
  }

  public long chainId() {
    return chainId;
  }

  public long blockNumber() {
    try {
      return checked(web3j.ethBlockNumber().send(), "eth_blockNumber").getBlockNumber().longValueExact();
    } catch (IOException e) {
      throw unreachable("eth_blockNumber", e);
    }
  }

  /** eth_call against the latest block; returns the 0x-hex return data. */
  public String call(String to, String data, ContractErrors errors) {
    return call(to, data, errors, DefaultBlockParameterName.LATEST);
  }

  public String call(String to, String data, ContractErrors errors, DefaultBlockParameter block) {
    return call(null, to, data, errors, block);
  }

  private String call(String from, String to, String data, ContractErrors errors, DefaultBlockParameter block) {
    try {
      EthCall response = web3j.ethCall(
          Transaction.createEthCallTransaction(from, to, data), block).send();
      if (response.hasError()) {
        throw failure("eth_call", response.getError(), errors);
      }
      return response.getValue();
    } catch (IOException e) {
      throw unreachable("eth_call", e);
    }
  }

  /** Signs and sends a call to {@code to}, gas from an estimate, and waits for the receipt. */
  public TransactionReceipt send(Credentials from, String to, String data, ContractErrors errors) {
    return send(from, to, data, errors, estimateGas(from, to, data, errors));
  }

  /** As {@link #send(Credentials, String, String, ContractErrors)} with a fixed gas limit. */
  public TransactionReceipt send(
      Credentials from, String to, String data, ContractErrors errors, BigInteger gasLimit) {
    return submit(from, to, data, errors, gasLimit, false);
  }

  /** Deploys creation bytecode (with encoded constructor arguments appended) and waits. */
  TransactionReceipt sendCreation(Credentials from, String creationData, ContractErrors errors) {
    BigInteger gas = estimateGas(from, null, creationData, errors);
    return submit(from, null, creationData, errors, gas, true);
  }

  public BigInteger estimateGas(Credentials from, String to, String data, ContractErrors errors) {
    try {
      Transaction tx = to == null
          ? Transaction.createContractTransaction(from.getAddress(), null, null, data)
          : Transaction.createFunctionCallTransaction(from.getAddress(), null, null, null, to, data);
      EthEstimateGas response = web3j.ethEstimateGas(tx).send();
      if (response.hasError()) {
        throw failure("eth_estimateGas", response.getError(), errors);
      }
      BigInteger estimate = response.getAmountUsed();
      return estimate.add(estimate.multiply(BigInteger.valueOf(GAS_HEADROOM_PERCENT)).divide(BigInteger.valueOf(100)));
    } catch (IOException e) {
      throw unreachable("eth_estimateGas", e);
    }
  }

  private TransactionReceipt submit(
      Credentials from, String to, String data, ContractErrors errors, BigInteger gasLimit, boolean creation) {
    try {
      BigInteger gasPrice = checked(web3j.ethGasPrice().send(), "eth_gasPrice").getGasPrice();
      RawTransactionManager manager = new RawTransactionManager(web3j, from, chainId);
      EthSendTransaction sent = manager.sendTransaction(
          gasPrice, gasLimit, creation ? "" : to, data, BigInteger.ZERO, creation);
      if (sent.hasError()) {
        throw failure("eth_sendRawTransaction", sent.getError(), errors);
      }
      TransactionReceipt receipt = awaitReceipt(sent.getTransactionHash());
      if (!receipt.isStatusOK()) {
        throw replayRevert(from, to, data, errors, receipt);
      }
      return receipt;
    } catch (IOException e) {
      throw unreachable("eth_sendRawTransaction", e);
    }
  }

  private TransactionReceipt awaitReceipt(String txHash) throws IOException {
    long pollMs = Math.max(1, receiptPoll.toMillis());
    int attempts = (int) Math.max(1, receiptTimeout.toMillis() / pollMs);
    try {
      return new PollingTransactionReceiptProcessor(web3j, pollMs, attempts).waitForTransactionReceipt(txHash);
    } catch (TransactionException e) {
      throw new ChainException(ChainException.Code.RECEIPT_TIMEOUT,
          "no receipt for " + txHash + " within " + receiptTimeout, e);
    }
  }

  /** A mined transaction that failed: re-running it as a call on its block yields the revert data. */
  private ChainException replayRevert(
      Credentials from, String to, String data, ContractErrors errors, TransactionReceipt receipt) {
    if (to == null) {
      return errors.decode(receipt.getRevertReason());
    }
    try {
      call(from.getAddress(), to, data, errors,
          DefaultBlockParameter.valueOf(receipt.getBlockNumber().subtract(BigInteger.ONE)));
    } catch (ContractRevert revert) {
      return revert;
    }
    return errors.decode(receipt.getRevertReason());
  }

  private static ChainException failure(String method, Response.Error error, ContractErrors errors) {
    String data = revertData(error.getData());
    boolean revert = error.getCode() == 3
        || (error.getMessage() != null && error.getMessage().contains("revert"));
    if (revert && errors != null) {
      return errors.decode(data);
    }
    return new ChainException(ChainException.Code.RPC_ERROR,
        method + " failed: " + error.getCode() + " " + error.getMessage() + (data == null ? "" : " data=" + data));
  }

  /**
   * web3j keeps the error's {@code data} as raw JSON: a quoted hex string from anvil and geth, or an
   * object holding it (some providers). Returns the bare 0x-hex, or null when there is none.
   */
  static String revertData(String rawJson) {
    if (rawJson == null) {
      return null;
    }
    java.util.regex.Matcher hex = java.util.regex.Pattern.compile("0x[0-9a-fA-F]*").matcher(rawJson);
    return hex.find() ? hex.group() : null;
  }

  private static <T extends Response<?>> T checked(T response, String method) {
    if (response.hasError()) {
      throw failure(method, response.getError(), null);
    }
    return response;
  }

  private static ChainException unreachable(String method, IOException e) {
    return new ChainException(ChainException.Code.RPC_UNREACHABLE, method + ": " + e.getMessage(), e);
  }

  @Override
  public void close() {
    web3j.shutdown();
  }
}

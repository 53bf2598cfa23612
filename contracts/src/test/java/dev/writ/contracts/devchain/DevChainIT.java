package dev.writ.contracts.devchain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.writ.contracts.chain.Bytes32;
import dev.writ.contracts.chain.ChainConfig;
import dev.writ.contracts.chain.ChainException;
import dev.writ.contracts.chain.EvidenceAnchorContract;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.web3j.protocol.core.DefaultBlockParameterName;
import org.web3j.protocol.core.methods.response.TransactionReceipt;

/** The launcher on a real anvil: chain.json, stopping and resuming blocks, kill and restart with state. */
class DevChainIT {
  @TempDir Path work;

  @Test
  void chainJsonDescribesTheDeployedContractsAndDomainWallets() throws Exception {
    try (DevChain chain = DevChain.start(DevChainOptions.of(work, List.of("alpha", "beta")).automine())) {
      ChainConfig read = ChainConfig.read(chain.chainJson());
      assertThat(read).isEqualTo(chain.config());
      assertThat(read.chainId()).isEqualTo(31337);
      assertThat(read.rpcUrl()).isEqualTo(chain.rpcUrl());
      assertThat(read.contracts()).containsOnlyKeys("AgentRegistry", "EvidenceAnchor", "PolicyRegistry");
      for (String address : read.contracts().values()) {
        String code = chain.client().web3j().ethGetCode(address, DefaultBlockParameterName.LATEST).send().getCode();
        assertThat(code).hasSizeGreaterThan(2);
      }
      assertThat(read.domain("alpha").anchorer().address()).isNotEqualTo(read.domain("beta").anchorer().address());
      assertThat(read.domain("beta").anchorer().credentials().getAddress())
          .isEqualToIgnoringCase(read.domain("beta").anchorer().address());
      EvidenceAnchorContract anchor = new EvidenceAnchorContract(chain.client(), read.contract("EvidenceAnchor"));
      assertThat(anchor.anchorer(Bytes32.keccakOf("beta"))).isEqualToIgnoringCase(read.domain("beta").anchorer().address());
      assertThat(java.nio.file.Files.readString(chain.chainJson())).contains("\"devOnly\" : true", "DEV CHAIN ONLY");
    }
  }

  @Test
  void pausedBlocksHoldTransactionsUntilResumed() throws Exception {
    try (DevChain chain = DevChain.start(DevChainOptions.of(work, List.of("alpha")))) {
      ChainConfig config = chain.config();
      assertThat(awaitBlockAbove(chain, chain.client().blockNumber(), Duration.ofSeconds(10)))
          .as("1-second blocks are produced").isTrue();

      chain.pauseBlocks();
      long pausedAt = chain.client().blockNumber();
      EvidenceAnchorContract anchor = new EvidenceAnchorContract(chain.client(), config.contract("EvidenceAnchor"));
      CompletableFuture<TransactionReceipt> pending = CompletableFuture.supplyAsync(() -> anchor.anchor(
          config.domain("alpha").anchorer().credentials(), config.domain("alpha").domainId(), 0, 0, 0,
          Bytes32.keccakOf("r")));
      // three block times without a block: production has stopped, not slowed
      assertThat(awaitBlockAbove(chain, pausedAt, Duration.ofSeconds(3))).isFalse();
      assertThat(pending).isNotDone();

      chain.resumeBlocks();
      TransactionReceipt receipt = pending.get(30, TimeUnit.SECONDS);
      assertThat(receipt.getBlockNumber().longValueExact()).isGreaterThan(pausedAt);
      assertThat(anchor.nextBatchSeq(config.domain("alpha").domainId())).isEqualTo(1);
    }
  }

  @Test
  void killAndRestartKeepTheChainState() {
    try (DevChain chain = DevChain.start(DevChainOptions.of(work, List.of("alpha")).automine())) {
      ChainConfig config = chain.config();
      Bytes32 domain = config.domain("alpha").domainId();
      EvidenceAnchorContract anchor = new EvidenceAnchorContract(chain.client(), config.contract("EvidenceAnchor"));
      anchor.anchor(config.domain("alpha").anchorer().credentials(), domain, 0, 0, 9, Bytes32.keccakOf("r0"));
      long blockBefore = chain.client().blockNumber();

      chain.kill();
      assertThat(chain.isRunning()).isFalse();
      Throwable down = catchThrowable(() -> chain.client().blockNumber());
      assertThat(down).isInstanceOf(ChainException.class);
      assertThat(((ChainException) down).code()).isEqualTo(ChainException.Code.RPC_UNREACHABLE);

      chain.restart();
      assertThat(chain.isRunning()).isTrue();
      assertThat(chain.client().blockNumber()).isGreaterThanOrEqualTo(blockBefore);
      assertThat(anchor.nextFirstSeq(domain)).isEqualTo(10);
      assertThat(anchor.batch(domain, 0).root()).isEqualTo(Bytes32.keccakOf("r0"));
      anchor.anchor(config.domain("alpha").anchorer().credentials(), domain, 1, 10, 19, Bytes32.keccakOf("r1"));
      assertThat(anchor.nextBatchSeq(domain)).isEqualTo(2);
    }
  }

  private static boolean awaitBlockAbove(DevChain chain, long block, Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < deadline) {
      if (chain.client().blockNumber() > block) {
        return true;
      }
      Thread.sleep(100);
    }
    return chain.client().blockNumber() > block;
  }
}

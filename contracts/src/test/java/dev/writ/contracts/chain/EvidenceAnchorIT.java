package dev.writ.contracts.chain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.writ.contracts.devchain.DevAccounts;
import dev.writ.contracts.devchain.DevChain;
import dev.writ.contracts.devchain.DevChainOptions;
import java.io.IOException;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.web3j.crypto.Credentials;
import org.web3j.protocol.core.methods.response.TransactionReceipt;

/** EvidenceAnchor on a real anvil: strict per-domain order, every refusal by name, and its gas. */
class EvidenceAnchorIT {
  @TempDir static Path work;
  static DevChain chain;
  static EvidenceAnchorContract anchor;
  static final Credentials ANCHORER = DevAccounts.account(1);
  static final Credentials STRANGER = DevAccounts.account(2);

  @BeforeAll
  static void startChain() {
    chain = DevChain.start(DevChainOptions.of(work, List.of("alpha")).automine());
    anchor = new EvidenceAnchorContract(chain.client(), chain.config().contract(EvidenceAnchorContract.NAME));
  }

  @AfterAll
  static void stopChain() {
    if (chain != null) {
      chain.close();
    }
  }

  /** A domain of its own per test, so tests do not depend on each other's batches. */
  static Bytes32 freshDomain() {
    Bytes32 domain = Bytes32.keccakOf("domain-" + UUID.randomUUID());
    anchor.registerDomain(DevAccounts.deployer(), domain, ANCHORER.getAddress());
    return domain;
  }

  static Bytes32 root(int n) {
    return Bytes32.keccakOf("root-" + n);
  }

  @Test
  void batchesAnchorInOrderAndReadBack() {
    Bytes32 domain = freshDomain();
    assertThat(anchor.anchorer(domain)).isEqualToIgnoringCase(ANCHORER.getAddress());

    TransactionReceipt first = anchor.anchor(ANCHORER, domain, 0, 0, 9, root(0));
    anchor.anchor(ANCHORER, domain, 1, 10, 10, root(1));
    anchor.anchor(ANCHORER, domain, 2, 11, 110, root(2));

    assertThat(anchor.nextBatchSeq(domain)).isEqualTo(3);
    assertThat(anchor.nextFirstSeq(domain)).isEqualTo(111);
    AnchoredBatch batch0 = anchor.batch(domain, 0);
    assertThat(batch0).isEqualTo(new AnchoredBatch(domain, 0, 0, 9, root(0), first.getBlockNumber().longValueExact()));
    assertThat(batch0.size()).isEqualTo(10);
    assertThat(anchor.batch(domain, 2).root()).isEqualTo(root(2));
    assertThat(anchor.anchoredEvents(first)).containsExactly(batch0);
  }

  @Test
  void aBatchOutOfOrderIsRefused() {
    Bytes32 domain = freshDomain();
    anchor.anchor(ANCHORER, domain, 0, 0, 4, root(0));

    assertRevert(() -> anchor.anchor(ANCHORER, domain, 2, 5, 9, root(2)), "BatchOutOfOrder", 1L, 2L);
    assertRevert(() -> anchor.anchor(ANCHORER, domain, 0, 5, 9, root(2)), "BatchOutOfOrder", 1L, 0L);
    assertThat(anchor.nextBatchSeq(domain)).isEqualTo(1);
  }

  @Test
  void aGapOrOverlapInTheRecordRangeIsRefused() {
    Bytes32 domain = freshDomain();
    anchor.anchor(ANCHORER, domain, 0, 0, 4, root(0));

    assertRevert(() -> anchor.anchor(ANCHORER, domain, 1, 6, 9, root(1)), "RangeNotContiguous", 5L, 6L);
    assertRevert(() -> anchor.anchor(ANCHORER, domain, 1, 4, 9, root(1)), "RangeNotContiguous", 5L, 4L);
    assertThat(anchor.nextFirstSeq(domain)).isEqualTo(5);
  }

  @Test
  void onlyTheDomainsAnchorerMayAnchor() {
    Bytes32 domain = freshDomain();
    ContractRevert revert = catchRevert(() -> anchor.anchor(STRANGER, domain, 0, 0, 0, root(0)));
    assertThat(revert.error()).isEqualTo("NotAnchorer");
    assertThat((byte[]) revert.argument(0)).isEqualTo(domain.bytes());
    assertThat((String) revert.argument(1)).isEqualToIgnoringCase(STRANGER.getAddress());

    Bytes32 unregistered = Bytes32.keccakOf("never-registered-" + UUID.randomUUID());
    assertThat(catchRevert(() -> anchor.anchor(ANCHORER, unregistered, 0, 0, 0, root(0))).error())
        .isEqualTo("NotAnchorer");
  }

  @Test
  void emptyRangesAndZeroRootsAreRefused() {
    Bytes32 domain = freshDomain();
    anchor.anchor(ANCHORER, domain, 0, 0, 4, root(0));
    assertThat(catchRevert(() -> anchor.anchor(ANCHORER, domain, 1, 5, 4, root(1))).error()).isEqualTo("EmptyRange");
    assertThat(catchRevert(() -> anchor.anchor(ANCHORER, domain, 1, 5, 5, new Bytes32(new byte[32]))).error())
        .isEqualTo("ZeroRoot");
  }

  @Test
  void readingAnUnknownBatchIsRefused() {
    Bytes32 domain = freshDomain();
    assertRevert(() -> anchor.batch(domain, 0), "UnknownBatch", 0L);
  }

  @Test
  void onlyTheAdminRegistersAnchorers() {
    Bytes32 domain = Bytes32.keccakOf("admin-only-" + UUID.randomUUID());
    ContractRevert revert = catchRevert(() -> anchor.registerDomain(STRANGER, domain, STRANGER.getAddress()));
    assertThat(revert.error()).isEqualTo("NotAdmin");
    assertThat(anchor.anchorer(domain)).isEqualTo("0x0000000000000000000000000000000000000000");
  }

  @Test
  void aMinedTransactionThatRevertedIsDecodedToo() {
    Bytes32 domain = freshDomain();
    // a fixed gas limit skips the estimate, so the failing transaction is mined and replayed
    String data = EvidenceAnchorContract.encodeAnchor(domain, 7, 0, 0, root(0));
    ContractRevert revert = catchRevert(() ->
        chain.client().send(ANCHORER, anchor.address(), data, anchor.errors(), BigInteger.valueOf(200_000)));
    assertThat(revert.error()).isEqualTo("BatchOutOfOrder");
    assertThat(revert.arguments().subList(1, 3)).containsExactly(BigInteger.ZERO, BigInteger.valueOf(7));
  }

  @Test
  void gasPerAnchoredRecordIsMeasured() throws IOException {
    Bytes32 domain = freshDomain();
    List<String> lines = new ArrayList<>();
    lines.add("# EvidenceAnchor.anchor gas on anvil 1.7.1 (solc 0.8.37, optimizer 200 runs), automine");
    lines.add("batch\tbatchSize\tgasUsed\tgasPerRecord");
    long first = 0;
    long seq = 0;
    int batchSeq = 0;
    long firstGas = 0;
    long laterGas = 0;
    for (int size : new int[] {1, 1, 100, 1_000, 10_000}) {
      TransactionReceipt receipt = anchor.anchor(ANCHORER, domain, batchSeq, seq, seq + size - 1, root(batchSeq));
      long gas = receipt.getGasUsed().longValueExact();
      if (batchSeq == 0) {
        firstGas = gas;
      } else {
        laterGas = gas;
      }
      lines.add((batchSeq == 0 ? "first" : "later") + "\t" + size + "\t" + gas + "\t"
          + String.format(java.util.Locale.ROOT, "%.2f", (double) gas / size));
      seq += size;
      batchSeq++;
    }
    Path out = Path.of("target", "anchor-gas.tsv");
    Files.createDirectories(out.getParent());
    Files.write(out, lines);

    assertThat(firstGas).as("the first batch of a domain initialises its counters").isGreaterThan(laterGas);
    assertThat(laterGas / 10_000.0).as("gas per record at 10,000-record batches").isLessThanOrEqualTo(10.0);
  }

  static ContractRevert catchRevert(Runnable action) {
    Throwable thrown = org.assertj.core.api.Assertions.catchThrowable(action::run);
    assertThat(thrown).isInstanceOf(ContractRevert.class);
    return (ContractRevert) thrown;
  }

  /** Asserts the error name and its uint64 arguments after the leading domain (null = not checked). */
  static void assertRevert(Runnable action, String error, Long... uintArgs) {
    ContractRevert revert = catchRevert(action);
    assertThat(revert.error()).isEqualTo(error);
    for (int i = 0; i < uintArgs.length; i++) {
      if (uintArgs[i] != null) {
        assertThat(revert.argument(i + 1)).as("argument %d of %s", i + 1, error).isEqualTo(BigInteger.valueOf(uintArgs[i]));
      }
    }
    assertThatThrownBy(() -> { throw revert; }).hasMessageContaining(error);
  }
}

package dev.writ.contracts.anchor;

import static org.assertj.core.api.Assertions.assertThat;

import dev.writ.contracts.chain.EvidenceAnchorContract;
import dev.writ.contracts.devchain.DevChain;
import dev.writ.contracts.devchain.DevChainOptions;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Benchmark, not a test (run explicitly: {@code mvn -pl contracts -am test -Dtest=AnchorGasBench}):
 * gas of one anchor transaction through the real submitter, per anchored record, at batch sizes
 * 1, 100, 1,000 and 10,000. Writes the raw figures to benchmarks/chain/.
 */
class AnchorGasBench {
    private static final String DOMAIN = "acme";
    private static final long[] SIZES = {1, 100, 1_000, 10_000};

    @TempDir
    Path dir;

    @Test
    void gasPerAnchoredRecord() throws Exception {
        try (DevChain dev = DevChain.start(DevChainOptions.of(dir, List.of(DOMAIN)).automine());
             AnchorChain chain = AnchorChain.connect(dev.rpcUrl(), dev.chainId(), dev.config().contract(EvidenceAnchorContract.NAME),
                     dev.config().domain(DOMAIN).anchorer().credentials(), Duration.ofSeconds(5))) {
            DataSource db = OutboxDatabases.h2();
            AnchorOutbox outbox = new AnchorOutbox(db);
            AnchorSubmitter submitter = new AnchorSubmitter(DOMAIN, outbox, chain, (b, id, c, tx, block) -> { },
                    new SubmitterSettings(1, 3, Duration.ofMillis(50), Duration.ofMillis(50), Duration.ofSeconds(1), 16),
                    Clock.systemUTC());
            // Batch 0 is the domain's first anchor (cold storage slots); the sizes follow, warm.
            long[] sizes = new long[SIZES.length + 1];
            sizes[0] = 1;
            System.arraycopy(SIZES, 0, sizes, 1, SIZES.length);
            List<String> rows = new ArrayList<>();
            for (int seq = 0; seq < sizes.length; seq++) {
                OutboxDatabases.seal(db, DOMAIN, seq, sizes[seq], OutboxDatabases.root(DOMAIN, seq), System.currentTimeMillis());
                long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
                while (outbox.stats(DOMAIN).open() > 0) {
                    assertThat(System.nanoTime()).isLessThan(deadline);
                    submitter.round();
                }
                OutboxEntry row = outbox.get(DOMAIN, seq).orElseThrow();
                BigInteger gas = dev.client().web3j().ethGetTransactionReceipt(row.txHash()).send().getTransactionReceipt()
                        .orElseThrow().getGasUsed();
                rows.add(String.format("{\"batch\":%d,\"records\":%d,\"gasUsed\":%d,\"gasPerRecord\":%.4f,\"cold\":%b}", seq,
                        sizes[seq], gas, gas.doubleValue() / sizes[seq], seq == 0));
            }
            Path out = Path.of("..", "benchmarks", "chain", "anchor-gas-" + Instant.now().toString().replace(":", "") + ".json");
            Files.createDirectories(out.getParent());
            Files.writeString(out, "{\"what\":\"gas of one EvidenceAnchor.anchor transaction sent by AnchorSubmitter, anvil 1.7.1,"
                    + " solc 0.8.37 optimizer 200\",\"batches\":[\n  " + String.join(",\n  ", rows) + "\n]}\n");
            System.out.println("wrote " + out.toAbsolutePath().normalize() + "\n" + String.join("\n", rows));
            assertThat(rows).hasSize(sizes.length);
        }
    }
}

package dev.writ.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.writ.contracts.anchor.AnchorChain;
import dev.writ.contracts.anchor.OutboxEntry;
import dev.writ.contracts.chain.Bytes32;
import dev.writ.contracts.chain.EvidenceAnchorContract;
import dev.writ.contracts.chain.ContractDeployer;
import dev.writ.contracts.devchain.DevAccounts;
import dev.writ.contracts.devchain.DevChain;
import dev.writ.contracts.devchain.DevChainOptions;
import dev.writ.protocol.bundle.BundleFiles;
import dev.writ.protocol.wire.AnchorBatch;
import dev.writ.protocol.wire.ProofBundle;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.web3j.crypto.Credentials;
import org.web3j.crypto.Hash;
import org.web3j.utils.Numeric;
import picocli.CommandLine;

/** `writ verify --rpc` against a real anvil: PASS when the chain holds the signed root, FAIL when it holds another. */
class VerifyOnChainIT {
    @TempDir
    Path dir;

    private static String run(int expectedExit, String... args) {
        StringWriter out = new StringWriter();
        CommandLine cli = new CommandLine(new WritCommand());
        cli.setOut(new PrintWriter(out));
        cli.setErr(new PrintWriter(out));
        int exit = cli.execute(args);
        assertThat(exit).as(out.toString()).isEqualTo(expectedExit);
        return out.toString();
    }

    /**
     * Deploys a fresh EvidenceAnchor (the dev deployer is its admin), registers the domain's dev
     * anchorer and anchors the bundle's batches as that anchorer would, with filler batches before
     * them; {@code tamper} anchors other roots instead.
     */
    private static String anchor(DevChain dev, ProofBundle bundle, boolean tamper) throws Exception {
        String contract = new ContractDeployer(dev.client()).deploy(EvidenceAnchorContract.NAME, "", DevAccounts.deployer()).address();
        Credentials anchorer = dev.config().domain(bundle.getDomain()).anchorer().credentials();
        new EvidenceAnchorContract(dev.client(), contract).registerDomain(DevAccounts.deployer(), Bytes32.keccakOf(bundle.getDomain()),
                anchorer.getAddress());
        AnchorChain chain = new AnchorChain(dev.client(), contract, anchorer);
        long next = 0;
        long leaves = 0;
        for (var signed : bundle.getAnchorsList()) {
            AnchorBatch batch = AnchorBatch.parseFrom(signed.getBatch());
            for (; next <= batch.getBatchSeq(); next++) {
                boolean real = next == batch.getBatchSeq();
                long size = real ? batch.getTreeSize() : 1;
                String root = real && !tamper ? Numeric.toHexString(batch.getRoot().toByteArray())
                        : Numeric.toHexString(Hash.sha3(("filler-" + next + tamper).getBytes()));
                OutboxEntry entry = OutboxEntry.queued(bundle.getDomain(), next, leaves, leaves + size - 1, root, 0);
                chain.broadcast(chain.prepareAnchor(entry, chain.pendingNonce(), chain.suggestedFees()));
                long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
                while (chain.nextBatchSeq(bundle.getDomain()) <= next) {
                    assertThat(System.nanoTime()).as("batch " + next + " mined").isLessThan(deadline);
                    Thread.sleep(20);
                }
                leaves += size;
            }
        }
        return contract;
    }

    @Test
    void aBundleWhoseRootsAreOnChainVerifiesAndOneWithOtherRootsOnChainIsRefused() throws Exception {
        ExampleBundles.write(dir);
        Path fixture = dir.resolve("valid.json");
        // The fixture names a made-up chain anchor; a bundle exported before confirmation carries none,
        // and then --evidence-anchor says where to look.
        ProofBundle.Builder unanchored = BundleFiles.read(fixture).toBuilder();
        for (int i = 0; i < unanchored.getAnchorsCount(); i++) {
            unanchored.setAnchors(i, unanchored.getAnchors(i).toBuilder().clearAnchor());
        }
        ProofBundle bundle = unanchored.build();
        Path valid = dir.resolve("unanchored.json");
        BundleFiles.writeJson(bundle, valid);
        try (DevChain anvil = DevChain.start(DevChainOptions.of(dir.resolve("chain"), java.util.List.of(bundle.getDomain())).automine())) {
            String good = anchor(anvil, bundle, false);
            String keys = dir.resolve(ExampleBundles.KEYS).toString();
            String out = run(0, "verify", "--trusted-keys", keys, "--rpc", anvil.rpcUrl(), "--evidence-anchor", good, valid.toString());
            assertThat(out).contains("PASS anchors.onchain", "VERIFIED: every check performed and holds");

            String elsewhere = run(1, "verify", "--rpc", anvil.rpcUrl(), "--evidence-anchor", good, fixture.toString());
            assertThat(elsewhere).contains("FAIL anchors.onchain", "ANCHOR_INVALID");

            String forged = anchor(anvil, bundle, true);
            String refused = run(1, "verify", "--rpc", anvil.rpcUrl(), "--evidence-anchor", forged, valid.toString());
            assertThat(refused).contains("ANCHOR_INVALID");

            String offline = run(3, "verify", "--trusted-keys", keys, valid.toString());
            assertThat(offline).contains("SKIP anchors.onchain", "NOT VERIFIED");
        }
    }
}

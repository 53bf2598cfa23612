package dev.writ.verifierjs;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.ByteString;
import dev.writ.contracts.chain.Bytes32;
import dev.writ.contracts.chain.EvidenceAnchorContract;
import dev.writ.contracts.devchain.DevChain;
import dev.writ.contracts.devchain.DevChainOptions;
import dev.writ.protocol.bundle.BundleFiles;
import dev.writ.protocol.crypto.KeyEncoding;
import dev.writ.protocol.testing.StoryFixture;
import dev.writ.protocol.wire.AnchorBatch;
import dev.writ.protocol.wire.ChainAnchor;
import dev.writ.protocol.wire.ProofBundle;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import dev.writ.verifierjs.CrossCheck.Run;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.web3j.protocol.core.methods.response.TransactionReceipt;
import org.web3j.utils.Numeric;

/**
 * `--rpc` against a real anvil (the dev chain with EvidenceAnchor deployed): writ-verify and
 * `writ verify` must agree on a bundle whose batch is not on chain yet (or could never be: 2^63), on one whose batch is (with
 * and without its chain anchor, with the contract pinned or not), and on each way its chain anchor
 * can lie (block, transaction, chain id, another root at the same batch).
 */
class VerifyOnChainCrossCheckIT {
    @TempDir
    Path dir;

    @Test
    void bothVerifiersGiveTheSameVerdictAgainstTheChain() throws Exception {
        StoryFixture story = new StoryFixture();
        ProofBundle bundle = story.bundle();
        String domain = bundle.getDomain();
        Path keys = dir.resolve("domain.jwks.json");
        Files.writeString(keys, "{\"keys\":[" + KeyEncoding.toJwk(story.nodeKey().verifyingKey()).toJSONString() + "]}\n");
        ProofBundle unanchored = withAnchor(bundle, null);
        try (DevChain chain = DevChain.start(DevChainOptions.of(dir.resolve("chain"), List.of(domain)).automine())) {
            String rpc = chain.rpcUrl();
            String contract = chain.config().contract(EvidenceAnchorContract.NAME);
            List<Run> runs = new ArrayList<>();
            runs.add(new Run("not on chain yet", List.of("--rpc", rpc, "--evidence-anchor", contract,
                    write("not-yet.json", unanchored).toString())));
            AnchorBatch signedBatch = AnchorBatch.parseFrom(unanchored.getAnchors(0).getBatch());
            runs.add(new Run("batch 2^63, beyond a long", List.of("--rpc", rpc, "--evidence-anchor", contract,
                    write("beyond-a-long.json", unanchored.toBuilder().setAnchors(0, unanchored.getAnchors(0).toBuilder()
                            .setBatch(signedBatch.toBuilder().setBatchSeq(Long.MIN_VALUE).build().toByteString())).build())
                            .toString())));
            CrossCheck.assertSameOutcomes(runs, dir);

            AnchorBatch batch = AnchorBatch.parseFrom(bundle.getAnchors(0).getBatch());
            TransactionReceipt receipt = new EvidenceAnchorContract(chain.client(), contract).anchor(
                    chain.config().domain(domain).anchorer().credentials(), Bytes32.keccakOf(domain), batch.getBatchSeq(), 0,
                    batch.getTreeSize() - 1, new Bytes32(batch.getRoot().toByteArray()));
            ChainAnchor anchored = ChainAnchor.newBuilder().setChainId(chain.chainId()).setContractAddress(contract)
                    .setTxHash(ByteString.copyFrom(Numeric.hexStringToByteArray(receipt.getTransactionHash())))
                    .setBlockNumber(receipt.getBlockNumber().longValueExact()).build();

            runs.clear();
            Path verified = write("anchored.json", withAnchor(bundle, anchored));
            runs.add(new Run("anchored, pinned", List.of("--trusted-keys", keys.toString(), "--rpc", rpc, "--evidence-anchor", contract,
                    verified.toString())));
            runs.add(new Run("anchored, contract the bundle names", List.of("--rpc", rpc, verified.toString())));
            runs.add(new Run("unanchored, pinned", List.of("--trusted-keys", keys.toString(), "--rpc", rpc, "--evidence-anchor",
                    contract, write("unanchored.json", unanchored).toString())));
            runs.add(new Run("unanchored, no contract", List.of("--rpc", rpc, dir.resolve("unanchored.json").toString())));
            runs.add(new Run("another block", List.of("--rpc", rpc, "--evidence-anchor", contract, write("block.json",
                    withAnchor(bundle, anchored.toBuilder().setBlockNumber(anchored.getBlockNumber() + 1).build())).toString())));
            runs.add(new Run("another transaction", List.of("--rpc", rpc, "--evidence-anchor", contract, write("tx.json",
                    withAnchor(bundle, anchored.toBuilder().setTxHash(ByteString.copyFrom(new byte[32])).build())).toString())));
            runs.add(new Run("another chain", List.of("--rpc", rpc, write("chain-id.json",
                    withAnchor(bundle, anchored.toBuilder().setChainId(1).build())).toString())));
            runs.add(new Run("another root at that batch", List.of("--rpc", rpc, "--evidence-anchor", contract,
                    write("other-root.json", withAnchor(new StoryFixture().bundle(), anchored)).toString())));
            List<Outcome> js = CrossCheck.assertSameOutcomes(runs, dir);
            assertThat(js.get(0).exit()).as("the anchored bundle, keys and contract pinned: %s", js.get(0)).isZero();
        }
    }

    private static ProofBundle withAnchor(ProofBundle bundle, ChainAnchor anchor) {
        ProofBundle.Builder out = bundle.toBuilder();
        for (int i = 0; i < out.getAnchorsCount(); i++) {
            out.setAnchors(i, anchor == null ? out.getAnchors(i).toBuilder().clearAnchor() : out.getAnchors(i).toBuilder().setAnchor(anchor));
        }
        return out.build();
    }

    private Path write(String name, ProofBundle bundle) throws java.io.IOException {
        Path file = dir.resolve(name);
        BundleFiles.writeJson(bundle, file);
        return file;
    }
}

package dev.writ.verifierjs;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.ByteString;
import dev.writ.contracts.chain.AgentRegistryContract;
import dev.writ.contracts.chain.Bytes32;
import dev.writ.contracts.chain.ContractDeployer;
import dev.writ.contracts.chain.EvidenceAnchorContract;
import dev.writ.contracts.devchain.DevAccounts;
import dev.writ.contracts.devchain.DevChain;
import dev.writ.contracts.devchain.DevChainOptions;
import dev.writ.protocol.bundle.BundleFiles;
import dev.writ.protocol.bundle.DomainKeys;
import dev.writ.protocol.bundle.StoryManifests;
import dev.writ.protocol.crypto.SigningKey;
import dev.writ.protocol.testing.StoryFixture;
import dev.writ.protocol.wire.AnchorBatch;
import dev.writ.protocol.wire.ChainAnchor;
import dev.writ.protocol.wire.ProofBundle;
import dev.writ.protocol.wire.StoryManifest;
import dev.writ.verifierjs.CrossCheck.Run;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.web3j.crypto.Credentials;
import org.web3j.protocol.core.methods.response.TransactionReceipt;
import org.web3j.utils.Numeric;

/**
 * `--rpc --agent-registry` on a real anvil, a domain's node key revoked on chain between two
 * verifications: a bundle whose records that key signed were anchored before the revocation is
 * verified before and after it; one whose manifest the key signed, or whose records were anchored
 * only after the revocation, is refused once it is revoked. writ-verify and `writ verify` agree on each.
 */
class RevokedKeyWindowIT {
    private static final long UNTIL_2100 = 4_102_444_800L;

    @TempDir
    Path dir;

    @Test
    void aRevokedKeyCountsOnlyForWhatWasAnchoredBeforeItsRevocation() throws Exception {
        SigningKey revoked = SigningKey.generate();
        SigningKey current = SigningKey.generate();
        StoryFixture story = new StoryFixture(revoked);
        String domain = story.bundle().getDomain();
        try (DevChain chain = DevChain.start(DevChainOptions.of(dir.resolve("chain"), List.of(domain)).automine())) {
            String rpc = chain.rpcUrl();
            String registry = chain.config().contract(AgentRegistryContract.NAME);
            Credentials admin = chain.config().domain(domain).admin().credentials();
            AgentRegistryContract agents = new AgentRegistryContract(chain.client(), registry);
            for (SigningKey key : List.of(revoked, current)) {
                agents.addKey(admin, Bytes32.keccakOf(domain), new Bytes32(key.verifyingKey().id().bytes()),
                        new Bytes32(key.verifyingKey().raw()), 0, UNTIL_2100);
            }
            String anchorContract = chain.config().contract(EvidenceAnchorContract.NAME);
            ChainAnchor before = anchor(chain, anchorContract, story.bundle());
            // The records and batch are the revoked key's; the manifest the current key's, as a re-export signs it.
            Path earlier = write("anchored-before.json", withManifestBy(current, withAnchor(story.bundle(), before)));
            Path manifestByRevoked = write("manifest-by-revoked-key.json", withAnchor(story.bundle(), before));

            List<Run> beforeRevocation = List.of(run("anchored, key not yet revoked", anchorContract, registry, rpc, earlier),
                    run("manifest by the key, not yet revoked", anchorContract, registry, rpc, manifestByRevoked));
            List<Outcome> js = CrossCheck.assertSameOutcomes(beforeRevocation, dir);
            assertThat(js).extracting(Outcome::exit).as("%s", js).containsExactly(0, 0);

            TransactionReceipt revocation = agents.revokeKey(admin, Bytes32.keccakOf(domain),
                    new Bytes32(revoked.verifyingKey().id().bytes()), "key compromised");
            assertThat(agents.keyRevokedInBlock(Bytes32.keccakOf(domain), new Bytes32(revoked.verifyingKey().id().bytes())))
                    .hasValue(revocation.getBlockNumber().longValueExact());

            // Another story, signed with the revoked key and anchored only after its revocation (in a second EvidenceAnchor).
            StoryFixture late = new StoryFixture(revoked, true);
            String lateContract = new ContractDeployer(chain.client())
                    .deploy(EvidenceAnchorContract.NAME, "", DevAccounts.deployer()).address();
            new EvidenceAnchorContract(chain.client(), lateContract).registerDomain(DevAccounts.deployer(),
                    Bytes32.keccakOf(domain), chain.config().domain(domain).anchorer().address());
            ChainAnchor after = anchor(chain, lateContract, late.bundle());
            assertThat(after.getBlockNumber()).isGreaterThan(revocation.getBlockNumber().longValueExact());
            Path anchoredLate = write("anchored-after.json", withManifestBy(current, withAnchor(late.bundle(), after)));

            List<Run> afterRevocation = new ArrayList<>(List.of(
                    run("anchored before the revocation", anchorContract, registry, rpc, earlier),
                    run("manifest by the revoked key", anchorContract, registry, rpc, manifestByRevoked),
                    run("anchored after the revocation", lateContract, registry, rpc, anchoredLate)));
            js = CrossCheck.assertSameOutcomes(afterRevocation, dir);
            assertThat(js).extracting(Outcome::exit).as("%s", js).containsExactly(0, 1, 1);
            assertThat(js.get(1).verdict()).contains("keys.trusted:FAIL");
            assertThat(js.get(2).verdict()).contains("keys.trusted:FAIL");
        }
    }

    private static Run run(String what, String evidenceAnchor, String registry, String rpc, Path bundle) {
        return new Run(what, List.of("--rpc", rpc, "--evidence-anchor", evidenceAnchor, "--agent-registry", registry,
                bundle.toString()));
    }

    /** Anchors the bundle's one batch as the domain's anchorer would; where it is on chain. */
    private static ChainAnchor anchor(DevChain chain, String contract, ProofBundle bundle) throws Exception {
        String domain = bundle.getDomain();
        AnchorBatch batch = AnchorBatch.parseFrom(bundle.getAnchors(0).getBatch());
        TransactionReceipt receipt = new EvidenceAnchorContract(chain.client(), contract).anchor(
                chain.config().domain(domain).anchorer().credentials(), Bytes32.keccakOf(domain), batch.getBatchSeq(), 0,
                batch.getTreeSize() - 1, new Bytes32(batch.getRoot().toByteArray()));
        return ChainAnchor.newBuilder().setChainId(chain.chainId()).setContractAddress(contract)
                .setTxHash(ByteString.copyFrom(Numeric.hexStringToByteArray(receipt.getTransactionHash())))
                .setBlockNumber(receipt.getBlockNumber().longValueExact()).build();
    }

    private static ProofBundle withAnchor(ProofBundle bundle, ChainAnchor anchor) {
        ProofBundle.Builder out = bundle.toBuilder();
        for (int i = 0; i < out.getAnchorsCount(); i++) {
            out.setAnchors(i, out.getAnchors(i).toBuilder().setAnchor(anchor));
        }
        return out.build();
    }

    /** The same story, its manifest sealed again by {@code key}, which the bundle lists beside the others. */
    private static ProofBundle withManifestBy(SigningKey key, ProofBundle bundle) throws Exception {
        StoryManifest manifest = StoryManifest.parseFrom(bundle.getManifest().getManifest());
        return bundle.toBuilder().addKeys(DomainKeys.toWire(key.verifyingKey(), "node"))
                .setManifest(StoryManifests.seal(key, manifest.getDomain(), manifest.getJti(), manifest.getRecordHashesList()
                        .stream().map(ByteString::toByteArray).toList(), manifest.getExportedAtMillis())).build();
    }

    private Path write(String name, ProofBundle bundle) throws java.io.IOException {
        Path file = dir.resolve(name);
        BundleFiles.writeJson(bundle, file);
        return file;
    }
}

package dev.writ.authority.governance;

import dev.writ.contracts.chain.AbiType;
import dev.writ.contracts.chain.AbiValue;
import dev.writ.contracts.chain.ContractDeployer;
import dev.writ.contracts.chain.ContractRevert;
import dev.writ.contracts.chain.PolicyRegistryAbi;
import dev.writ.contracts.devchain.DevAccounts;
import dev.writ.contracts.devchain.DevChain;
import dev.writ.contracts.devchain.PolicyRegistryDeployment;
import dev.writ.policy.PolicySet;
import dev.writ.policy.chain.PolicyDocumentCodec;
import dev.writ.policy.chain.RandomPolicies;
import dev.writ.policy.chain.TestChains;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.web3j.crypto.Credentials;
import org.web3j.crypto.Hash;
import org.web3j.protocol.core.methods.response.Log;
import org.web3j.protocol.core.methods.response.TransactionReceipt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The PolicyRegistry's multisig and timelock on a real anvil: 2 of 3 owners, one hour delay. */
class PolicyRegistryGovernanceIT {
    private static final Duration DELAY = Duration.ofHours(1);
    private static final PolicyRegistryDeployment TWO_OF_THREE = new PolicyRegistryDeployment(3, 2, DELAY);
    @TempDir
    static Path workDir;
    private static DevChain chain;

    private String registry;
    private PolicyGovernance alice;
    private PolicyGovernance bob;
    private PolicyGovernance carol;
    private PolicyGovernance mallory;

    @BeforeAll
    static void startChain() {
        chain = TestChains.withRegistry(workDir, TWO_OF_THREE);
    }

    @AfterAll
    static void stopChain() {
        chain.close();
    }

    /** A fresh registry per test, so changes and versions of one test do not meet another's. */
    @BeforeEach
    void deployRegistry() {
        String args = org.web3j.abi.FunctionEncoder.encodeConstructor(List.of(
                new org.web3j.abi.datatypes.DynamicArray<>(org.web3j.abi.datatypes.Address.class,
                        TWO_OF_THREE.owners(0).stream().map(c -> new org.web3j.abi.datatypes.Address(c.getAddress())).toList()),
                new org.web3j.abi.datatypes.generated.Uint256(2), new org.web3j.abi.datatypes.generated.Uint256(DELAY.toSeconds())));
        registry = new ContractDeployer(chain.client()).deploy(PolicyRegistryDeployment.NAME, args, DevAccounts.deployer()).address();
        List<Credentials> owners = TWO_OF_THREE.owners(0);
        alice = owner(owners.get(0));
        bob = owner(owners.get(1));
        carol = owner(owners.get(2));
        mallory = owner(DevAccounts.deployer());
    }

    private PolicyGovernance owner(Credentials credentials) {
        return new PolicyGovernance(chain.client(), registry, credentials);
    }

    private static PolicySet policy(long version) {
        PolicySet random = new RandomPolicies(version, true).policy();
        return PolicySet.of(random.domain(), version, random.minimumWritVersion(), random.rules());
    }

    @Test
    void executingWithOnlyTheProposersApprovalIsRefused() throws Exception {
        BigInteger id = alice.propose(policy(1));
        TestChains.advance(chain, DELAY.toSeconds());
        assertRefused(() -> alice.execute(id), "ThresholdNotMet");
    }

    @Test
    void executingBeforeTheTimelockRunsOutIsRefused() throws Exception {
        BigInteger id = alice.propose(policy(1));
        bob.approve(id);
        assertRefused(() -> carol.execute(id), "TimelockActive");
    }

    @Test
    void aNonOwnerCanNeitherProposeNorApproveNorCancel() throws Exception {
        assertRefused(() -> mallory.propose(policy(1)), "NotOwner");
        BigInteger id = alice.propose(policy(1));
        assertRefused(() -> mallory.approve(id), "NotOwner");
        assertRefused(() -> mallory.cancel(id), "NotOwner");
    }

    @Test
    void anOwnerApprovesOnceAndTheProposerHasApprovedAlready() throws Exception {
        BigInteger id = alice.propose(policy(1));
        assertRefused(() -> alice.approve(id), "AlreadyApproved");
        bob.approve(id);
        assertRefused(() -> bob.approve(id), "AlreadyApproved");
        assertThat(alice.change(id).approvals()).isEqualTo(2);
    }

    @Test
    void aCancelledChangeCanNoLongerBeApprovedOrExecuted() throws Exception {
        BigInteger id = alice.propose(policy(1));
        bob.approve(id);
        TransactionReceipt cancelled = carol.cancel(id);
        assertThat(topics(cancelled, "ChangeCancelled(uint256,address)")).hasSize(1);
        TestChains.advance(chain, DELAY.toSeconds());
        assertRefused(() -> alice.execute(id), "ChangeClosed");
        assertRefused(() -> carol.approve(id), "ChangeClosed");
        assertThat(alice.change(id).cancelled()).isTrue();
    }

    @Test
    void aChangeInForceRaisesTheEpochAndEmitsPolicyChanged() throws Exception {
        PolicySet v1 = policy(1);
        BigInteger first = alice.propose(v1);
        bob.approve(first);
        TestChains.advance(chain, DELAY.toSeconds());
        TransactionReceipt executed = carol.execute(first);
        List<Log> changed = topics(executed, "PolicyChanged(bytes32,uint64,uint64,bytes32)");
        assertThat(changed).hasSize(1);
        List<AbiValue> data = PolicyRegistryAbi.result(AbiType.tuple(AbiType.WORD, AbiType.WORD, AbiType.WORD), changed.get(0).getData());
        assertThat(data.get(0)).isEqualTo(AbiValue.Word.of(1));  // version
        assertThat(data.get(1)).isEqualTo(AbiValue.Word.of(1));  // epoch
        assertThat(data.get(2)).isEqualTo(PolicyRegistryAbi.word(v1.rulesHash()));
        assertRefused(() -> carol.execute(first), "ChangeClosed");

        BigInteger second = bob.propose(policy(2));
        carol.approve(second);
        TestChains.advance(chain, DELAY.toSeconds());
        List<Log> again = topics(alice.execute(second), "PolicyChanged(bytes32,uint64,uint64,bytes32)");
        List<AbiValue> data2 = PolicyRegistryAbi.result(AbiType.tuple(AbiType.WORD, AbiType.WORD, AbiType.WORD), again.get(0).getData());
        assertThat(data2.get(1)).isEqualTo(AbiValue.Word.of(2));
    }

    @Test
    void aVersionThatDoesNotIncreaseIsRefusedAtExecution() throws Exception {
        BigInteger v5 = alice.propose(policy(5));
        BigInteger v5again = alice.propose(policy(5));
        BigInteger v4 = alice.propose(policy(4));
        for (BigInteger id : List.of(v5, v5again, v4)) {
            bob.approve(id);
        }
        TestChains.advance(chain, DELAY.toSeconds());
        alice.execute(v5);
        assertRefused(() -> alice.execute(v5again), "VersionNotIncreasing");
        assertRefused(() -> alice.execute(v4), "VersionNotIncreasing");
    }

    @Test
    void proposingAnnouncesTheChangeWithItsTimelock() throws Exception {
        PolicySet set = policy(3);
        BigInteger id = alice.propose(set);
        PolicyGovernance.Change change = alice.change(id);
        assertThat(change.version()).isEqualTo(3);
        assertThat(change.rulesHash()).isEqualTo(set.rulesHash());
        assertThat(change.domainId()).isEqualTo(PolicyRegistryAbi.domainId(set.domain()));
        assertThat(PolicyDocumentCodec.decode(change.document())).isEqualTo(set);
        long latest = chain.client().web3j().ethGetBlockByNumber(org.web3j.protocol.core.DefaultBlockParameterName.LATEST, false)
                .send().getBlock().getTimestamp().longValueExact();
        assertThat(change.eta()).isEqualTo(latest + DELAY.toSeconds());
    }

    private static List<Log> topics(TransactionReceipt receipt, String event) {
        String topic = org.web3j.utils.Numeric.toHexString(Hash.sha3(event.getBytes(StandardCharsets.UTF_8)));
        return receipt.getLogs().stream().filter(l -> l.getTopics().get(0).equalsIgnoreCase(topic)).toList();
    }

    private static void assertRefused(org.assertj.core.api.ThrowableAssert.ThrowingCallable step, String error) {
        assertThatThrownBy(step).isInstanceOfSatisfying(ContractRevert.class,
                e -> assertThat(e.error()).isEqualTo(error));
    }
}

package dev.writ.node.policy.chain;

import dev.writ.authority.governance.PolicyGovernance;
import dev.writ.contracts.chain.PolicyRegistryAbi;
import dev.writ.contracts.devchain.DevChain;
import dev.writ.contracts.devchain.PolicyRegistryDeployment;
import dev.writ.node.policy.PolicyUnavailableException;
import dev.writ.policy.PolicySet;
import dev.writ.policy.PolicySnapshot;
import dev.writ.policy.chain.PolicyDocumentCodec;
import dev.writ.policy.chain.RandomPolicies;
import dev.writ.policy.chain.TestChains;
import java.math.BigInteger;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.web3j.crypto.Credentials;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** A node's policy read from the PolicyRegistry on a real anvil, changed through the multisig. */
class ChainPolicySourceIT {
    private static final PolicyRegistryDeployment TWO_OF_TWO = new PolicyRegistryDeployment(2, 2, Duration.ofMinutes(10));
    private static final Duration CHECK = Duration.ofSeconds(1);
    private static final Duration MAX_STALENESS = Duration.ofMinutes(10);

    @TempDir
    Path workDir;
    private DevChain chain;
    private String registry;
    private PolicyGovernance alice;
    private PolicyGovernance bob;
    private final AtomicLong nanos = new AtomicLong();

    @BeforeEach
    void deploy() {
        chain = TestChains.withRegistry(workDir, TWO_OF_TWO);
        registry = TestChains.registryAddress(chain);
        List<Credentials> owners = TWO_OF_TWO.owners(0);
        alice = new PolicyGovernance(chain.client(), registry, owners.get(0));
        bob = new PolicyGovernance(chain.client(), registry, owners.get(1));
    }

    @AfterEach
    void stop() {
        chain.close();
    }

    private ChainPolicySource source() {
        return new ChainPolicySource(chain.client(), registry, RandomPolicies.DOMAIN, CHECK, MAX_STALENESS, nanos::get);
    }

    /** The check interval passes, and the node's scheduler polls the source. */
    private void nextCheck(ChainPolicySource source) {
        nanos.addAndGet(CHECK.toNanos());
        source.poll();
    }

    private static PolicySet policy(long version) {
        PolicySet random = new RandomPolicies(version, false).policy();
        return PolicySet.of(random.domain(), version, random.minimumWritVersion(), random.rules());
    }

    private void enact(BigInteger changeId) throws Exception {
        bob.approve(changeId);
        TestChains.advance(chain, 600);
        alice.execute(changeId);
    }

    @Test
    void aDomainWithoutPolicyOnChainIsRefused() {
        ChainPolicySource source = source();
        assertThatThrownBy(source::current).isInstanceOf(PolicyUnavailableException.class).hasMessageContaining("no policy");
        assertThat(source.lastError()).isPresent();
    }

    @Test
    void thePolicyInForceIsServedWithItsEpochAndAnExecutedChangeReplacesIt() throws Exception {
        PolicySet v1 = policy(1);
        enact(alice.propose(v1));
        ChainPolicySource source = source();
        PolicySnapshot first = source.current();
        assertThat(first.set()).isEqualTo(v1);
        assertThat(first.epoch().getContractAddress()).isEqualTo(registry);
        assertThat(first.epoch().getVersion()).isEqualTo(1);
        assertThat(first.epoch().getBlockNumber()).isPositive();
        assertThat(first.epoch().getRulesHash().toByteArray()).isEqualTo(v1.rulesHash());
        assertThat(source.lastError()).isEmpty();

        PolicySet v2 = policy(2);
        BigInteger change = alice.propose(v2);
        nextCheck(source);
        assertThat(source.current().set()).as("a proposed change is not in force").isEqualTo(v1);
        enact(change);
        source.poll();
        assertThat(source.current().set()).as("not looked at before the check interval").isEqualTo(v1);
        nextCheck(source);
        PolicySnapshot second = source.current();
        assertThat(second.set()).isEqualTo(v2);
        assertThat(second.epoch().getBlockNumber()).isGreaterThan(first.epoch().getBlockNumber());
    }

    @Test
    void aDocumentWhoseHashDiffersFromTheRegisteredHashIsRefusedEvenWithAGoodPolicyBefore() throws Exception {
        enact(alice.propose(policy(1)));
        ChainPolicySource source = source();
        assertThat(source.current().set().version()).isEqualTo(1);
        PolicySet v2 = policy(2);
        byte[] wrongHash = policy(3).rulesHash();
        enact(alice.proposeDocument(PolicyRegistryAbi.domainId(v2.domain()), PolicyDocumentCodec.encode(v2), wrongHash));
        nextCheck(source);
        assertThatThrownBy(source::current).isInstanceOf(PolicyUnavailableException.class).hasMessageContaining("hashes to");
        assertThat(source.servedFromCache()).isEmpty();
    }

    @Test
    void anUnreachableChainServesTheLastGoodPolicyFromCacheAndSaysSo() throws Exception {
        PolicySet v1 = policy(1);
        enact(alice.propose(v1));
        ChainPolicySource source = source();
        PolicySnapshot served = source.current();
        long block = chain.client().blockNumber();
        chain.kill();
        nextCheck(source);
        assertThat(source.current()).isSameAs(served);
        assertThat(source.servedFromCache()).hasValueSatisfying(cached -> {
            assertThat(cached.readAtBlock()).isEqualTo(block);
            assertThat(cached.snapshot()).isSameAs(served);
            assertThat(cached.reason()).contains("RPC_UNREACHABLE");
        });
        assertThat(source.lastError()).isPresent();
    }

    @Test
    void theCachedPolicyIsRefusedOnceItIsOlderThanTheMaximumStaleness() throws Exception {
        enact(alice.propose(policy(1)));
        ChainPolicySource source = source();
        PolicySnapshot served = source.current();
        chain.kill();
        nextCheck(source);
        assertThat(source.current()).as("served from cache within the bound").isSameAs(served);
        nanos.addAndGet(MAX_STALENESS.toNanos());
        assertThatThrownBy(source::current).isInstanceOf(PolicyUnavailableException.class)
                .hasMessageContaining("max-staleness");
        assertThat(source.lastError()).isPresent();
    }
}

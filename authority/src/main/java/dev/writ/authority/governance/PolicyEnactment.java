package dev.writ.authority.governance;

import dev.writ.contracts.chain.ChainClient;
import dev.writ.contracts.chain.ChainException;
import dev.writ.contracts.chain.ContractRevert;
import dev.writ.contracts.chain.PolicyDocumentException;
import dev.writ.policy.PolicySet;
import java.math.BigInteger;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import org.web3j.crypto.Credentials;
import org.web3j.protocol.core.DefaultBlockParameterName;

/**
 * Walks one policy change through the registry's governance as its owners would: the first owner
 * proposes, the next ones approve until the threshold is met, then, once a block past the timelock's
 * eta is mined, the change is executed. Nothing is skipped: the delay is waited out on the chain's
 * own clock, so what a demo or a test shows is what an operator gets.
 */
public final class PolicyEnactment {
    private static final Duration POLL = Duration.ofMillis(250);

    private final ChainClient chain;
    private final String registry;
    private final List<Credentials> owners;
    private final Duration timeout;

    /**
     * @param owners  the owners who take part, proposer first; as many as the threshold needs
     * @param timeout how long to wait for the timelock before giving up
     */
    public PolicyEnactment(ChainClient chain, String registryAddress, List<Credentials> owners, Duration timeout) {
        this.chain = Objects.requireNonNull(chain, "chain");
        this.registry = Objects.requireNonNull(registryAddress, "registryAddress");
        this.owners = List.copyOf(owners);
        this.timeout = Objects.requireNonNull(timeout, "timeout");
        if (this.owners.isEmpty()) {
            throw new IllegalArgumentException("a change needs at least its proposer");
        }
    }

    /** A change as the registry holds it once executed, and the block its execution was mined in. */
    public record Executed(PolicyGovernance.Change change, long block) {
    }

    /** The executed change; {@link ContractRevert} names the rule the chain refused it by. */
    public PolicyGovernance.Change enact(PolicySet set) throws PolicyDocumentException, InterruptedException {
        return enactExecuted(set).change();
    }

    /**
     * As {@link #enact}, with the block the execution was mined in: from that block on the new
     * version is in force, which is what a caller timing the nodes' pick-up needs.
     */
    public Executed enactExecuted(PolicySet set) throws PolicyDocumentException, InterruptedException {
        BigInteger id = new PolicyGovernance(chain, registry, owners.get(0)).propose(set);
        for (Credentials owner : owners.subList(1, owners.size())) {
            new PolicyGovernance(chain, registry, owner).approve(id);
        }
        PolicyGovernance proposer = new PolicyGovernance(chain, registry, owners.get(0));
        awaitChainTime(proposer.change(id).eta());
        long block = proposer.execute(id).getBlockNumber().longValueExact();
        return new Executed(proposer.change(id), block);
    }

    /** Waits until the latest block's timestamp has reached {@code eta} (seconds). */
    private void awaitChainTime(long eta) throws InterruptedException {
        Instant deadline = Instant.now().plus(timeout);
        while (latestBlockTime() < eta) {
            if (Instant.now().isAfter(deadline)) {
                throw new ChainException(ChainException.Code.RECEIPT_TIMEOUT,
                        "the chain did not reach the timelock's eta " + eta + " within " + timeout);
            }
            Thread.sleep(POLL.toMillis());
        }
    }

    private long latestBlockTime() {
        try {
            return chain.web3j().ethGetBlockByNumber(DefaultBlockParameterName.LATEST, false).send()
                    .getBlock().getTimestamp().longValueExact();
        } catch (java.io.IOException e) {
            throw new ChainException(ChainException.Code.RPC_UNREACHABLE, "cannot read the latest block: " + e.getMessage(), e);
        }
    }
}

package dev.writ.node.policy.chain;

import com.google.protobuf.ByteString;
import dev.writ.contracts.chain.AbiValue;
import dev.writ.contracts.chain.ChainClient;
import dev.writ.contracts.chain.ChainException;
import dev.writ.contracts.chain.PolicyDocumentException;
import dev.writ.contracts.chain.PolicyRegistryAbi;
import dev.writ.node.policy.PolicySource;
import dev.writ.node.policy.PolicyUnavailableException;
import dev.writ.node.policy.PollSchedule;
import dev.writ.policy.PolicySet;
import dev.writ.policy.PolicySnapshot;
import dev.writ.policy.chain.PolicyDocumentCodec;
import dev.writ.protocol.wire.PolicyEpoch;
import java.math.BigInteger;
import java.time.Duration;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.web3j.protocol.core.DefaultBlockParameter;

/**
 * The policy in force as the PolicyRegistry holds it: {@code policy(keccak256(domain))} read by
 * eth_call at the newest block, looked at no more often than every {@code checkInterval}, decoded
 * only when the block moved and the registry's (version, rules hash, changed-at block) changed.
 *
 * <p>Fail closed on a bad chain answer: a document that does not decode, is for another domain,
 * or whose canonical rules hash differs from the hash the registry stores is refused, and so is
 * a domain without policy — {@link #current()} throws until the chain holds a good one, even when
 * an older good snapshot exists (that policy is no longer in force). An unreachable chain is
 * different: nothing says the policy changed, so the last good snapshot keeps serving, marked
 * {@link #servedFromCache() served from cache} with the block it was read at, which the health
 * monitor reports as DEGRADED.
 *
 * <p>The epoch is (registry address, version, block the change was executed in, rules hash): the
 * same on every node that reads the same policy, whatever block each read it at.
 */
public final class ChainPolicySource implements PolicySource {
    private static final Logger log = LoggerFactory.getLogger(ChainPolicySource.class);

    /** The last good snapshot is being served because the chain cannot be read. */
    public record CachedPolicy(PolicySnapshot snapshot, long readAtBlock, String reason) {
    }

    private sealed interface State {
    }

    private record Good(PolicySnapshot snapshot, long readAtBlock, long readAtNanos) implements State {
    }

    private record Stale(PolicySnapshot snapshot, long readAtBlock, long readAtNanos, String reason) implements State {
    }

    private record Refused(String reason) implements State {
    }

    private final ChainClient chain;
    private final String registry;
    private final String domain;
    private final byte[] domainId;
    private final PollSchedule schedule;
    private final Duration maxStaleness;
    private final LongSupplier nanoClock;

    private volatile State state;

    /**
     * @param maxStaleness how long the last good policy is served while the chain cannot be read;
     *                     after that the source refuses (POLICY_UNAVAILABLE, and the node is FAILED)
     */
    public ChainPolicySource(ChainClient chain, String registryAddress, String domain, Duration checkInterval,
                             Duration maxStaleness) {
        this(chain, registryAddress, domain, checkInterval, maxStaleness, System::nanoTime);
    }

    /** With an explicit monotonic clock (nanoseconds), so tests decide when the chain is looked at. */
    public ChainPolicySource(ChainClient chain, String registryAddress, String domain, Duration checkInterval,
                             Duration maxStaleness, LongSupplier nanoClock) {
        this.maxStaleness = Objects.requireNonNull(maxStaleness, "maxStaleness");
        this.chain = Objects.requireNonNull(chain, "chain");
        this.registry = Objects.requireNonNull(registryAddress, "registryAddress");
        this.domain = Objects.requireNonNull(domain, "domain");
        this.domainId = PolicyRegistryAbi.domainId(domain);
        this.nanoClock = Objects.requireNonNull(nanoClock, "nanoClock");
        this.state = new Refused("policy of " + domain + " not read yet from registry " + registry);
        this.schedule = new PollSchedule(checkInterval, nanoClock, true);
        poll();
        if (state instanceof Refused refused) {
            log.warn("No policy in force for {} at start: {}; admission refuses until the registry serves one", domain, refused.reason());
        }
    }

    @Override
    public PolicySnapshot current() throws PolicyUnavailableException {
        State s = state;
        if (s instanceof Good good) {
            return good.snapshot();
        }
        if (s instanceof Stale stale) {
            long servedNanos = nanoClock.getAsLong() - stale.readAtNanos();
            if (servedNanos > maxStaleness.toNanos()) {
                throw new PolicyUnavailableException(stale.reason() + "; that copy is " + servedNanos / 1_000_000
                        + " ms old, more than writ.policy.chain.max-staleness (" + maxStaleness + "): refusing until"
                        + " the chain answers");
            }
            return stale.snapshot();
        }
        throw new PolicyUnavailableException(((Refused) s).reason());
    }

    @Override
    public Optional<String> lastError() {
        State s = state;
        if (s instanceof Stale stale) {
            return Optional.of(stale.reason());
        }
        if (s instanceof Refused refused) {
            return Optional.of(refused.reason());
        }
        return Optional.empty();
    }

    /** The snapshot being served from cache while the chain is unreachable; empty when it is current. */
    public Optional<CachedPolicy> servedFromCache() {
        return state instanceof Stale stale
                ? Optional.of(new CachedPolicy(stale.snapshot(), stale.readAtBlock(), stale.reason()))
                : Optional.empty();
    }

    public String registryAddress() {
        return registry;
    }

    @Override
    public Duration checkInterval() {
        return schedule.interval();
    }

    @Override
    public void poll() {
        schedule.runIfDue(this::refresh);
    }

    private void refresh() {
        State before = state;
        state = read(before);
        boolean newPolicy = state instanceof Good now && before instanceof Good was && now.snapshot() != was.snapshot();
        if (newPolicy || !state.getClass().equals(before.getClass())) {
            log(state);
        }
    }

    private State read(State before) {
        long nanos = nanoClock.getAsLong();
        long block;
        List<AbiValue> policy;
        try {
            block = chain.blockNumber();
            if (before instanceof Good good && good.readAtBlock() == block) {
                return new Good(good.snapshot(), block, nanos); // confirmed again now
            }
            String result = chain.call(registry, PolicyRegistryAbi.call("policy(bytes32)", PolicyRegistryAbi.word(domainId)),
                    PolicyRegistryAbi.ERRORS, DefaultBlockParameter.valueOf(BigInteger.valueOf(block)));
            policy = PolicyRegistryAbi.result(PolicyRegistryAbi.POLICY_RESULT, result);
        } catch (ChainException e) {
            if (e.code() == ChainException.Code.REVERTED) {
                return new Refused("registry " + registry + " refused policy(" + domain + "): " + e.getMessage());
            }
            return unreachable(before, "chain RPC failed: " + e.getMessage());
        } catch (PolicyDocumentException e) {
            return new Refused("registry " + registry + " answered policy(" + domain + ") with malformed data: " + e.getMessage());
        }
        return interpret(before, block, nanos, policy);
    }

    private State interpret(State before, long block, long nanos, List<AbiValue> policy) {
        long version = word(policy.get(0)).longValueExact();
        long epoch = word(policy.get(1)).longValueExact();
        byte[] rulesHash = Arrays.copyOfRange(padded(word(policy.get(2))), 0, 32);
        byte[] document = ((AbiValue.Bytes) policy.get(3)).value();
        long changedAtBlock = word(policy.get(4)).longValueExact();
        if (epoch == 0) {
            return new Refused("registry " + registry + " holds no policy for domain " + domain);
        }
        PolicySnapshot previous = before instanceof Good g ? g.snapshot() : before instanceof Stale s ? s.snapshot() : null;
        if (previous != null && previous.epoch().getBlockNumber() == changedAtBlock && previous.set().version() == version
                && Arrays.equals(previous.set().rulesHash(), rulesHash)) {
            return new Good(previous, block, nanos);
        }
        PolicySet set;
        try {
            set = PolicyDocumentCodec.decode(document);
        } catch (PolicyDocumentException e) {
            return new Refused("policy v" + version + " of " + domain + " on chain is refused: " + e.getMessage());
        }
        if (!set.domain().equals(domain)) {
            return new Refused("policy v" + version + " on chain for " + domain + " is a policy of domain " + set.domain());
        }
        if (!Arrays.equals(set.rulesHash(), rulesHash)) {
            return new Refused("policy v" + version + " of " + domain + " hashes to " + set.rulesHashHex()
                    + " but the registry records " + HexFormat.of().formatHex(rulesHash));
        }
        if (set.version() != version) {
            return new Refused("policy document says v" + set.version() + " but the registry records v" + version);
        }
        PolicyEpoch policyEpoch = PolicyEpoch.newBuilder().setContractAddress(registry).setVersion(version)
                .setBlockNumber(changedAtBlock).setRulesHash(ByteString.copyFrom(rulesHash)).build();
        return new Good(new PolicySnapshot(set, policyEpoch), block, nanos);
    }

    private State unreachable(State before, String reason) {
        if (before instanceof Good good) {
            return new Stale(good.snapshot(), good.readAtBlock(), good.readAtNanos(), reason + "; serving v" + good.snapshot().set().version()
                    + " read at block " + good.readAtBlock());
        }
        if (before instanceof Stale stale) {
            return new Stale(stale.snapshot(), stale.readAtBlock(), stale.readAtNanos(), reason + "; serving v" + stale.snapshot().set().version()
                    + " read at block " + stale.readAtBlock());
        }
        return new Refused(reason + "; no policy read yet for " + domain);
    }

    private void log(State s) {
        if (s instanceof Good good) {
            log.info("Policy {} v{} in force from registry {} (block {}, rules hash {})", domain, good.snapshot().set().version(),
                    registry, good.readAtBlock(), good.snapshot().set().rulesHashHex());
        } else if (s instanceof Stale stale) {
            log.warn("{}; admission goes on with the cached policy until the chain answers", stale.reason());
        } else {
            log.warn("{}; admission refuses until the registry serves a good policy", ((Refused) s).reason());
        }
    }

    private static BigInteger word(AbiValue value) {
        return ((AbiValue.Word) value).value();
    }

    private static byte[] padded(BigInteger value) {
        return org.web3j.utils.Numeric.toBytesPadded(value, 32);
    }
}

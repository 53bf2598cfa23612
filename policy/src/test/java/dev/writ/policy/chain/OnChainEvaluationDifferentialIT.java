package dev.writ.policy.chain;

import com.google.protobuf.ByteString;
import dev.writ.contracts.devchain.DevChain;
import dev.writ.contracts.devchain.PolicyRegistryDeployment;
import dev.writ.policy.Evaluation;
import dev.writ.policy.PolicyEvaluator;
import dev.writ.policy.PolicySet;
import dev.writ.policy.PolicySnapshot;
import dev.writ.protocol.wire.ActionProposal;
import dev.writ.protocol.wire.PolicyEpoch;
import dev.writ.protocol.wire.Reason;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The registry's on-chain evaluator and the Java {@link PolicyEvaluator} decide alike: the same
 * decision and the same reason codes in the same order, over seeded random policies and proposals
 * aimed at the edges (see {@link RandomPolicies}). Run on a real anvil by eth_call.
 */
class OnChainEvaluationDifferentialIT {
    private static final int POLICIES = Integer.getInteger("writ.differential.policies", 100);
    private static final int PROPOSALS_PER_POLICY = 6;
    private static final long SEED = Long.getLong("writ.differential.seed", 20261122L);
    @TempDir
    static Path workDir;
    private static DevChain devChain;
    private static OnChainEvaluator chain;

    @BeforeAll
    static void deploy() {
        devChain = TestChains.withRegistry(workDir, new PolicyRegistryDeployment(1, 1, Duration.ZERO));
        chain = new OnChainEvaluator(devChain.client(), TestChains.registryAddress(devChain));
    }

    @AfterAll
    static void stop() {
        devChain.close();
    }

    @Test
    void theContractDecidesEveryRandomCaseAsTheJavaEvaluatorDoes() throws Exception {
        Map<dev.writ.protocol.wire.DecisionRecord.Decision, Integer> decisions =
                new EnumMap<>(dev.writ.protocol.wire.DecisionRecord.Decision.class);
        Map<String, Integer> codes = new TreeMap<>();
        int cases = 0;
        for (int i = 0; i < POLICIES; i++) {
            RandomPolicies random = new RandomPolicies(SEED + i, true);
            PolicySet set = random.policy();
            PolicySnapshot snapshot = new PolicySnapshot(set, PolicyEpoch.newBuilder().setContractAddress("test")
                    .setVersion(set.version()).setRulesHash(ByteString.copyFrom(set.rulesHash())).build());
            byte[] document = PolicyDocumentCodec.encode(set);
            for (int j = 0; j < PROPOSALS_PER_POLICY; j++) {
                ActionProposal proposal = random.proposal(set);
                long now = random.nowSeconds(set, proposal);
                Evaluation java = PolicyEvaluator.evaluate(snapshot, proposal, Instant.ofEpochSecond(now));
                OnChainEvaluator.Answer onChain = chain.evaluate(document, proposal, now);
                List<String> javaCodes = java.reasons().stream().map(Reason::getCode).toList();
                String context = "seed " + (SEED + i) + " proposal " + j + " at " + now + ": " + set + " / " + proposal;
                assertThat(onChain.revert()).as(context).isNull();
                assertThat(onChain.decision()).as(context).isEqualTo(java.decision().getNumber());
                assertThat(onChain.codes()).as(context).isEqualTo(javaCodes);
                decisions.merge(java.decision(), 1, Integer::sum);
                javaCodes.forEach(c -> codes.merge(c, 1, Integer::sum));
                cases++;
            }
        }
        String summary = cases + " cases agree; decisions " + decisions + "; reason codes " + codes;
        System.out.println("OnChainEvaluationDifferentialIT: " + summary);
        writeFigures(summary);
        // the generator must reach every outcome, or agreement says little
        assertThat(decisions.keySet()).hasSize(3);
        assertThat(codes).containsKeys("NO_POLICY_FOR_AGENT", "TARGET_NOT_ALLOWED", "OPERATION_NOT_ALLOWED",
                "PARAMETER_MISSING", "PARAMETER_NOT_NUMERIC", "PARAMETER_ABOVE_MAXIMUM", "PARAMETER_BELOW_MINIMUM",
                "PARAMETER_NOT_ALLOWED", "RISK_ABOVE_CEILING", "CLASSIFICATION_NOT_ALLOWED", "OUTSIDE_TIME_WINDOW",
                "APPROVAL_REQUIRED", "WITHIN_POLICY");
    }

    @Test
    void aTimeWindowInADaylightSavingZoneIsRefusedOnChainRatherThanDecided() throws Exception {
        for (long seed = 0; ; seed++) {
            PolicySet set = new RandomPolicies(seed, false).policy();
            boolean dst = set.rules().stream().flatMap(r -> r.timeWindows().stream())
                    .anyMatch(w -> !w.zone().getRules().isFixedOffset());
            if (dst) {
                ActionProposal proposal = new RandomPolicies(seed, false).proposal(set);
                OnChainEvaluator.Answer answer = chain.evaluate(PolicyDocumentCodec.encode(set), proposal, 1_700_000_000L);
                assertThat(answer.revert()).isEqualTo("UnsupportedOnChain");
                return;
            }
        }
    }

    private static void writeFigures(String summary) throws IOException {
        Path out = Path.of("target", "differential-evaluation.txt");
        Files.createDirectories(out.getParent());
        Files.writeString(out, summary + System.lineSeparator());
    }
}

package dev.writ.policy.chain;

import dev.writ.contracts.chain.AbiValue;
import dev.writ.contracts.chain.ChainClient;
import dev.writ.contracts.chain.ContractRevert;
import dev.writ.contracts.chain.PolicyRegistryAbi;
import dev.writ.protocol.wire.ActionProposal;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** Calls the registry's {@code evaluateDocument} view for a proposal, the way a verifier would. */
final class OnChainEvaluator {
    static final String SIGNATURE = "evaluateDocument(bytes," + PolicyRegistryAbi.PROPOSAL_TUPLE + ",uint64)";

    /** The decision number and reason codes, or the custom error the call reverted with. */
    record Answer(int decision, List<String> codes, String revert) {
    }

    private final ChainClient chain;
    private final String registry;

    OnChainEvaluator(ChainClient chain, String registry) {
        this.chain = chain;
        this.registry = registry;
    }

    Answer evaluate(byte[] document, ActionProposal p, long nowSeconds) throws Exception {
        // the contract wants parameter names strictly ascending by UTF-8 bytes
        TreeMap<byte[], String> sorted = new TreeMap<>(Arrays::compareUnsigned);
        for (Map.Entry<String, String> e : p.getAction().getParametersMap().entrySet()) {
            sorted.put(e.getKey().getBytes(StandardCharsets.UTF_8), e.getValue());
        }
        List<String> names = new ArrayList<>();
        List<String> values = new ArrayList<>();
        sorted.forEach((k, v) -> {
            names.add(new String(k, StandardCharsets.UTF_8));
            values.add(v);
        });
        AbiValue proposal = new AbiValue.Tuple(List.of(
                PolicyRegistryAbi.text(p.getAgentId()), PolicyRegistryAbi.text(p.getAction().getTarget()),
                PolicyRegistryAbi.text(p.getAction().getOperation()), PolicyRegistryAbi.texts(names),
                PolicyRegistryAbi.texts(values), PolicyRegistryAbi.text(p.getAction().getClassification()),
                PolicyRegistryAbi.text(p.getContext().getDataClassification()),
                AbiValue.Word.of(Integer.toUnsignedLong(p.getContext().getRiskScore()))));
        String data = PolicyRegistryAbi.call(SIGNATURE, PolicyRegistryAbi.bytes(document), proposal, AbiValue.Word.of(nowSeconds));
        String hex;
        try {
            hex = chain.call(registry, data, PolicyRegistryAbi.ERRORS);
        } catch (ContractRevert revert) {
            return new Answer(0, List.of(), revert.error());
        }
        List<AbiValue> result = PolicyRegistryAbi.result(PolicyRegistryAbi.EVALUATION_RESULT, hex);
        List<String> codes = new ArrayList<>();
        for (AbiValue code : ((AbiValue.Array) result.get(1)).elements()) {
            codes.add(new String(((AbiValue.Bytes) code).value(), StandardCharsets.UTF_8));
        }
        return new Answer(((AbiValue.Word) result.get(0)).value().intValueExact(), codes, null);
    }
}

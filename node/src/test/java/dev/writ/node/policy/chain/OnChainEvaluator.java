package dev.writ.node.policy.chain;

import dev.writ.protocol.wire.ActionProposal;
import org.web3j.protocol.Web3j;
import org.web3j.protocol.core.DefaultBlockParameterName;
import org.web3j.protocol.core.methods.request.Transaction;
import org.web3j.protocol.core.methods.response.EthCall;

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

    private final Web3j web3j;
    private final String registry;

    OnChainEvaluator(Web3j web3j, String registry) {
        this.web3j = web3j;
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
        EthCall call = web3j.ethCall(Transaction.createEthCallTransaction(null, registry, data), DefaultBlockParameterName.LATEST).send();
        if (call.hasError()) {
            String revert = call.getError().getData() == null ? null : call.getError().getData().replace("\"", "");
            return new Answer(0, List.of(), PolicyRegistryAbi.errorName(revert).orElse("REVERTED " + call.getError().getMessage()));
        }
        List<AbiValue> result = PolicyRegistryAbi.result(PolicyRegistryAbi.EVALUATION_RESULT, call.getValue());
        List<String> codes = new ArrayList<>();
        for (AbiValue code : ((AbiValue.Array) result.get(1)).elements()) {
            codes.add(new String(((AbiValue.Bytes) code).value(), StandardCharsets.UTF_8));
        }
        return new Answer(((AbiValue.Word) result.get(0)).value().intValueExact(), codes, null);
    }
}

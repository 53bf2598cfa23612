package dev.writ.contracts.anchor;

import dev.writ.contracts.chain.ChainException;
import dev.writ.protocol.Fault;
import dev.writ.protocol.bundle.Check;
import dev.writ.protocol.wire.AnchorBatch;
import dev.writ.protocol.wire.ChainAnchor;
import dev.writ.protocol.wire.ProofBundle;
import dev.writ.protocol.wire.SignedAnchorBatch;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.web3j.utils.Numeric;

/**
 * {@code writ verify --rpc}: compares every anchor batch of a bundle with what EvidenceAnchor holds
 * on chain — root, tree size ({@code lastSeq - firstSeq + 1}) and block — and, when the batch names
 * its transaction, that the transaction succeeded, called the contract and was mined in that block.
 * The offline verifier (exchange-protocol) stays free of web3j; this is its on-chain half.
 */
public final class OnChainVerifier {
    /** The check's name in the verdict; it replaces the offline verifier's SKIP of the same name. */
    public static final String CHECK = "anchors.onchain";

    private final String rpcUrl;
    private final Optional<String> contractOverride;
    private final Duration timeout;

    /**
     * @param contractOverride the EvidenceAnchor address for batches that carry no chain anchor yet
     *                         (and to pin the contract for those that do)
     */
    public OnChainVerifier(String rpcUrl, Optional<String> contractOverride, Duration timeout) {
        this.rpcUrl = rpcUrl;
        this.contractOverride = contractOverride;
        this.timeout = timeout;
    }

    /** One check over all the bundle's batches: PASS when every batch is on chain as signed, else FAIL with the first difference. */
    public Check verify(ProofBundle bundle) {
        // Both domains' batches of a cross-boundary bundle, each looked up under the domain it names.
        List<SignedAnchorBatch> anchors = new ArrayList<>(bundle.getAnchorsList());
        anchors.addAll(bundle.getRedeeming().getAnchorsList());
        if (anchors.isEmpty()) {
            return new Check(CHECK, Check.Status.FAIL, Fault.NOT_ANCHORED, "the bundle carries no anchor batch to compare");
        }
        List<String> passed = new ArrayList<>();
        for (SignedAnchorBatch signed : anchors) {
            AnchorBatch batch;
            try {
                batch = AnchorBatch.parseFrom(signed.getBatch());
            } catch (com.google.protobuf.InvalidProtocolBufferException e) {
                return fail(Fault.ANCHOR_INVALID, "an anchor batch is unreadable: " + e.getMessage());
            }
            Optional<String> problem;
            try {
                problem = compare(batch, signed.hasAnchor() ? Optional.of(signed.getAnchor()) : Optional.empty());
            } catch (ChainException e) {
                return new Check(CHECK, Check.Status.FAIL, e.code() == ChainException.Code.REVERTED ? Fault.NOT_ANCHORED
                        : Fault.ANCHOR_INVALID, "batch " + seq(batch) + ": " + e.getMessage());
            } catch (ArithmeticException e) {
                return fail(Fault.ANCHOR_INVALID, "batch " + seq(batch) + ": the chain answered a number beyond a long");
            }
            if (problem.isPresent()) {
                return fail(Fault.ANCHOR_INVALID, "batch " + seq(batch) + ": " + problem.get());
            }
            passed.add(batch.getDomain() + "/" + seq(batch));
        }
        return new Check(CHECK, Check.Status.PASS, null, "batch(es) " + String.join(", ", passed)
                + " held on chain with the signed roots and tree sizes (" + rpcUrl + ")");
    }

    private Optional<String> compare(AnchorBatch batch, Optional<ChainAnchor> anchor) {
        Optional<String> contract = contractOverride.or(() -> anchor.map(ChainAnchor::getContractAddress));
        if (contract.isEmpty()) {
            return Optional.of("carries no chain anchor and no --evidence-anchor address was given");
        }
        if (anchor.isPresent() && contractOverride.isPresent()
                && !anchor.get().getContractAddress().equalsIgnoreCase(contractOverride.get())) {
            return Optional.of("anchored at " + anchor.get().getContractAddress() + ", not at " + contractOverride.get());
        }
        try (AnchorChain chain = AnchorChain.connect(rpcUrl, 0, contract.get(), null, timeout)) {
            if (anchor.isPresent() && chain.remoteChainId() != anchor.get().getChainId()) {
                return Optional.of("anchored on chain " + anchor.get().getChainId() + ", the RPC serves chain " + chain.remoteChainId());
            }
            OnChainBatch held = chain.batch(batch.getDomain(), batch.getBatchSeq());
            String root = Numeric.toHexString(batch.getRoot().toByteArray());
            if (!held.root().equalsIgnoreCase(root)) {
                return Optional.of("the chain holds root " + held.root() + ", the domain signed " + root);
            }
            if (held.lastSeq() - held.firstSeq() + 1 != batch.getTreeSize()) {
                return Optional.of("the chain's range " + held.firstSeq() + ".." + held.lastSeq() + " is not the signed tree size "
                        + batch.getTreeSize());
            }
            if (anchor.isPresent()) {
                ChainAnchor a = anchor.get();
                if (held.blockNumber() != a.getBlockNumber()) {
                    return Optional.of("anchored in block " + held.blockNumber() + ", the bundle says " + a.getBlockNumber());
                }
                String tx = Numeric.toHexString(a.getTxHash().toByteArray());
                Optional<AnchorChain.Receipt> receipt = chain.receipt(tx);
                if (receipt.isEmpty() || !receipt.get().succeeded() || receipt.get().blockNumber() != a.getBlockNumber()
                        || !receipt.get().to().equalsIgnoreCase(contract.get())) {
                    return Optional.of("transaction " + tx + " is not a successful call of " + contract.get() + " in block "
                            + a.getBlockNumber() + " (" + receipt.map(Object::toString).orElse("not mined") + ")");
                }
            }
            return Optional.empty();
        }
    }

    /** The batch number as the uint64 the domain signed. */
    private static String seq(AnchorBatch batch) {
        return Long.toUnsignedString(batch.getBatchSeq());
    }

    private static Check fail(Fault fault, String detail) {
        return new Check(CHECK, Check.Status.FAIL, fault, detail);
    }
}

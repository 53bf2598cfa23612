package dev.writ.node.bundles;

import dev.writ.node.evidence.StoredRecord;
import dev.writ.protocol.wire.InclusionProof;
import dev.writ.protocol.wire.SignedAnchorBatch;
import java.util.List;
import java.util.Map;

/** Proves evidence records included in the domain's sealed anchor batches, for proof bundles. */
public interface Inclusions {

    /** The batches that cover some of the records, and each covered record's proof, keyed by {@link StoredRecord#key()}. */
    record Proven(List<SignedAnchorBatch> batches, Map<String, InclusionProof> proofs) {
    }

    Proven prove(List<StoredRecord> records);
}

package dev.writ.node.refusal;

import dev.writ.node.NodeContext;
import dev.writ.node.evidence.EvidenceLog;
import dev.writ.protocol.crypto.Hashes;
import dev.writ.protocol.wire.EvidenceKind;
import dev.writ.protocol.wire.RefusalRecord;
import com.google.protobuf.ByteString;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Records a refusal as signed evidence (invariant 9: bad input gets a typed error and an evidence
 * record). The refusal stands whether or not its record could be written; when it could not, the
 * answer says so and the log carries it.
 */
public final class RefusalEvidence {
    private static final Logger LOG = LoggerFactory.getLogger(RefusalEvidence.class);
    private static final String STORY_WITHOUT_SUBJECT = "refusals";

    private RefusalEvidence() {
    }

    /** Completes with true when the REFUSAL record is durable, false when it could not be written. */
    public static CompletableFuture<Boolean> record(NodeContext ctx, Refusal refusal, byte[] request) {
        byte[] payload = RefusalRecord.newBuilder()
                .setDomain(ctx.domain())
                .setSubject(refusal.subject())
                .setCode(refusal.code().name())
                .setDetail(refusal.detail())
                .setRequestHash(ByteString.copyFrom(Hashes.sha256(request)))
                .setNodeId(ctx.nodeId())
                .setRefusedAtMillis(ctx.clock().millis())
                .build()
                .toByteArray();
        String story = refusal.subject().isEmpty() ? STORY_WITHOUT_SUBJECT : refusal.subject();
        ctx.metrics().refused(refusal.code().name());
        return ctx.evidence()
                .append(story, List.of(new EvidenceLog.Entry(EvidenceKind.REFUSAL, refusal.subject(), payload)))
                .handle((records, failure) -> {
                    if (failure != null) {
                        LOG.error("Refusal {} of '{}' could not be recorded as evidence: {}", refusal.code(),
                                refusal.subject(), failure.getMessage());
                        return false;
                    }
                    return true;
                });
    }
}

package dev.writ.node.refusal;

import com.google.protobuf.ByteString;
import dev.writ.node.evidence.EvidenceLog;
import dev.writ.protocol.crypto.Hashes;
import dev.writ.protocol.wire.EvidenceKind;
import dev.writ.protocol.wire.RefusalRecord;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Records a refusal as signed evidence (invariant 9: bad input gets a typed error and an evidence
 * record). The refusal stands whether or not its record could be written; when it could not, the
 * answer says so and the log carries it. The record's subject and the story it is filed under are
 * the refusal's subject, which {@link RefusalText} has already made safe to store.
 */
public final class RefusalEvidence {
    private static final Logger LOG = LoggerFactory.getLogger(RefusalEvidence.class);
    private static final String STORY_WITHOUT_SUBJECT = "refusals";

    private final EvidenceLog evidence;
    private final String domain;
    private final String nodeId;
    private final Clock clock;

    public RefusalEvidence(EvidenceLog evidence, String domain, String nodeId, Clock clock) {
        this.evidence = evidence;
        this.domain = domain;
        this.nodeId = nodeId;
        this.clock = clock;
    }

    /** Completes with true when the REFUSAL record is durable, false when it could not be written. */
    public CompletableFuture<Boolean> record(Refusal refusal, byte[] request) {
        byte[] payload = RefusalRecord.newBuilder()
                .setDomain(domain)
                .setSubject(refusal.subject())
                .setCode(refusal.code().name())
                .setDetail(refusal.detail())
                .setRequestHash(ByteString.copyFrom(Hashes.sha256(request)))
                .setNodeId(nodeId)
                .setRefusedAtMillis(clock.millis())
                .build()
                .toByteArray();
        String story = refusal.subject().isEmpty() ? STORY_WITHOUT_SUBJECT : refusal.subject();
        return evidence
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

package dev.writ.fabric;

import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.util.JsonFormat;
import dev.writ.node.health.HealthStatus;
import dev.writ.protocol.wire.Health;
import dev.writ.protocol.wire.HealthReason;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * One answer of a node's {@code GET /v1/health}, parsed once here: callers ask typed questions of
 * its reasons (which check, which status, which code) and never match the text the node prints.
 */
public record NodeHealth(int httpStatus, HealthStatus status, String nodeId, List<String> membersUp,
                         List<NodeHealth.Reason> reasons) {

    /**
     * One check that is not HEALTHY.
     *
     * @param code the stable code the detail is or starts with ({@code CODE} or {@code CODE: ...}; the
     *             chain's reasons are their code alone: CHAIN_LAG, ANCHOR_BACKLOG, ...), if it has one
     * @param detail the rest of the detail, after the code ("" when the detail is the code alone)
     */
    public record Reason(String check, HealthStatus status, Optional<String> code, String detail) {
        private static final Pattern CODED = Pattern.compile("([A-Z][A-Z0-9_]*)(?:: (.*))?", Pattern.DOTALL);

        static Reason of(HealthReason reason) {
            HealthStatus status = HealthStatus.valueOf(reason.getStatus());
            Matcher coded = CODED.matcher(reason.getDetail());
            return coded.matches()
                    ? new Reason(reason.getCheck(), status, Optional.of(coded.group(1)),
                            coded.group(2) == null ? "" : coded.group(2))
                    : new Reason(reason.getCheck(), status, Optional.empty(), reason.getDetail());
        }

        /** As the node words it: {@code check STATUS: [CODE: ]detail}. */
        @Override
        public String toString() {
            return check + " " + status + ": " + code.map(c -> detail.isEmpty() ? c : c + ": ").orElse("") + detail;
        }
    }

    public NodeHealth {
        membersUp = List.copyOf(membersUp);
        reasons = List.copyOf(reasons);
    }

    public boolean healthy() {
        return status == HealthStatus.HEALTHY;
    }

    /**
     * Whether the node says the cluster removed it (its member status is Removed or Down, e.g. the
     * split brain resolver downed it): it cannot rejoin with the same actor system, only a restart
     * brings it back.
     */
    public boolean removedFromCluster() {
        return reasons.stream().anyMatch(r -> r.check().equals("cluster")
                && (r.detail().contains("this node is Removed") || r.detail().contains("this node is Down")));
    }

    /**
     * Whether the node is an Up member still behind its start-up gate: fewer than
     * {@code writ.cluster.min-members} of its domain have been Up together since its process started
     * ("forming"). It is in a cluster and waits for the other members, which a restart would not bring.
     */
    public boolean forming() {
        return reasons.stream().anyMatch(r -> r.check().equals("cluster") && r.detail().startsWith("forming:"));
    }

    /**
     * Parses the body (the proto3 JSON mapping of {@code writ.v1.Health}); unknown fields are tolerated,
     * a status other than HEALTHY, DEGRADED or FAILED is not.
     */
    public static NodeHealth parse(int httpStatus, String body) {
        Health.Builder b = Health.newBuilder();
        try {
            JsonFormat.parser().ignoringUnknownFields().merge(body, b);
            List<Reason> reasons = b.getReasonsList().stream()
                    .filter(r -> !HealthStatus.HEALTHY.name().equals(r.getStatus()))
                    .map(Reason::of)
                    .toList();
            return new NodeHealth(httpStatus, HealthStatus.valueOf(b.getStatus()), b.getNodeId(), b.getMembersUpList(),
                    reasons);
        } catch (InvalidProtocolBufferException | RuntimeException e) {
            throw new IllegalArgumentException("not a health document (HTTP " + httpStatus + "): " + abbreviate(body), e);
        }
    }

    private static String abbreviate(String s) {
        return s.length() <= 200 ? s : s.substring(0, 200) + "...";
    }

    @Override
    public String toString() {
        return status + " (HTTP " + httpStatus + ", " + membersUp.size() + " members up"
                + (reasons.isEmpty() ? "" : ", " + reasons.stream().map(Reason::toString).collect(Collectors.joining("; ")))
                + ")";
    }
}

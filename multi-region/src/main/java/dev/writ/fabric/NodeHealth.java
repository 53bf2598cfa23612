package dev.writ.fabric;

import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.util.JsonFormat;
import dev.writ.protocol.wire.Health;
import java.util.List;

/** One answer of a node's {@code GET /v1/health}. */
public record NodeHealth(int httpStatus, String status, String nodeId, List<String> membersUp, List<String> reasons) {

    public NodeHealth {
        membersUp = List.copyOf(membersUp);
        reasons = List.copyOf(reasons);
    }

    public boolean healthy() {
        return "HEALTHY".equals(status);
    }

    /** Parses the body (the proto3 JSON mapping of {@code writ.v1.Health}); unknown fields are tolerated. */
    public static NodeHealth parse(int httpStatus, String body) {
        Health.Builder b = Health.newBuilder();
        try {
            JsonFormat.parser().ignoringUnknownFields().merge(body, b);
        } catch (InvalidProtocolBufferException | RuntimeException e) {
            throw new IllegalArgumentException("not a health document (HTTP " + httpStatus + "): " + abbreviate(body), e);
        }
        List<String> reasons = b.getReasonsList().stream()
                .filter(r -> !"HEALTHY".equals(r.getStatus()))
                .map(r -> r.getCheck() + " " + r.getStatus() + ": " + r.getDetail())
                .toList();
        return new NodeHealth(httpStatus, b.getStatus(), b.getNodeId(), b.getMembersUpList(), reasons);
    }

    private static String abbreviate(String s) {
        return s.length() <= 200 ? s : s.substring(0, 200) + "...";
    }

    @Override
    public String toString() {
        return status + " (HTTP " + httpStatus + ", " + membersUp.size() + " members up"
                + (reasons.isEmpty() ? "" : ", " + String.join("; ", reasons)) + ")";
    }
}

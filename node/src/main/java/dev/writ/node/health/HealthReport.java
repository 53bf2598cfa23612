package dev.writ.node.health;

import java.util.List;

/** The node's state and every check behind it, as last computed by the {@link HealthMonitor}. */
public record HealthReport(HealthStatus status, List<Finding> findings, List<String> membersUp, long checkedAtMillis) {
    /** The check that the domain's database answers. */
    public static final String JOURNAL = "journal";
    /** The check that the last evidence write succeeded. */
    public static final String EVIDENCE = "evidence";

    /**
     * One check's outcome: which check, how bad, and why in words an operator can act on.
     * {@code detail} is public (`GET /v1/health`, refusals); {@code cause} holds what only the
     * node's log may show: exception text, addresses, paths, RPC and database details.
     */
    public record Finding(String check, HealthStatus status, String detail, String cause) {
        public Finding(String check, HealthStatus status, String detail) {
            this(check, status, detail, "");
        }

        @Override
        public String toString() {
            return check + " " + status + ": " + detail + (cause.isEmpty() ? "" : " (" + cause + ")");
        }
    }

    public static HealthReport starting() {
        return new HealthReport(HealthStatus.FAILED,
                List.of(new Finding("startup", HealthStatus.FAILED, "the node is starting")), List.of(), 0);
    }

    public static HealthReport of(List<Finding> findings, List<String> membersUp, long now) {
        HealthStatus status = HealthStatus.HEALTHY;
        for (Finding f : findings) {
            status = status.worst(f.status());
        }
        return new HealthReport(status, List.copyOf(findings), List.copyOf(membersUp), now);
    }

    /** This report with one more finding, FAILED whatever it was. */
    public HealthReport failedWith(Finding failure) {
        List<Finding> all = new java.util.ArrayList<>(findings);
        all.add(failure);
        return new HealthReport(HealthStatus.FAILED, List.copyOf(all), membersUp, checkedAtMillis);
    }

    /** Whether the node is FAILED because its database does not answer or evidence cannot be written. */
    public boolean evidenceUnavailable() {
        return findings.stream().anyMatch(f -> f.status() == HealthStatus.FAILED
                && (f.check().equals(JOURNAL) || f.check().equals(EVIDENCE)));
    }

    public String failedBecause() {
        return findings.stream().filter(f -> f.status() == HealthStatus.FAILED)
                .map(f -> f.check() + ": " + f.detail()).reduce((a, b) -> a + "; " + b).orElse("");
    }
}

package dev.writ.node.health;

/** The three health states (docs/architecture.md, "Health"), ordered from best to worst. */
public enum HealthStatus {
    HEALTHY, DEGRADED, FAILED;

    public HealthStatus worst(HealthStatus other) {
        return other.ordinal() > ordinal() ? other : this;
    }
}

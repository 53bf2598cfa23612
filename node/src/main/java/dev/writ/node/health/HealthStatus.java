package dev.writ.node.health;

/** The three states of seed 001, section 11, ordered from best to worst. */
public enum HealthStatus {
    HEALTHY, DEGRADED, FAILED;

    public HealthStatus worst(HealthStatus other) {
        return other.ordinal() > ordinal() ? other : this;
    }
}

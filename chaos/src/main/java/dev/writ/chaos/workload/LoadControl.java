package dev.writ.chaos.workload;

/** What a nemesis may change about the offered load: a burst multiplies the steady rate for a while. */
public interface LoadControl {
    /** Offers {@code factor} times the steady rate from now on (1 is the steady rate). */
    void multiply(double factor);

    /** The steady rate, operations per second. */
    double steadyRate();
}

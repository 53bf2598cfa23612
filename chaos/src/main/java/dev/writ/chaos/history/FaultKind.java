package dev.writ.chaos.history;

/**
 * Which fault a nemesis event is about. Checkers select faults by kind (the continuity checker
 * judges domain partitions only), never by reading a fault's description, which is for people.
 */
public enum FaultKind {
    PARTITION, ONE_WAY_PARTITION, KILL, PAUSE, DATABASE_OUTAGE, CLOCK_SKEW, SEQUENCER_OUTAGE, DOMAIN_PARTITION, ROLLING_RESTART,
    BURST, REGION_PARTITION, REGION_OUTAGE, JOIN_LEAVE, SEQUENCER_PARTITION_KILL
}

-- The SIEM exporter's durable cursor (docs/siem.md, D64), H2 2.x and PostgreSQL 15.
-- Idempotent: run at every start of a node with writ.siem.enabled. One row per (domain, lane, sink):
-- next_seq is the first record of the lane that sink has not yet acknowledged. It moves forward only
-- after the sink accepted every event up to it, so a crash or an outage repeats events and never
-- skips one (at least once). Each node exports only its own lanes (<nodeId>-<k>).
CREATE TABLE IF NOT EXISTS writ_siem_cursor (
    domain   VARCHAR(256) NOT NULL,
    lane     VARCHAR(256) NOT NULL,
    sink     VARCHAR(64)  NOT NULL,
    next_seq BIGINT       NOT NULL,
    CONSTRAINT writ_siem_cursor_pk PRIMARY KEY (domain, lane, sink)
);

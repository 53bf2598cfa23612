-- Writ anchoring outbox, H2 2.x and PostgreSQL 15 alike (standard SQL only: NUMERIC is DECIMAL in
-- both). Idempotent: run at every start (AnchorOutbox.createSchema).
-- One row per sealed anchor batch, written in the same transaction as the batch itself, so no
-- batch is sealed and not queued (invariant 5). first_seq/last_seq count leaves domain-wide, as
-- EvidenceAnchor does; the primary key keeps one row per batch.
CREATE TABLE IF NOT EXISTS writ_anchor_outbox (
    domain            VARCHAR(256) NOT NULL,
    batch_seq         BIGINT       NOT NULL,
    first_seq         BIGINT       NOT NULL,
    last_seq          BIGINT       NOT NULL,
    root              CHAR(66)     NOT NULL,
    state             VARCHAR(16)  NOT NULL,
    tx_hash           VARCHAR(66),
    nonce             BIGINT,
    max_fee_per_gas   NUMERIC(78,0),
    max_priority_fee  NUMERIC(78,0),
    sent_block        BIGINT,
    block_number      BIGINT,
    attempts          INT          NOT NULL,
    last_error        VARCHAR(2048),
    queued_at_millis  BIGINT       NOT NULL,
    updated_at_millis BIGINT       NOT NULL,
    CONSTRAINT writ_anchor_outbox_pk PRIMARY KEY (domain, batch_seq)
);
-- The submitter reads the open rows of its domain in order; health counts them.
CREATE INDEX IF NOT EXISTS writ_anchor_outbox_state_idx ON writ_anchor_outbox (domain, state, batch_seq);

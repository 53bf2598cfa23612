-- Writ evidence store, H2 2.x and PostgreSQL 15. Idempotent: run at every start (EvidenceStore.createSchema).
-- Written once for both: ${bytes} is the database's byte-string type and ${bytes(n)} one of at most
-- n bytes, where the type takes a bound (H2's VARBINARY(n); PostgreSQL's BYTEA has none); see Dialect.
-- Invariant 4: the primary key makes two records at one (domain, lane, seq) -- a fork --
-- impossible in the database; a second writer on a lane fails instead of forking it.
CREATE TABLE IF NOT EXISTS writ_evidence (
    domain       VARCHAR(256)    NOT NULL,
    lane         VARCHAR(256)    NOT NULL,
    seq          BIGINT          NOT NULL,
    record_hash  ${bytes(32)}    NOT NULL,
    record       ${bytes(8192)}  NOT NULL,
    payload      ${bytes}        NOT NULL,
    kind         SMALLINT        NOT NULL,
    subject      VARCHAR(1024)   NOT NULL,
    story        VARCHAR(512)    NOT NULL,
    node_id      VARCHAR(256)    NOT NULL,
    time_millis  BIGINT          NOT NULL,
    CONSTRAINT writ_evidence_pk PRIMARY KEY (domain, lane, seq)
);
CREATE INDEX IF NOT EXISTS writ_evidence_story_idx ON writ_evidence (domain, story);
CREATE INDEX IF NOT EXISTS writ_evidence_kind_idx ON writ_evidence (domain, kind, node_id, time_millis);

-- Single use (invariant 2), decided here and nowhere else: a writ is settled once, redeemed or
-- expired, by the first of the domain's nodes to insert its row. The row goes in the same transaction
-- as the settlement's REDEMPTION or EXPIRY record, written by the node's evidence lane
-- (EvidenceStore.write): the primary key lets one transaction win, a loser's records are never
-- sealed, and the answer "already redeemed, when, by which node" is read from the row. writ_domain
-- is the domain that issued the writ: a partner's writ redeemed here is claimed under the partner's
-- name. Rows are kept: a writ's status is read from them for as long as its evidence is.
CREATE TABLE IF NOT EXISTS writ_claims (
    writ_domain       VARCHAR(256)  NOT NULL,
    jti               VARCHAR(256)  NOT NULL,
    outcome           SMALLINT      NOT NULL,
    claimed_at_millis BIGINT        NOT NULL,
    node_id           VARCHAR(256)  NOT NULL,
    CONSTRAINT writ_claims_pk PRIMARY KEY (writ_domain, jti)
);

-- One OUTCOME per redeemed writ, decided as single use is: the report's row goes in the transaction
-- of its OUTCOME record, and the primary key lets one report win (a loser records nothing and is
-- answered OUTCOME_ALREADY_REPORTED from the row). outcome is always 3 (REPORTED, WritClaim).
CREATE TABLE IF NOT EXISTS writ_outcome_claims (
    writ_domain       VARCHAR(256)  NOT NULL,
    jti               VARCHAR(256)  NOT NULL,
    outcome           SMALLINT      NOT NULL,
    claimed_at_millis BIGINT        NOT NULL,
    node_id           VARCHAR(256)  NOT NULL,
    CONSTRAINT writ_outcome_claims_pk PRIMARY KEY (writ_domain, jti)
);

-- Public keys of a domain's nodes, so any node verifies what another minted (until the on-chain
-- registry replaces this). key_id is the RFC 7638 thumbprint of public_key.
CREATE TABLE IF NOT EXISTS writ_domain_keys (
    domain               VARCHAR(256)  NOT NULL,
    key_id               ${bytes(32)}  NOT NULL,
    public_key           ${bytes(32)}  NOT NULL,
    node_id              VARCHAR(256)  NOT NULL,
    role                 VARCHAR(64)   NOT NULL,
    registered_at_millis BIGINT        NOT NULL,
    CONSTRAINT writ_domain_keys_pk PRIMARY KEY (domain, key_id)
);

-- Anchor batches (invariant 5): signed Merkle roots over contiguous lane ranges, sealed by the
-- domain's anchorer; the chain gateway puts them on chain. The primary key makes a second batch
-- with the same number impossible, so two anchorers during a hand-over cannot both seal.
CREATE TABLE IF NOT EXISTS writ_anchor_batches (
    domain           VARCHAR(256) NOT NULL,
    batch_seq        BIGINT       NOT NULL,
    signed_batch     ${bytes}     NOT NULL,
    sealed_at_millis BIGINT       NOT NULL,
    CONSTRAINT writ_anchor_batches_pk PRIMARY KEY (domain, batch_seq)
);
-- Which records each batch covers, to find a record's batch for its inclusion proof.
CREATE TABLE IF NOT EXISTS writ_anchor_ranges (
    domain    VARCHAR(256) NOT NULL,
    lane      VARCHAR(256) NOT NULL,
    first_seq BIGINT       NOT NULL,
    last_seq  BIGINT       NOT NULL,
    batch_seq BIGINT       NOT NULL,
    CONSTRAINT writ_anchor_ranges_pk PRIMARY KEY (domain, lane, first_seq)
);

-- The domain's revocation ledger (invariant 6): add-only, one row per revocation, the epoch
-- counting rows. The primary key gives every epoch to exactly one entry; the unique key makes a
-- repeated revocation of the same subject answer the existing entry instead of a new epoch.
CREATE TABLE IF NOT EXISTS writ_revocations (
    domain  VARCHAR(256)  NOT NULL,
    epoch   BIGINT        NOT NULL,
    kind    SMALLINT      NOT NULL,
    subject VARCHAR(256)  NOT NULL,
    entry   ${bytes}      NOT NULL,
    CONSTRAINT writ_revocations_pk PRIMARY KEY (domain, epoch),
    CONSTRAINT writ_revocations_subject_uq UNIQUE (domain, kind, subject)
);

-- The envelopes this domain published to the others, in its lineage order: the seq and
-- previous hash of the next envelope continue from here after any failover of the publisher, and a
-- partner that missed some asks for them again. The primary key keeps two publishers (a singleton
-- hand-over) from signing two envelopes with one number: the loser reads the tail and goes on.
CREATE TABLE IF NOT EXISTS writ_exchange_outbox (
    domain           VARCHAR(256) NOT NULL,
    seq              BIGINT       NOT NULL,
    envelope_hash    ${bytes}     NOT NULL,
    kind             SMALLINT     NOT NULL,
    revocation_epoch BIGINT       NOT NULL,
    envelope         ${bytes}     NOT NULL,
    CONSTRAINT writ_exchange_outbox_pk PRIMARY KEY (domain, seq)
);

-- The latest of this domain's lineage checkpoints each partner domain said it verified: the outbox
-- is pruned below the latest checkpoint every partner holds (or older than the retention bound).
CREATE TABLE IF NOT EXISTS writ_exchange_acks (
    domain         VARCHAR(256) NOT NULL,
    partner        VARCHAR(256) NOT NULL,
    checkpoint_seq BIGINT       NOT NULL,
    CONSTRAINT writ_exchange_acks_pk PRIMARY KEY (domain, partner)
);

-- A proposal id is single use per agent in a domain, whichever of its nodes a copy reaches: the
-- primary key lets exactly one admission claim (domain, agent, proposal id). The row goes in the same
-- transaction as that admission's PROPOSAL and DECISION records (and ISSUANCE, for an ALLOW), written
-- by the node's evidence lane (EvidenceStore.write), so a claim exists exactly when its decision is
-- durable; every later copy is answered from that evidence, never decided again. A row holds the
-- hash of the claimed proposal, not the proposal, and is deleted once no proposal it could match is
-- fresh any more (ProposalClaims.prune), so the table holds a few minutes of admissions. No index
-- beyond the key: the prune scans that small table once a minute, and an index would cost every
-- admission a second write.
CREATE TABLE IF NOT EXISTS writ_proposal_claims (
    domain            VARCHAR(256)  NOT NULL,
    agent_id          VARCHAR(256)  NOT NULL,
    proposal_id       VARCHAR(128)  NOT NULL,
    proposal_hash     ${bytes(32)}  NOT NULL,
    admission_id      VARCHAR(64)   NOT NULL,
    claimed_at_millis BIGINT        NOT NULL,
    CONSTRAINT writ_proposal_claims_pk PRIMARY KEY (domain, agent_id, proposal_id)
);

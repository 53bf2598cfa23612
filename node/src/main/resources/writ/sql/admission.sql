-- Writ admission's proposal claims, H2 2.x and PostgreSQL 15. Idempotent: run at every start
-- (ProposalClaims.createSchema). ${bytes(n)} is the database's byte-string type; see Dialect.
-- A proposal id is single use per agent in a domain, whichever of its nodes a copy reaches: the
-- primary key lets exactly one admission claim (domain, agent, proposal id), and every later copy
-- is answered from the evidence of that admission's decision, never decided again. A row holds the
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

-- Writ evidence store, PostgreSQL only (Schema applies it after evidence.sql). Idempotent.
-- A group's claims and records go to the database in one statement, in autocommit (GroupStatement,
-- D109): the claims with ON CONFLICT DO NOTHING RETURNING, the records beside them, and
-- this check over how many claims were inserted. When fewer were inserted than sent (a key was held
-- already), it raises SQLSTATE WRLST, so the statement fails and keeps nothing, neither the claims it
-- won nor the records; the lane then decides the group claim by claim in a transaction.
-- The body stays on one line: a statement of this file ends with ';' at the end of a line (SqlScript).
CREATE OR REPLACE FUNCTION writ_require_claims_won(won BIGINT, sent BIGINT) RETURNS BIGINT LANGUAGE plpgsql AS
$$ BEGIN IF won < sent THEN RAISE EXCEPTION USING ERRCODE = 'WRLST', MESSAGE = format('%s of %s claims were held already', sent - won, sent); END IF; RETURN won; END $$;

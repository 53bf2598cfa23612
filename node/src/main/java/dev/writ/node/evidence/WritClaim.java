package dev.writ.node.evidence;

import java.util.Objects;

/**
 * A writ settled for good, as its row in {@code writ_claims} holds it (writ/sql/evidence.sql): the
 * domain that issued it and its jti (the key), whether it was redeemed or ran out unused, when, and
 * by which node. Single use (invariant 2) is the primary key on (writ domain, jti): the first
 * transaction to insert the row settles the writ, and every later one finds this. A REPORTED claim
 * is the same key in {@code writ_outcome_claims}: the one OUTCOME a redeemed writ gets.
 */
public record WritClaim(String writDomain, String jti, Outcome outcome, long atMillis, String nodeId) implements Claim {
    /** How a writ was settled, or that its outcome was reported. The numbers are stored: never renumber. */
    public enum Outcome {
        REDEEMED(1, "writ_claims"), EXPIRED(2, "writ_claims"), REPORTED(3, "writ_outcome_claims");

        private final int code;
        private final String table;

        Outcome(int code, String table) {
            this.code = code;
            this.table = table;
        }

        int code() {
            return code;
        }

        /** The table whose primary key decides this claim: a settlement's, or an outcome report's. */
        String table() {
            return table;
        }

        static Outcome of(int code) {
            for (Outcome o : values()) {
                if (o.code == code) {
                    return o;
                }
            }
            throw new EvidenceUnavailableException("a writ claim holds the unknown outcome " + code
                    + ": the evidence store is corrupt");
        }
    }

    public WritClaim {
        Objects.requireNonNull(writDomain, "writDomain");
        Objects.requireNonNull(jti, "jti");
        Objects.requireNonNull(outcome, "outcome");
        Objects.requireNonNull(nodeId, "nodeId");
    }

    /** Refuses a claim the table cannot hold, before it can share a transaction with anyone's records. */
    void requireStorable() {
        EvidenceColumn.WRIT_DOMAIN.require(writDomain);
        EvidenceColumn.JTI.require(jti);
        EvidenceColumn.NODE_ID.require(nodeId);
    }

    /** Where the row sorts: claims are inserted in this order, so two groups never wait on each other in a cycle. */
    String key() {
        return key(outcome.table(), writDomain, jti);
    }

    /** {@link #key()} of the row of {@code jti} of {@code writDomain} in {@code table}. */
    static String key(String table, String writDomain, String jti) {
        return table + "\u0000" + writDomain + "\u0000" + jti;
    }
}

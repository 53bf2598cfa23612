package dev.writ.node.evidence;

/**
 * The text columns of the evidence and claims tables (writ/sql/evidence.sql) and what each can hold, checked
 * before any transaction: a row the database would refuse for its content is refused alone instead
 * of failing the group commit it shares with other requests' records (invariants 3 and 9). One
 * rule for every dialect, so a row H2 takes is never one PostgreSQL refuses: no U+0000
 * (PostgreSQL's text cannot hold it), no lone surrogate (it has no UTF-8 form), and at most the
 * column's length in UTF-8 bytes (so in characters too, however the database counts them).
 */
enum EvidenceColumn {
    DOMAIN("domain", 256),
    LANE("lane", 256),
    SUBJECT("subject", 1024),
    STORY("story", 512),
    NODE_ID("node_id", 256),
    WRIT_DOMAIN("writ_domain", 256),
    JTI("jti", 256),
    AGENT_ID("agent_id", 256),
    PROPOSAL_ID("proposal_id", 128),
    ADMISSION_ID("admission_id", 64);

    private final String column;
    private final int maxBytes;

    EvidenceColumn(String column, int maxBytes) {
        this.column = column;
        this.maxBytes = maxBytes;
    }

    /** Whether the column can hold {@code value}. */
    boolean holds(String value) {
        return problem(value) == null;
    }

    /** Refuses a value the column cannot hold; the message says why without repeating the value. */
    void require(String value) {
        String problem = problem(value);
        if (problem != null) {
            throw new EvidenceRejectedException("an evidence " + column + " " + problem);
        }
    }

    private String problem(String value) {
        int bytes = 0;
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c == '\u0000') {
                return "holds U+0000 at index " + i + ", which the database cannot store";
            }
            if (Character.isHighSurrogate(c) && i + 1 < value.length() && Character.isLowSurrogate(value.charAt(i + 1))) {
                bytes += 4;
                i++;
            } else if (Character.isSurrogate(c)) {
                return "holds a lone surrogate at index " + i + ", which has no UTF-8 form";
            } else {
                bytes += c < 0x80 ? 1 : c < 0x800 ? 2 : 3;
            }
        }
        return bytes > maxBytes ? "is " + bytes + " bytes of UTF-8; the column holds at most " + maxBytes : null;
    }
}

package dev.writ.cli;

/**
 * The exit codes of the client commands (`writ propose`, `redeem`, `approve`, `revoke`, `status`,
 * `bundle`, `health`), which scripts branch on: they are stable, and {@link #TABLE} is what each
 * command's help and the README print.
 */
final class ClientExit {
    /** ALLOW, redeemed, revoked, found, HEALTHY. */
    static final int OK = 0;
    /** The node (or the PEP's own check of a writ or receipt) refused, with a stable code. */
    static final int REFUSED = 1;
    /** Bad options or input (a missing or unreadable file, bad JSON, a malformed key): nothing was sent. */
    static final int USAGE = 2;
    /** No usable answer from the node: the outcome is unknown (a redemption may have happened; never execute). */
    static final int UNREACHABLE = 3;
    static final int DENY = 4;
    /** ESCALATE: a person must approve (`writ approve`). */
    static final int ESCALATE = 5;
    static final int DEGRADED = 6;
    static final int FAILED = 7;

    /** The table in every client command's help (picocli turns %n into line breaks; each fits 80 columns). */
    static final String TABLE = "%nExit codes:%n"
            + "  0  ok: ALLOW, redeemed, approved, revoked, found, HEALTHY%n"
            + "  1  refused by the node or by the PEP's check: REFUSED: <code>: <detail>%n"
            + "  2  usage: bad options or input (missing file, bad JSON); nothing was sent%n"
            + "  3  unreachable: no usable answer; the outcome is unknown, do not execute%n"
            + "  4  DENY%n"
            + "  5  ESCALATE: pending a person's approval (writ approve)%n"
            + "  6  DEGRADED (writ health)%n"
            + "  7  FAILED (writ health)%n"
            + "%nThe node: --node, else $WRIT_NODE, else http://127.0.0.1:7401.%n"
            + "-o json prints one JSON object on stdout; a failure as%n"
            + "{\"outcome\", \"code\", \"detail\"}.";

    private ClientExit() {
    }
}

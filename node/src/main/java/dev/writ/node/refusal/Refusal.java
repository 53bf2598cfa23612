package dev.writ.node.refusal;

/**
 * A typed refusal: a stable code and a detail for people. Thrown inside the pipelines and turned
 * into a REFUSAL evidence record and a problem+json answer at the edge. The subject and detail are
 * made safe here, where every refusal is made, so that no record, story key, answer or log line
 * carries the request's bytes as sent ({@link RefusalText}, invariant 9).
 */
public final class Refusal extends Exception {
    private final RefusalCode code;
    private final String subject;

    public Refusal(RefusalCode code, String subject, String detail) {
        super(RefusalText.printable(detail), null, false, false);
        this.code = code;
        this.subject = RefusalText.subject(subject);
    }

    public RefusalCode code() {
        return code;
    }

    /**
     * The jti, proposal id or agent the refusal is about, as {@link RefusalText#subject} renders it;
     * "" when the request named none.
     */
    public String subject() {
        return subject;
    }

    public String detail() {
        return getMessage();
    }

    @Override
    public String toString() {
        return code + " (" + subject + "): " + getMessage();
    }
}

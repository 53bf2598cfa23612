package dev.writ.chaos.history;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.Objects;

/**
 * One line of a drill's history: an invocation or completion by one process (a client worker or
 * the nemesis). A process has at most one operation outstanding, so an invocation's completion is
 * the next event of the same process.
 *
 * @param index  position in the history, from 0
 * @param micros time since the drill started, in microseconds (monotonic clock)
 * @param f      what was done: {@code propose}, {@code redeem}, {@code revoke}, {@code policy} (an
 *               operator puts a new policy version in force), or for the nemesis {@code start} /
 *               {@code heal}
 * @param node   the node the client talked to, or the node a fault hit
 * @param key    the proposal id of a proposal, the jti of a redemption or revocation, the change id
 *               of a policy change
 * @param jti    on an admitted proposal, the writ's jti
 * @param value  the answer: a decision, a refusal code, a receipt's node, a fault's description, the
 *               block a policy change was executed in
 * @param policy on an admitted proposal, the policy version its writ was minted under
 *               ({@code policy_epoch.version}); on a policy change, the version it puts in force, which
 *               is also the new {@code minimum-writ-version}; absent otherwise (and in histories
 *               recorded before policy changes were drilled)
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Event(long index, long micros, String process, EventType type, String f, String node, String key,
                    String jti, String value, Long policy) {

    public static final String NEMESIS = "nemesis";

    public Event {
        Objects.requireNonNull(process, "process");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(f, "f");
    }

    @JsonIgnore
    public boolean isNemesis() {
        return NEMESIS.equals(process);
    }

    /** A short human form for counterexamples: {@code #12 @3.201s pep-1 OK redeem jti=… via acme-2 -> acme-2}. */
    public String describe() {
        StringBuilder s = new StringBuilder();
        s.append('#').append(index).append(" @").append(String.format("%.3fs", micros / 1e6)).append(' ')
                .append(process).append(' ').append(type).append(' ').append(f);
        if (key != null) {
            s.append(' ').append(key);
        }
        if (jti != null) {
            s.append(" jti=").append(jti);
        }
        if (node != null) {
            s.append(" via ").append(node);
        }
        if (value != null) {
            s.append(" -> ").append(value);
        }
        if (policy != null) {
            s.append(" [policy v").append(policy).append(']');
        }
        return s.toString();
    }
}

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
 * @param value  the answer: a decision, a refusal code, a receipt's node, a fault's description (for
 *               people: checkers read {@code fault} and {@code outcome}), the block a policy change
 *               was executed in
 * @param policy on an admitted proposal, the policy version its writ was minted under
 *               ({@code policy_epoch.version}); on a policy change, the version it puts in force, which
 *               is also the new {@code minimum-writ-version}; absent otherwise (and in histories
 *               recorded before policy changes were drilled)
 * @param dependsOn on a client's invocation, the domain the operation depends on besides the one of
 *               the node it is sent to (a proposal for a target another domain owns, the redemption of
 *               another domain's writ); absent when there is none
 * @param fault  on a nemesis's completion, the kind of fault it started or healed
 * @param outcome on a nemesis's completion, whether the fault was injected or healed; required there
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Event(long index, long micros, String process, EventType type, String f, String node, String key,
                    String jti, String value, Long policy, String dependsOn, FaultKind fault, FaultOutcome outcome) {

    public static final String NEMESIS = "nemesis";

    public Event {
        Objects.requireNonNull(process, "process");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(f, "f");
        boolean nemesisCompletion = NEMESIS.equals(process) && type != EventType.INVOKE;
        if (nemesisCompletion && (fault == null || outcome == null || !outcome.completes(f))) {
            // histories recorded before nemesis events were typed carry neither: they cannot be judged
            throw new IllegalArgumentException("the nemesis's completion of " + f + " must name its fault kind and a "
                    + "matching outcome, got " + fault + " " + outcome);
        }
        if (!nemesisCompletion && (fault != null || outcome != null)) {
            throw new IllegalArgumentException("only the nemesis's completions name a fault and outcome");
        }
        if (dependsOn != null && type != EventType.INVOKE) {
            throw new IllegalArgumentException("what an operation depends on is recorded on its invocation");
        }
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
        if (dependsOn != null) {
            s.append(" [depends on ").append(dependsOn).append(']');
        }
        if (outcome != null) {
            s.append(" [").append(fault).append(' ').append(outcome).append(']');
        }
        return s.toString();
    }
}

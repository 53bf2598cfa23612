package dev.writ.chaos.workload;

import dev.writ.authority.governance.PolicyEnactment;
import dev.writ.chaos.history.Event;
import dev.writ.chaos.history.EventType;
import dev.writ.chaos.history.HistoryFile;
import dev.writ.chaos.sut.DrillPolicies;
import dev.writ.contracts.chain.PolicyDocumentException;
import dev.writ.fabric.FabricChain;
import dev.writ.policy.PolicyFormatException;

/**
 * The operator who changes policy: puts the next version of the drill policy in force through the
 * chain's PolicyRegistry (multisig, timelock, execution: {@link FabricChain#enactExecuted}), with
 * {@code minimum-writ-version} raised to it, so every writ minted before is stale once the nodes
 * read the change. The invocation and completion go to the history as {@code policy} events of
 * process {@value #PROCESS}, carrying the new version; an OK completion names the change id and the
 * block it was executed in. A chain failure is INFO (the change may have been executed), a
 * policy that cannot be built or encoded is FAIL; either way the next change takes the next
 * version, since the registry refuses a version that does not increase.
 */
public final class PolicyOperator {
    public static final String PROCESS = "operator";

    private final FabricChain chain;
    private final HistoryFile history;
    private long version;

    /** @param inForce the version enacted before the drill began */
    public PolicyOperator(FabricChain chain, HistoryFile history, long inForce) {
        this.chain = chain;
        this.history = history;
        this.version = inForce;
    }

    /** Enacts the next version and returns the completion recorded for it. */
    public Event changePolicy() throws InterruptedException {
        long next = ++version;
        history.append(PROCESS, EventType.INVOKE, "policy", null, null, null, null, next);
        try {
            PolicyEnactment.Executed e = chain.enactExecuted(DrillPolicies.version(next));
            return history.append(PROCESS, EventType.OK, "policy", null, "change " + e.change().id(), null,
                    "executed in block " + e.block(), next);
        } catch (PolicyFormatException | PolicyDocumentException e) {
            return history.append(PROCESS, EventType.FAIL, "policy", null, null, null, shorten(e.toString()), next);
        } catch (InterruptedException e) {
            history.append(PROCESS, EventType.INFO, "policy", null, null, null, "interrupted", next);
            throw e;
        } catch (RuntimeException e) {
            return history.append(PROCESS, EventType.INFO, "policy", null, null, null, shorten(e.toString()), next);
        }
    }

    private static String shorten(String s) {
        return s.length() <= 160 ? s : s.substring(0, 160) + "...";
    }
}

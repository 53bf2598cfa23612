package dev.writ.node;

import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import org.apache.pekko.Done;
import org.apache.pekko.actor.CoordinatedShutdown;
import org.apache.pekko.actor.CoordinatedShutdown.Reason;
import org.apache.pekko.actor.typed.ActorSystem;

/**
 * A node process whose membership the cluster ended exits, for its supervisor to start it again
 * (D55). A member that was downed or removed can never rejoin under the same actor
 * system (its address is quarantined, its incarnation gone); only a new process can. Pekko shuts
 * the actor system down itself ({@code pekko.cluster.run-coordinated-shutdown-when-down}), but
 * leaves the JVM running, which kept a node that answered nothing; this watches the shutdown's
 * reason, and {@link NodeMain} exits with {@link #CODE} when it was the cluster's, not the process's.
 */
public final class ClusterExit {
    /**
     * Exit code of a node process whose membership the cluster ended (downed, removed, or its join
     * given up): 75, EX_TEMPFAIL of sysexits.h, "try again". ops/systemd/writ-node.service and
     * LocalFabric restart a node that exits with it.
     */
    public static final int CODE = 75;

    private ClusterExit() {
    }

    /**
     * Completes with why, in an operator's words, once {@code system} shuts down for a reason of the
     * cluster's own; never when this process asked for it (a terminate, the JVM exiting).
     */
    public static CompletableFuture<String> watch(ActorSystem<?> system) {
        CompletableFuture<String> ended = new CompletableFuture<>();
        CoordinatedShutdown shutdown = CoordinatedShutdown.get(system);
        // the first phase: the reason is known from the start, whatever later phases wait for
        shutdown.addTask(CoordinatedShutdown.PhaseBeforeServiceUnbind(), "writ-cluster-exit", () -> {
            why(shutdown.getShutdownReason()).ifPresent(ended::complete);
            return CompletableFuture.completedFuture(Done.getInstance());
        });
        return ended;
    }

    /** Why the cluster ended this member, or empty when the shutdown was the process's own doing. */
    static Optional<String> why(Optional<Reason> reason) {
        if (reason.isEmpty() || reason.get() == CoordinatedShutdown.actorSystemTerminateReason()
                || reason.get() == CoordinatedShutdown.jvmExitReason()) {
            return Optional.empty();
        }
        Reason r = reason.get();
        if (r == CoordinatedShutdown.clusterDowningReason()) {
            return Optional.of("the cluster downed this node (its domain's split brain resolver, an operator, or any"
                    + " other cluster member: Pekko lets every member down any other)");
        }
        if (r == CoordinatedShutdown.clusterLeavingReason()) {
            // this process leaves only when it stops, and then the reason is its own: someone else asked
            return Optional.of("this node was removed from the cluster after a Leave it did not ask for (an operator's"
                    + " tool, or any other cluster member: Pekko lets every member make any other leave)");
        }
        if (r == CoordinatedShutdown.clusterJoinUnsuccessfulReason()) {
            return Optional.of("this node could not join its seed nodes");
        }
        if (r == CoordinatedShutdown.incompatibleConfigurationDetectedReason()) {
            return Optional.of("the cluster refused this node's configuration as incompatible");
        }
        return Optional.of("the actor system shut down (" + r + ")");
    }
}

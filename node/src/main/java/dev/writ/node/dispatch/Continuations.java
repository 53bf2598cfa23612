package dev.writ.node.dispatch;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;

/**
 * Where the work after an ask runs. Pekko's Java {@code ask} (and every other Scala-future bridge)
 * returns a stage whose dependent stages run asynchronously on CompletableFuture's default
 * executor; on a 2-core machine the common pool's parallelism is 1, and that executor then starts a
 * new thread for every task (three threads per action were measured). Every such stage is settled
 * here onto the executor the node chose, so what follows runs there (docs/decisions.md, D32).
 */
public final class Continuations {
    private Continuations() {
    }

    /** A plain future completed on {@code executor} with {@code stage}'s outcome. */
    public static <T> CompletableFuture<T> on(Executor executor, CompletionStage<T> stage) {
        CompletableFuture<T> settled = new CompletableFuture<>();
        stage.whenCompleteAsync((value, failure) -> {
            if (failure != null) {
                settled.completeExceptionally(failure);
            } else {
                settled.complete(value);
            }
        }, executor);
        return settled;
    }
}

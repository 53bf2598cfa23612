package dev.writ.node.exchange;

import com.google.protobuf.InvalidProtocolBufferException;
import dev.writ.node.dispatch.Continuations;
import dev.writ.node.refusal.Refusal;
import dev.writ.node.refusal.RefusalCode;
import dev.writ.protocol.wire.Reconciliation;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.regex.Pattern;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.javadsl.AskPattern;

/**
 * {@code GET /v1/reconciliation[?at=domain:seq,...]}: this node's reconciliation state, its digest,
 * and the digest at a cut, which every node that holds the same envelopes up to the cut answers
 * identically (invariant 7; the drills compare them across nodes and domains after healing).
 */
public final class ReconciliationQuery {
    private static final Pattern CUT = Pattern.compile("([a-z0-9][a-z0-9.-]{0,62}):(-?[0-9]{1,18})");

    private final Optional<ActorRef<ExchangeEndpoint.Command>> endpoint;
    private final ActorSystem<?> system;
    private final Duration timeout;

    public ReconciliationQuery(Optional<ActorRef<ExchangeEndpoint.Command>> endpoint, ActorSystem<?> system,
                               Duration timeout) {
        this.endpoint = endpoint;
        this.system = system;
        this.timeout = timeout;
    }

    public CompletionStage<Reconciliation> query(Optional<String> at) {
        if (endpoint.isEmpty()) {
            return CompletableFuture.failedFuture(new Refusal(RefusalCode.NOT_FOUND, "",
                    "this node does not take part in proof exchange (writ.exchange.enabled = off)"));
        }
        Map<String, Long> cut = new TreeMap<>();
        if (at.isPresent() && !at.get().isEmpty()) {
            for (String part : at.get().split(",")) {
                var m = CUT.matcher(part);
                if (!m.matches()) {
                    return CompletableFuture.failedFuture(new Refusal(RefusalCode.MALFORMED, "",
                            "at is a comma-separated list of domain:seq, got '" + part + "'"));
                }
                cut.put(m.group(1), Long.parseLong(m.group(2)));
            }
        }
        return Continuations.on(system.executionContext(),
                        AskPattern.<ExchangeEndpoint.Command, ExchangeEndpoint.ReconciliationAnswer>ask(endpoint.get(),
                                reply -> new ExchangeEndpoint.ReconciliationRequest(cut, reply), timeout, system.scheduler()))
                .thenApply(answer -> {
                    try {
                        return Reconciliation.parseFrom(answer.reconciliation());
                    } catch (InvalidProtocolBufferException e) {
                        throw new CompletionException(e);
                    }
                });
    }
}

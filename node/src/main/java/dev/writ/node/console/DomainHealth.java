package dev.writ.node.console;

import dev.writ.node.dispatch.Continuations;
import dev.writ.node.health.HealthPeer;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import org.apache.pekko.actor.Address;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.javadsl.AskPattern;
import org.apache.pekko.actor.typed.receptionist.Receptionist;

/**
 * The health of every node of this domain: each round asks the {@link HealthPeer} of every
 * reachable member of this node's own data center (the domain), one ask per member, each within
 * {@code writ.console.peer-health-timeout}, and keeps what they answered for the fabric view. Only
 * a peer whose address is such a member is asked or believed: Artery's mutual TLS and the
 * domain-bound member certificates (D40) say who that is. Other domains' nodes are shown by
 * membership and continuity only. One round runs at a time; the console starts one every push.
 */
final class DomainHealth {
    /** What the last round asked (member addresses) and what each answered (by address). */
    record Round(long askedAtMillis, Set<String> asked, Map<String, HealthPeer.Answer> answers) {
        static final Round NONE = new Round(0, Set.of(), Map.of());

        Round {
            asked = Set.copyOf(asked);
            answers = Map.copyOf(answers);
        }
    }

    /** What the fabric view says of one member's health. */
    sealed interface Seen {
        /** The member answered the last round. */
        record Answered(HealthPeer.Answer answer) implements Seen {
        }

        /** The member was asked and did not answer within the timeout. */
        record NoAnswer() implements Seen {
        }

        /** The member was not asked: {@code why}. */
        record NotAsked(String why) implements Seen {
        }
    }

    /** What the last round knows of {@code member}, a member of this domain. */
    static Seen seen(FabricView.Member member, Round round) {
        HealthPeer.Answer answer = round.answers().get(member.address());
        if (answer != null) {
            return new Seen.Answered(answer);
        }
        if (round.asked().contains(member.address())) {
            return new Seen.NoAnswer();
        }
        return new Seen.NotAsked(member.reachable() ? "not asked yet" : "unreachable");
    }

    /** The members a round asks: this domain's reachable ones, by address. */
    static Set<String> askable(List<FabricView.Member> members, String domain) {
        return members.stream().filter(m -> m.domain().equals(domain) && m.reachable())
                .map(FabricView.Member::address).collect(Collectors.toSet());
    }

    private final ActorSystem<?> system;
    private final String domain;
    private final Address self;
    private final Supplier<List<FabricView.Member>> members;
    private final Clock clock;
    private final Duration timeout;
    private final AtomicBoolean asking = new AtomicBoolean();
    private volatile Round last = Round.NONE;

    DomainHealth(ActorSystem<?> system, String domain, Address self, Supplier<List<FabricView.Member>> members,
                 Clock clock, Duration timeout) {
        this.system = system;
        this.domain = domain;
        this.self = self;
        this.members = members;
        this.clock = clock;
        this.timeout = timeout;
    }

    Round last() {
        return last;
    }

    /** Starts a round unless one is under way; its answers replace the last round's once all are in. */
    void refresh() {
        if (!asking.compareAndSet(false, true)) {
            return;
        }
        long now = clock.millis();
        Set<String> askable;
        try {
            askable = askable(members.get(), domain);
        } catch (RuntimeException e) {
            asking.set(false); // the next push starts a new round
            throw e;
        }
        Continuations.on(system.executionContext(), AskPattern.<Receptionist.Command, Receptionist.Listing>ask(
                        system.receptionist(), reply -> Receptionist.find(HealthPeer.serviceKey(domain), reply),
                        timeout, system.scheduler()))
                .thenCompose(listing -> {
                    Map<String, ActorRef<HealthPeer.Command>> byMember = new HashMap<>();
                    for (ActorRef<HealthPeer.Command> peer : listing.getServiceInstances(HealthPeer.serviceKey(domain))) {
                        Address at = peer.path().address();
                        String address = (at.hasLocalScope() ? self : at).toString();
                        if (askable.contains(address)) {
                            byMember.putIfAbsent(address, peer); // one ask per member, at most the members
                        }
                    }
                    Map<String, HealthPeer.Answer> answers = new ConcurrentHashMap<>();
                    List<CompletableFuture<Void>> asks = new ArrayList<>();
                    byMember.forEach((address, peer) -> asks.add(Continuations.on(system.executionContext(),
                                    AskPattern.<HealthPeer.Command, HealthPeer.Answer>ask(peer, HealthPeer.Ask::new,
                                            timeout, system.scheduler()))
                            .handle((answer, failure) -> {
                                Optional.ofNullable(answer).ifPresent(a -> answers.put(address, a));
                                return null;
                            })));
                    return CompletableFuture.allOf(asks.toArray(CompletableFuture[]::new))
                            .thenApply(all -> new Round(now, askable, answers));
                })
                .whenComplete((round, failure) -> {
                    // a failed listing leaves every member asked and unanswered: "no answer", not an old answer
                    last = round != null ? round : new Round(now, askable, Map.of());
                    asking.set(false);
                });
    }
}

package dev.writ.node.exchange;

import dev.writ.contracts.chain.AgentRegistryContract;
import dev.writ.contracts.chain.ChainClient;
import dev.writ.node.NodeContext;
import dev.writ.node.redemption.PartnerWrits;
import dev.writ.node.revocation.RevocationLedger;
import java.util.Optional;
import javax.sql.DataSource;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Props;
import org.apache.pekko.actor.typed.SupervisorStrategy;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.cluster.typed.ClusterSingleton;
import org.apache.pekko.cluster.typed.SingletonActor;

/**
 * A node's part in the proof exchange between domains, started when {@code writ.exchange.enabled}:
 * the domain's {@link Publisher} (one per domain, a singleton in its data center), this node's
 * {@link ExchangeEndpoint}, and the redemption path for partners' writs.
 */
public record Exchange(Optional<ActorRef<Publisher.Command>> publisher,
                       Optional<ActorRef<ExchangeEndpoint.Command>> endpoint,
                       Optional<PartnerWrits> writs) {

    public static Exchange start(NodeContext ctx, ExchangeSettings settings, DataSource pool, RevocationLedger ledger) {
        if (!settings.enabled()) {
            return new Exchange(Optional.empty(), Optional.empty(), Optional.empty());
        }
        ChainClient chain = ChainClient.connect(ctx.settings().chain().rpcUrl(), ctx.settings().chain().chainId());
        ctx.system().getWhenTerminated().thenRun(chain::close);
        PartnerKeys keys = new PartnerKeys(new AgentRegistryContract(chain, settings.registryAddress()), ctx.clock(),
                settings.keyRefreshInterval());
        EnvelopeOutbox outbox = new EnvelopeOutbox(pool, ctx.domain());
        ActorRef<Publisher.Command> publisher = ClusterSingleton.get(ctx.system()).init(SingletonActor.of(
                Behaviors.supervise(Publisher.create(new Publisher.Sources(ctx.domain(), ctx.nodeId(), ctx.nodeKey(),
                                outbox, ledger, ctx.store(), ctx.policy(), ctx.clock(), ctx.blocking()),
                        settings.beaconInterval())).onFailure(SupervisorStrategy.restart()),
                "writ-exchange-publisher"));
        ActorRef<ExchangeEndpoint.Command> endpoint = ctx.system().systemActorOf(
                Behaviors.supervise(ExchangeEndpoint.create(new ExchangeEndpoint.Sources(ctx.domain(), ctx.nodeId(), keys,
                        outbox, new IssuanceLineages(ctx.store(), ctx.domain(), settings.lineageMaxRecords()),
                        ctx.evidence(), ctx.partners(), ctx.clock(), ctx.blocking(), settings,
                        ctx.settings().askTimeout()))).onFailure(SupervisorStrategy.restart()),
                "writ-exchange-endpoint", Props.empty());
        return new Exchange(Optional.of(publisher), Optional.of(endpoint), Optional.of(new PartnerWrits(ctx, keys)));
    }

    /** Sends new revocations to the other domains now rather than at the next beacon. */
    public void publishNow() {
        publisher.ifPresent(p -> p.tell(Publisher.Poke.INSTANCE));
    }
}

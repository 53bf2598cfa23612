package dev.writ.node.exchange;

import dev.writ.contracts.chain.AgentRegistryContract;
import dev.writ.contracts.chain.ChainClient;
import dev.writ.node.config.NodeSettings;
import dev.writ.node.evidence.EvidenceLog;
import dev.writ.node.evidence.EvidenceStore;
import dev.writ.node.policy.PolicySource;
import dev.writ.node.revocation.RevocationLedger;
import dev.writ.node.singleton.Singletons;
import dev.writ.protocol.crypto.SigningKey;
import java.time.Clock;
import java.util.Optional;
import java.util.concurrent.Executor;
import javax.sql.DataSource;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.Props;
import org.apache.pekko.actor.typed.SupervisorStrategy;
import org.apache.pekko.actor.typed.javadsl.Behaviors;

/**
 * A node's part in the proof exchange between domains, started when {@code writ.exchange.enabled}:
 * the domain's {@link Publisher} (one per domain, a singleton in its data center), this node's
 * {@link ExchangeEndpoint}, and the partners' keys as registered on chain (for their writs' redemption here).
 */
public record Exchange(Optional<ActorRef<Publisher.Command>> publisher,
                       Optional<ActorRef<ExchangeEndpoint.Command>> endpoint,
                       Optional<PartnerKeys> keys) {

    public static Exchange start(NodeSettings node, ExchangeSettings settings, Clock clock, SigningKey nodeKey,
                                 ActorSystem<?> system, EvidenceStore store, EvidenceLog evidence, PolicySource policy,
                                 PartnerDomains partners, Executor blocking, DataSource pool, RevocationLedger ledger,
                                 StoryPartSource parts) {
        if (!settings.enabled()) {
            return new Exchange(Optional.empty(), Optional.empty(), Optional.empty());
        }
        ChainClient chain = ChainClient.connect(node.chain().rpcUrl(), node.chain().chainId());
        system.getWhenTerminated().thenRun(chain::close);
        PartnerKeys keys = new PartnerKeys(new AgentRegistryContract(chain, settings.registryAddress()), clock,
                settings.keyRefreshInterval(), partners.roster()::speaksWith);
        EnvelopeOutbox outbox = new EnvelopeOutbox(pool, node.domain());
        PartnerAcks acks = new PartnerAcks(pool, node.domain());
        ActorRef<Publisher.Command> publisher = Singletons.get(system).init(
                Behaviors.supervise(Publisher.create(new Publisher.Sources(node.domain(), node.nodeId(), nodeKey,
                                outbox, ledger, store, policy, clock, blocking, acks, partners.roster()::partners,
                                settings.checkpoints()),
                        settings.beaconInterval())).onFailure(SupervisorStrategy.restart()),
                "writ-exchange-publisher");
        ActorRef<ExchangeEndpoint.Command> endpoint = system.systemActorOf(
                Behaviors.supervise(ExchangeEndpoint.create(new ExchangeEndpoint.Sources(node.domain(), node.nodeId(), keys,
                        outbox, acks, new IssuanceLineages(store, node.domain(), settings.lineageMaxRecords()), parts,
                        store, evidence, partners, clock, blocking, settings,
                        node.askTimeout()))).onFailure(SupervisorStrategy.restart()),
                ExchangeEndpoint.NAME, Props.empty());
        return new Exchange(Optional.of(publisher), Optional.of(endpoint), Optional.of(keys));
    }

    /** Sends new revocations to the other domains now rather than at the next beacon. */
    public void publishNow() {
        publisher.ifPresent(p -> p.tell(Publisher.Poke.INSTANCE));
    }
}

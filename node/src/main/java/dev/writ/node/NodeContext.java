package dev.writ.node;

import dev.writ.node.evidence.EvidenceLog;
import dev.writ.node.evidence.EvidenceStore;
import dev.writ.node.exchange.PartnerDomains;
import dev.writ.node.health.HealthState;
import dev.writ.node.keys.DomainKeyCache;
import dev.writ.node.metrics.NodeMetrics;
import dev.writ.node.policy.PolicySource;
import dev.writ.node.revocation.RevocationSnapshot;
import dev.writ.protocol.crypto.SigningKey;
import java.time.Clock;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.cluster.sharding.typed.javadsl.ClusterSharding;

/**
 * What the pipelines of one node share: its identity, clock, key, stores and live views, and the
 * executor for blocking database reads (kept off Pekko's dispatchers).
 */
public record NodeContext(
        NodeSettings settings,
        Clock clock,
        SigningKey nodeKey,
        EvidenceLog evidence,
        EvidenceStore store,
        DomainKeyCache domainKeys,
        PolicySource policy,
        AtomicReference<RevocationSnapshot> revocations,
        HealthState health,
        PartnerDomains partners,
        NodeMetrics metrics,
        ActorSystem<?> system,
        ClusterSharding sharding,
        Executor blocking) {

    public String domain() {
        return settings.domain();
    }

    public String nodeId() {
        return settings.nodeId();
    }
}

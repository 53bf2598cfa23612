package dev.writ.node.identity;

import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.pekko.actor.AbstractExtensionId;
import org.apache.pekko.actor.ActorSystem;
import org.apache.pekko.actor.ExtendedActorSystem;
import org.apache.pekko.actor.Extension;
import org.apache.pekko.actor.ExtensionIdProvider;

/**
 * Which domain's node each member's Artery address proved to be: recorded when this node opens a
 * TLS connection to a member's address and the member's certificate holds (so the address is the
 * member's canonical one), read by {@link MemberCertification}. One per actor system. Bounded: a
 * cluster has far fewer members than {@value #MAX_ADDRESSES}; past that the oldest knowledge is
 * dropped and relearned at the next connection.
 */
public final class CertifiedMembers implements Extension {
    static final int MAX_ADDRESSES = 4096;

    private static final Id ID = new Id();

    private final Map<String, DomainBoundTrust.CertifiedNode> byAddress = new ConcurrentHashMap<>();

    public static CertifiedMembers get(ActorSystem system) {
        return ID.get(system);
    }

    void record(String host, int port, DomainBoundTrust.CertifiedNode node) {
        if (byAddress.size() >= MAX_ADDRESSES && !byAddress.containsKey(key(host, port))) {
            byAddress.clear();
        }
        byAddress.put(key(host, port), node);
    }

    /** The node certified at {@code host:port}, when this node has connected there. */
    Optional<DomainBoundTrust.CertifiedNode> at(String host, int port) {
        return Optional.ofNullable(byAddress.get(key(host, port)));
    }

    private static String key(String host, int port) {
        return host + ":" + port;
    }

    private static final class Id extends AbstractExtensionId<CertifiedMembers> implements ExtensionIdProvider {
        @Override
        public CertifiedMembers createExtension(ExtendedActorSystem system) {
            return new CertifiedMembers();
        }

        @Override
        public Id lookup() {
            return ID;
        }
    }
}

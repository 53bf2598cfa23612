package dev.writ.node.keys;

import dev.writ.protocol.ProtocolException;
import dev.writ.protocol.crypto.KeyId;
import dev.writ.protocol.crypto.SignaturePurpose;
import dev.writ.protocol.crypto.SigningKey;
import dev.writ.protocol.crypto.VerifyingKey;
import java.time.Clock;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Seals the commands this node sends to its domain's sharded entities, and checks the seal of each
 * command an entity receives: it must be signed by a node key registered to this domain in its key
 * directory. Cluster membership lets any member of any data center address any entity (a sharding
 * proxy to another data center is one call); a seal is what a member of another domain cannot make
 * (docs/trust-model.md, "Between cluster members").
 *
 * <p>There is no time or nonce in a seal: a sealed command travels only between members of the
 * domain, over their own Artery connections, so no member of another domain ever sees one to replay;
 * and a time would refuse the commands of a node whose clock is off (a clock-skew drill's).
 *
 * <p>Each refusal is counted per entity type and logged, at most once per second with how many
 * were refused since, so a member flooding refused commands cannot flood the log.
 */
public final class MemberSeals {
    private static final Logger LOG = LoggerFactory.getLogger(MemberSeals.class);
    private static final long WARNING_INTERVAL_MILLIS = 1_000;

    private final SigningKey nodeKey;
    private final String nodeId;
    private final String domain;
    private final NodeKeyLookup keys;
    private final Clock clock;
    private final Map<String, LongAdder> refused = new ConcurrentHashMap<>();
    private final AtomicLong lastWarningMillis = new AtomicLong(Long.MIN_VALUE);
    private final LongAdder unlogged = new LongAdder();

    /** The node keys of this node's domain, by id (its key directory: {@link DomainKeyCache#nodeKey}). */
    @FunctionalInterface
    public interface NodeKeyLookup {
        Optional<VerifyingKey> nodeKey(KeyId id);
    }

    public MemberSeals(SigningKey nodeKey, String nodeId, String domain, NodeKeyLookup keys, Clock clock) {
        this.nodeKey = Objects.requireNonNull(nodeKey, "nodeKey");
        this.nodeId = Objects.requireNonNull(nodeId, "nodeId");
        this.domain = Objects.requireNonNull(domain, "domain");
        this.keys = Objects.requireNonNull(keys, "keys");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /** This node's seal over a command with {@code content} to entity {@code entityId} of {@code entityType}. */
    public MemberSeal seal(String entityType, String entityId, SealedContent content) {
        return new MemberSeal(nodeId, nodeKey.id().bytes(),
                nodeKey.sign(SignaturePurpose.MEMBER_COMMAND, signed(entityType, entityId, nodeId, content)));
    }

    /**
     * Whether {@code seal} proves that a node of this domain sent the command with {@code content} to
     * this entity. A refusal is counted and logged here; the entity drops the command.
     */
    public boolean holds(String entityType, String entityId, SealedContent content, MemberSeal seal) {
        String fault = fault(entityType, entityId, content, seal);
        if (fault == null) {
            return true;
        }
        refused.computeIfAbsent(entityType, t -> new LongAdder()).increment();
        warn(entityType, entityId, seal, fault);
        return false;
    }

    /** Commands refused so far, by entity type; for metrics. */
    public Map<String, Long> refusedByEntityType() {
        return refused.entrySet().stream().collect(Collectors.toMap(Map.Entry::getKey, e -> e.getValue().sum()));
    }

    private String fault(String entityType, String entityId, SealedContent content, MemberSeal seal) {
        if (seal == null) {
            return "the command carries no seal";
        }
        KeyId id;
        try {
            id = KeyId.ofBytes(seal.keyId());
        } catch (ProtocolException e) {
            return "the seal's key id is malformed";
        }
        VerifyingKey key = keys.nodeKey(id).orElse(null);
        if (key == null) {
            return "key " + id + " is not a node key of " + domain;
        }
        try {
            key.verify(SignaturePurpose.MEMBER_COMMAND, signed(entityType, entityId, seal.nodeId(), content),
                    seal.signature());
            return null;
        } catch (ProtocolException e) {
            return "the seal's signature by key " + id + " does not hold for this command";
        }
    }

    private void warn(String entityType, String entityId, MemberSeal seal, String fault) {
        long now = clock.millis();
        long last = lastWarningMillis.get();
        if (now - last < WARNING_INTERVAL_MILLIS || !lastWarningMillis.compareAndSet(last, now)) {
            unlogged.increment();
            return;
        }
        LOG.warn("Dropped a command to {} entity {} that no node of {} sealed ({}; it names node {}); {} more dropped"
                        + " unlogged since the last warning", entityType, printable(entityId), domain, fault,
                seal == null ? "none" : printable(seal.nodeId()), unlogged.sumThenReset());
    }

    /** What the sender chose (the entity it addressed, the node it names), escaped and bounded for the log. */
    private static String printable(String text) {
        StringBuilder out = new StringBuilder();
        text.codePoints().limit(128).forEach(c -> {
            if (c < 0x20 || c == 0x7f || !Character.isDefined(c) || Character.getType(c) == Character.FORMAT) {
                out.append(String.format("\\u%04x", c));
            } else {
                out.appendCodePoint(c);
            }
        });
        return text.codePointCount(0, text.length()) > 128 ? out + "..." : out.toString();
    }

    private static byte[] signed(String entityType, String entityId, String nodeId, SealedContent content) {
        return new SealedContent().text(entityType).text(entityId).text(nodeId).bytes(content.toBytes()).toBytes();
    }
}

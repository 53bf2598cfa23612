package dev.writ.node.exchange;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigValue;
import dev.writ.protocol.identity.SpiffeId;
import dev.writ.reconciliation.Bounds;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/** {@code writ.exchange}: proof exchange between sovereign domains (reference.conf documents each key). */
public record ExchangeSettings(boolean enabled, String registryAddress, Duration beaconInterval, Duration beaconStalenessBound,
                               Duration maxClockSkew, int repairBatch, Duration keyRefreshInterval,
                               Duration lineageWait, int lineageMaxRecords, int maxEnvelopeBytes,
                               Map<String, String> targetOwners, Set<String> partners, int servedPerSecond,
                               int maxStoryPartBytes, int storyPartCache, Checkpoints checkpoints) {

    /**
     * {@code writ.exchange.checkpoints}: how often the domain seals its lineage, how long the outbox
     * keeps what a checkpoint sealed for a partner that has not acknowledged it, how often the
     * publisher prunes, and the most envelopes held per domain above its latest checkpoint.
     */
    public record Checkpoints(int interval, Duration retention, Duration pruneInterval, int maxHeld) {
        static Checkpoints from(Config c) {
            Checkpoints k = new Checkpoints(c.getInt("interval"), c.getDuration("retention"), c.getDuration("prune-interval"),
                    c.getInt("max-held"));
            if (k.interval < 2) {
                throw new IllegalArgumentException("writ.exchange.checkpoints.interval must be at least 2, got " + k.interval);
            }
            if (k.maxHeld < 2L * k.interval) {
                throw new IllegalArgumentException("writ.exchange.checkpoints.max-held must be at least twice interval, or "
                        + "an honest domain's envelopes between two checkpoints would not all be held");
            }
            if (k.retention.isNegative() || k.pruneInterval.isNegative() || k.pruneInterval.isZero()) {
                throw new IllegalArgumentException("writ.exchange.checkpoints: retention must not be negative and "
                        + "prune-interval must be positive");
            }
            return k;
        }
    }

    public static ExchangeSettings from(Config writ) {
        Config c = writ.getConfig("exchange");
        Map<String, String> owners = new TreeMap<>();
        for (Map.Entry<String, ConfigValue> e : c.getObject("target-owners").entrySet()) {
            owners.put(stripQuotes(e.getKey()), String.valueOf(e.getValue().unwrapped()));
        }
        String registry = c.getString("registry-address").isEmpty()
                ? writ.getString("identity.agent-registry.address") : c.getString("registry-address");
        Set<String> partners = new TreeSet<>();
        for (String partner : c.getStringList("partners")) {
            try {
                SpiffeId.trustDomainUri(partner);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("writ.exchange.partners: '" + partner + "' is not a domain name");
            }
            partners.add(partner);
        }
        partners.remove(writ.getString("node.domain"));
        for (Map.Entry<String, String> owner : owners.entrySet()) {
            if (!owner.getValue().equals(writ.getString("node.domain")) && !partners.contains(owner.getValue())) {
                throw new IllegalArgumentException("writ.exchange.target-owners gives " + owner.getKey() + " to "
                        + owner.getValue() + ", which is not in writ.exchange.partners");
            }
        }
        int served = c.getInt("served-requests-per-second");
        if (served < 1) {
            throw new IllegalArgumentException("writ.exchange.served-requests-per-second must be at least 1, got " + served);
        }
        ExchangeSettings s = new ExchangeSettings(c.getBoolean("enabled"), registry, c.getDuration("beacon-interval"),
                c.getDuration("beacon-staleness-bound"), c.getDuration("max-clock-skew"), c.getInt("repair-batch"),
                c.getDuration("key-refresh-interval"), c.getDuration("lineage-wait"), c.getInt("lineage-max-records"),
                (int) c.getBytes("max-envelope-bytes").longValue(), owners, Set.copyOf(partners), served,
                (int) c.getBytes("max-story-part-bytes").longValue(), c.getInt("story-part-cache"),
                Checkpoints.from(c.getConfig("checkpoints")));
        if (s.enabled) {
            if (writ.getString("chain.rpc-url").isEmpty() || !registry.matches("0x[0-9a-fA-F]{40}")) {
                throw new IllegalArgumentException("writ.exchange.enabled needs writ.chain.rpc-url and the AgentRegistry "
                        + "(writ.exchange.registry-address, or writ.identity.agent-registry.address): every domain's keys "
                        + "are read from it; got '" + registry + "'");
            }
            if (s.beaconStalenessBound.compareTo(s.beaconInterval.multipliedBy(2)) < 0) {
                throw new IllegalArgumentException("writ.exchange.beacon-staleness-bound must be at least twice "
                        + "beacon-interval, or every beacon delayed a little makes a domain stale");
            }
        }
        return s;
    }

    private static String stripQuotes(String key) {
        return key.length() >= 2 && key.startsWith("\"") && key.endsWith("\"") ? key.substring(1, key.length() - 1) : key;
    }

    public Bounds bounds() {
        return new Bounds(beaconStalenessBound.toMillis(), maxClockSkew.toMillis());
    }

    /** Whether this node takes envelopes and writs of {@code domain}: its own, or a configured partner's. */
    public boolean speaksWith(String domain, String own) {
        return domain.equals(own) || partners.contains(domain);
    }

    /** The domain whose PEPs redeem writs for {@code target}: a partner named in target-owners, else {@code own}. */
    public String redeemDomain(String target, String own) {
        return targetOwners.getOrDefault(target, own);
    }
}

package dev.writ.node.exchange;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigValue;
import dev.writ.reconciliation.Bounds;
import java.time.Duration;
import java.util.Map;
import java.util.TreeMap;

/** {@code writ.exchange}: proof exchange between sovereign domains (reference.conf documents each key). */
public record ExchangeSettings(boolean enabled, Duration beaconInterval, Duration beaconStalenessBound,
                               Duration maxClockSkew, int repairBatch, Duration keyRefreshInterval,
                               Duration lineageWait, int lineageMaxRecords, int maxEnvelopeBytes,
                               Map<String, String> targetOwners) {

    public static ExchangeSettings from(Config writ) {
        Config c = writ.getConfig("exchange");
        Map<String, String> owners = new TreeMap<>();
        for (Map.Entry<String, ConfigValue> e : c.getObject("target-owners").entrySet()) {
            owners.put(stripQuotes(e.getKey()), String.valueOf(e.getValue().unwrapped()));
        }
        ExchangeSettings s = new ExchangeSettings(c.getBoolean("enabled"), c.getDuration("beacon-interval"),
                c.getDuration("beacon-staleness-bound"), c.getDuration("max-clock-skew"), c.getInt("repair-batch"),
                c.getDuration("key-refresh-interval"), c.getDuration("lineage-wait"), c.getInt("lineage-max-records"),
                (int) c.getBytes("max-envelope-bytes").longValue(), owners);
        if (s.enabled) {
            if (writ.getString("chain.rpc-url").isEmpty() || writ.getString("identity.agent-registry.address").isEmpty()) {
                throw new IllegalArgumentException("writ.exchange.enabled needs writ.chain.rpc-url and "
                        + "writ.identity.agent-registry.address: partner domains' keys are read from the AgentRegistry");
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

    /** The domain whose PEPs redeem writs for {@code target}: a partner named in target-owners, else {@code own}. */
    public String redeemDomain(String target, String own) {
        return targetOwners.getOrDefault(target, own);
    }
}

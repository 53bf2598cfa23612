package dev.writ.node.exchange;

import com.typesafe.config.Config;
import dev.writ.reconciliation.Bounds;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

/**
 * {@code writ.exchange}: proof exchange between sovereign domains (reference.conf documents each key).
 * {@code roster} is the partner list at start: {@code partners} and {@code target-owners}, or the
 * {@code partners-file} when one is named, which {@link PartnersFile} then checks again every
 * {@code partnersFileCheckInterval}.
 */
public record ExchangeSettings(boolean enabled, String registryAddress, Duration beaconInterval, Duration beaconStalenessBound,
                               Duration maxClockSkew, int repairBatch, Duration keyRefreshInterval,
                               Duration lineageWait, int lineageMaxRecords, int maxEnvelopeBytes,
                               PartnerRoster.Roster roster, Optional<Path> partnersFile, Duration partnersFileCheckInterval,
                               int servedPerSecond, int maxStoryPartBytes, int storyPartCache, Checkpoints checkpoints) {


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
        String own = writ.getString("node.domain");
        String registry = c.getString("registry-address").isEmpty()
                ? writ.getString("identity.agent-registry.address") : c.getString("registry-address");
        Optional<Path> file = c.getString("partners-file").isEmpty() ? Optional.empty()
                : Optional.of(Path.of(c.getString("partners-file")));
        PartnerRoster.Roster roster;
        if (file.isPresent()) {
            if (!c.getStringList("partners").isEmpty() || !c.getObject("target-owners").isEmpty()) {
                throw new IllegalArgumentException("writ.exchange.partners-file names the partner list; writ.exchange.partners"
                        + " and target-owners must then be empty (one list, in one place)");
            }
            roster = PartnersFile.read(file.get(), own);
        } else {
            roster = PartnerRoster.Roster.parse(c, own, "writ.exchange.");
        }
        int served = c.getInt("served-requests-per-second");
        if (served < 1) {
            throw new IllegalArgumentException("writ.exchange.served-requests-per-second must be at least 1, got " + served);
        }
        ExchangeSettings s = new ExchangeSettings(c.getBoolean("enabled"), registry, c.getDuration("beacon-interval"),
                c.getDuration("beacon-staleness-bound"), c.getDuration("max-clock-skew"), c.getInt("repair-batch"),
                c.getDuration("key-refresh-interval"), c.getDuration("lineage-wait"), c.getInt("lineage-max-records"),
                (int) c.getBytes("max-envelope-bytes").longValue(), roster, file, c.getDuration("partners-file-check-interval"),
                served, (int) c.getBytes("max-story-part-bytes").longValue(), c.getInt("story-part-cache"),
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
        if (s.partnersFileCheckInterval.isNegative() || s.partnersFileCheckInterval.isZero()) {
            throw new IllegalArgumentException("writ.exchange.partners-file-check-interval must be positive");
        }
        return s;
    }

    public Bounds bounds() {
        return new Bounds(beaconStalenessBound.toMillis(), maxClockSkew.toMillis());
    }
}

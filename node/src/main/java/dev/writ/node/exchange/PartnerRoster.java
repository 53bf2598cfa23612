package dev.writ.node.exchange;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigValue;
import dev.writ.protocol.identity.SpiffeId;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The other domains this node exchanges proof with, and the targets they own, in force now:
 * {@code writ.exchange.partners} and {@code target-owners}, or, with {@code writ.exchange.partners-file},
 * that file as last read ({@link PartnersFile}). Every envelope, writ, key lookup and story part of
 * another domain asks it, so a domain removed here is refused from the next one on.
 */
public final class PartnerRoster {
    /** One version of the list: the partners (never the own domain) and target name -> owning domain. */
    public record Roster(Set<String> partners, Map<String, String> targetOwners) {
        public Roster {
            partners = Set.copyOf(partners);
            targetOwners = Map.copyOf(targetOwners);
        }

        /**
         * The {@code partners} and {@code target-owners} of {@code c}, checked: partners are domain
         * names, every target's owner is this domain or a partner. {@code prefix} names the keys in
         * messages ("writ.exchange." for the node's config, "" for a partners file).
         */
        public static Roster parse(Config c, String own, String prefix) {
            Set<String> partners = new TreeSet<>();
            for (String partner : c.hasPath("partners") ? c.getStringList("partners") : List.<String>of()) {
                try {
                    SpiffeId.trustDomainUri(partner);
                } catch (IllegalArgumentException e) {
                    throw new IllegalArgumentException(prefix + "partners: '" + partner + "' is not a domain name");
                }
                partners.add(partner);
            }
            partners.remove(own);
            Map<String, String> owners = new TreeMap<>();
            if (c.hasPath("target-owners")) {
                for (Map.Entry<String, ConfigValue> e : c.getObject("target-owners").entrySet()) {
                    owners.put(stripQuotes(e.getKey()), String.valueOf(e.getValue().unwrapped()));
                }
            }
            for (Map.Entry<String, String> owner : owners.entrySet()) {
                if (!owner.getValue().equals(own) && !partners.contains(owner.getValue())) {
                    throw new IllegalArgumentException(prefix + "target-owners gives " + owner.getKey() + " to "
                            + owner.getValue() + ", which is not in " + prefix + "partners");
                }
            }
            return new Roster(partners, owners);
        }

        private static String stripQuotes(String key) {
            return key.length() >= 2 && key.startsWith("\"") && key.endsWith("\"") ? key.substring(1, key.length() - 1) : key;
        }
    }

    private final String own;
    private final AtomicReference<Roster> current;

    public PartnerRoster(String own, Roster initial) {
        this.own = own;
        this.current = new AtomicReference<>(initial);
    }

    public Roster current() {
        return current.get();
    }

    public Set<String> partners() {
        return current.get().partners();
    }

    /** Whether this node takes envelopes and writs of {@code domain} now: its own, or a partner's. */
    public boolean speaksWith(String domain) {
        return domain.equals(own) || current.get().partners().contains(domain);
    }

    /** The domain whose PEPs redeem writs for {@code target}: the partner that owns it, else this node's own. */
    public String redeemDomain(String target) {
        return current.get().targetOwners().getOrDefault(target, own);
    }

    /** Puts {@code next} in force; the one it replaces is returned. */
    Roster replace(Roster next) {
        return current.getAndSet(next);
    }
}

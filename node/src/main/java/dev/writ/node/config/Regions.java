package dev.writ.node.config;

import com.typesafe.config.Config;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * The regions of this node's domain ({@code writ.node.region}, {@code writ.regions}): the region
 * this node runs in, which is its Pekko cluster role {@code region:<name>}, and each region's share
 * of every budget's limit. With no shares configured the domain is one region: the budget owners and
 * parked approvals keep the entity type names and ids they always had, and are placed on any node.
 * With shares, each region has entity types of its own, placed only on the nodes with its role, and
 * their ids carry the region (D78, -2).
 *
 * @param self   the region this node runs in
 * @param shares each region's share of every budget's limit, by region name; empty: one region
 */
public record Regions(String self, Map<String, BigDecimal> shares) {
    /** A region name: lower-case letters, digits and '-', so a type name or entity id suffix stays unambiguous. */
    private static final String NAME = "[a-z0-9][a-z0-9-]{0,31}";

    public Regions {
        Objects.requireNonNull(self, "self");
        if (!self.matches(NAME)) {
            throw new IllegalArgumentException("writ.node.region must be 1-32 lower-case letters, digits or '-', got '" + self + "'");
        }
        shares = Map.copyOf(new TreeMap<>(shares));
        BigDecimal total = BigDecimal.ZERO;
        for (Map.Entry<String, BigDecimal> share : shares.entrySet()) {
            if (!share.getKey().matches(NAME)) {
                throw new IllegalArgumentException("writ.regions.budget-shares: a region name is 1-32 lower-case letters,"
                        + " digits or '-', got '" + share.getKey() + "'");
            }
            if (share.getValue().signum() <= 0 || share.getValue().compareTo(BigDecimal.ONE) > 0) {
                throw new IllegalArgumentException("writ.regions.budget-shares." + share.getKey() + " must be in (0, 1], got "
                        + share.getValue().toPlainString());
            }
            total = total.add(share.getValue());
        }
        if (total.compareTo(BigDecimal.ONE) > 0) {
            // fail closed: shares that add up to more than the whole would let the regions together overspend
            throw new IllegalArgumentException("writ.regions.budget-shares add up to " + total.toPlainString()
                    + ", more than the whole limit (1)");
        }
        if (!shares.isEmpty() && !shares.containsKey(self)) {
            throw new IllegalArgumentException("writ.node.region '" + self + "' has no share in writ.regions.budget-shares "
                    + shares.keySet());
        }
    }

    /** One region, the whole limit: what a node without {@code writ.regions} runs as. */
    public static Regions single(String self) {
        return new Regions(self, Map.of());
    }

    static Regions from(Config writ) {
        Config shares = writ.getConfig("regions.budget-shares");
        Map<String, BigDecimal> parsed = new TreeMap<>();
        for (String region : shares.root().keySet()) {
            String value = shares.getString(region);
            try {
                parsed.put(region, new BigDecimal(value));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("writ.regions.budget-shares." + region + " must be a decimal, got '" + value + "'", e);
            }
        }
        return new Regions(writ.getString("node.region"), parsed);
    }

    /** Whether the domain is split into regions with entity types of their own. */
    public boolean split() {
        return !shares.isEmpty();
    }

    /** The cluster role of the nodes of {@code region}. */
    public static String role(String region) {
        return "region:" + region;
    }

    /** This node's cluster role. */
    public String role() {
        return role(self);
    }

    /** Every region, this node's first; just this one when the domain is not split. */
    public List<String> names() {
        List<String> names = new ArrayList<>();
        names.add(self);
        shares.keySet().stream().filter(r -> !r.equals(self)).forEach(names::add);
        return List.copyOf(names);
    }

    /** The share of every budget's limit the owners in {@code region} may grant: the whole limit when not split. */
    public BigDecimal share(String region) {
        if (!split()) {
            return BigDecimal.ONE;
        }
        BigDecimal share = shares.get(region);
        if (share == null) {
            throw new IllegalArgumentException("region '" + region + "' has no share in writ.regions.budget-shares");
        }
        return share;
    }

    /** The sharding type name of entity type {@code base} in {@code region}: {@code base} itself when not split. */
    public String typeName(String base, String region) {
        return split() ? base + "-" + region : base;
    }

    /** The id of the entity {@code id} in {@code region}: {@code id} itself when not split. */
    public String entityId(String id, String region) {
        return split() ? id + "@" + region : id;
    }
}

package dev.writ.fabric;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigParseOptions;
import com.typesafe.config.ConfigSyntax;
import com.typesafe.config.ConfigValue;
import com.typesafe.config.ConfigValueType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * A topology a user writes (HOCON or JSON; docs/regions.md, examples/): the regions, each
 * domain's nodes region by region and the regions of its database's primary and standbys, the
 * round trip between regions and the database kind. Every error names the file and line.
 *
 * <pre>
 * round-trip = 60ms                  # added by every link between two regions (optional, 60ms)
 * database = replicated-postgres     # h2 (default) | postgres | replicated-postgres
 * regions = [eu-west, us-east, ap-south]
 * domains = [
 *   { name = acme
 *     regions = [ { region = eu-west, nodes = 2 }, { region = us-east, nodes = [acme-us-1] } ]
 *     database { primary = eu-west, standby = us-east } }   # or standbys = [us-east, ap-south]: quorum
 * ]
 * </pre>
 * A count of nodes names them {@code <domain>-<region>-<i>}.
 */
public record TopologyFile(Topology topology, Duration roundTrip, Database database) {

    /** Which database each domain gets. */
    public enum Database {
        /** An embedded H2 server in the launcher, in the primary's region; no standby. */
        H2,
        /** A fresh database on the machine's PostgreSQL (127.0.0.1:5432), in the primary's region; no standby. */
        POSTGRES,
        /** A primary and a synchronous standby per domain ({@code ReplicatedDatabase}), in the regions named. */
        REPLICATED_POSTGRES
    }

    private static final Set<String> TOP = Set.of("round-trip", "database", "regions", "domains");
    private static final Set<String> DOMAIN = Set.of("name", "regions", "database");
    private static final Set<String> REGION = Set.of("region", "nodes");
    private static final Set<String> DATABASE = Set.of("primary", "standby", "standbys");

    public TopologyFile {
        java.util.Objects.requireNonNull(topology, "topology");
        java.util.Objects.requireNonNull(roundTrip, "roundTrip");
        java.util.Objects.requireNonNull(database, "database");
    }

    public static TopologyFile read(Path file) {
        if (!Files.isRegularFile(file)) {
            throw new IllegalArgumentException("topology file " + file + " does not exist");
        }
        ConfigSyntax syntax = file.toString().endsWith(".json") ? ConfigSyntax.JSON : ConfigSyntax.CONF;
        try {
            return from(ConfigFactory.parseFile(file.toFile(),
                    ConfigParseOptions.defaults().setSyntax(syntax).setAllowMissing(false)).resolve());
        } catch (ConfigException e) {
            throw new IllegalArgumentException("topology file " + e.getMessage(), e);
        }
    }

    /** From HOCON text (tests, and files already read); {@code name} stands for the file in errors. */
    public static TopologyFile parse(String text, String name) {
        try {
            return from(ConfigFactory.parseString(text, ConfigParseOptions.defaults().setOriginDescription(name))
                    .resolve());
        } catch (ConfigException e) {
            throw new IllegalArgumentException("topology file " + e.getMessage(), e);
        }
    }

    /** The options that launch this topology as written: its database and round trip, over {@code builder}'s. */
    public FabricOptions.Builder applyTo(FabricOptions.Builder builder) {
        builder.regionRoundTrip(roundTrip);
        return builder.database(switch (database) {
            case H2 -> DatabaseChoice.h2();
            case POSTGRES -> DatabaseChoice.localPostgres();
            case REPLICATED_POSTGRES -> new DatabaseChoice.ReplicatedPostgres(roundTrip.dividedBy(2));
        });
    }

    private static TopologyFile from(Config root) {
        onlyKeys(root, TOP, "the top level");
        Duration roundTrip = root.hasPath("round-trip") ? root.getDuration("round-trip") : FabricOptions.DEFAULT_REGION_ROUND_TRIP;
        if (roundTrip.isNegative()) {
            throw error(root.getValue("round-trip"), "round-trip is zero or more, got " + roundTrip);
        }
        Database database = Database.H2;
        if (root.hasPath("database")) {
            String kind = root.getString("database");
            try {
                database = Database.valueOf(kind.toUpperCase(Locale.ROOT).replace('-', '_'));
            } catch (IllegalArgumentException e) {
                throw error(root.getValue("database"), "database is h2, postgres or replicated-postgres, got '" + kind + "'");
            }
        }
        if (!root.hasPath("regions")) {
            throw new IllegalArgumentException("topology file " + root.origin().description()
                    + ": 'regions' is missing: the list of region names, e.g. regions = [eu-west, us-east]");
        }
        List<String> regions = root.getStringList("regions");
        for (String r : regions) {
            guard(root.getValue("regions"), () -> RegionNodes.checkName(r));
        }
        if (new HashSet<>(regions).size() != regions.size()) {
            throw error(root.getValue("regions"), "a region is listed twice: " + regions);
        }
        if (!root.hasPath("domains") || root.getConfigList("domains").isEmpty()) {
            throw new IllegalArgumentException("topology file " + root.origin().description()
                    + ": 'domains' is missing or empty: a list of { name, regions, database }");
        }
        List<DomainNodes> domains = new ArrayList<>();
        Set<String> used = new HashSet<>();
        for (Config d : root.getConfigList("domains")) {
            DomainNodes domain = domain(d, regions, database);
            domain.regions().forEach(r -> used.add(r.region()));
            domains.add(domain);
        }
        for (String r : regions) {
            if (!used.contains(r)) {
                throw error(root.getValue("regions"), "region " + r + " has no node of any domain");
            }
        }
        Topology topology = guard(root.getValue("domains"), () -> new Topology(domains));
        return new TopologyFile(topology, roundTrip, database);
    }

    private static DomainNodes domain(Config d, List<String> regions, Database database) {
        onlyKeys(d, DOMAIN, "a domain");
        for (String key : List.of("name", "regions", "database")) {
            if (!d.hasPath(key)) {
                throw new IllegalArgumentException("topology file " + d.origin().description() + ": a domain needs '"
                        + key + "'");
            }
        }
        String name = d.getString("name");
        List<RegionNodes> placed = new ArrayList<>();
        for (Config r : d.getConfigList("regions")) {
            onlyKeys(r, REGION, "a region of domain " + name);
            if (!r.hasPath("region") || !r.hasPath("nodes")) {
                throw new IllegalArgumentException("topology file " + r.origin().description() + ": a region of domain "
                        + name + " is { region = <name>, nodes = <count or list of ids> }");
            }
            String region = r.getString("region");
            if (!regions.contains(region)) {
                throw error(r.getValue("region"), "domain " + name + " uses region " + region
                        + ", which is not in 'regions' " + regions);
            }
            ConfigValue nodes = r.getValue("nodes");
            List<String> ids;
            if (nodes.valueType() == ConfigValueType.NUMBER) {
                int count = r.getInt("nodes");
                if (count < 1) {
                    throw error(nodes, "a region of domain " + name + " has at least one node, got " + count);
                }
                ids = new ArrayList<>();
                for (int i = 1; i <= count; i++) {
                    ids.add(name + "-" + region + "-" + i);
                }
            } else {
                ids = r.getStringList("nodes");
            }
            List<String> nodeIds = ids;
            placed.add(guard(r.getValue("region"), () -> new RegionNodes(region, nodeIds)));
        }
        Config db = d.getConfig("database");
        onlyKeys(db, DATABASE, "the database of domain " + name);
        if (!db.hasPath("primary")) {
            throw new IllegalArgumentException("topology file " + db.origin().description() + ": the database of domain "
                    + name + " needs 'primary', the region of its primary");
        }
        if (db.hasPath("standby") && db.hasPath("standbys")) {
            throw error(db.getValue("standbys"), "the database of domain " + name + " names 'standby' (one region) or"
                    + " 'standbys' (a list of regions), not both");
        }
        List<String> standbys = db.hasPath("standbys") ? db.getStringList("standbys")
                : db.hasPath("standby") ? List.of(db.getString("standby")) : List.of();
        if (database == Database.REPLICATED_POSTGRES && standbys.isEmpty()) {
            throw error(d.getValue("database"), "database = replicated-postgres: domain " + name
                    + " needs a 'standby' region for its synchronous standby (or 'standbys', a list)");
        }
        if (database != Database.REPLICATED_POSTGRES && !standbys.isEmpty()) {
            throw error(db.getValue(db.hasPath("standby") ? "standby" : "standbys"), "domain " + name
                    + " names a standby, which only database = replicated-postgres runs (this file's is "
                    + database.name().toLowerCase(Locale.ROOT).replace('_', '-') + ")");
        }
        DatabaseRegions where = guard(d.getValue("database"), () -> new DatabaseRegions(db.getString("primary"), standbys));
        return guard(d.getValue("name"), () -> new DomainNodes(name, placed, where));
    }

    private static void onlyKeys(Config c, Set<String> allowed, String where) {
        for (String key : c.root().keySet()) {
            if (!allowed.contains(key)) {
                throw error(c.root().get(key), "unknown key '" + key + "' in " + where + "; expected " + new java.util.TreeSet<>(allowed));
            }
        }
    }

    private static <T> T guard(ConfigValue at, java.util.function.Supplier<T> make) {
        try {
            return make.get();
        } catch (IllegalArgumentException e) {
            throw error(at, e.getMessage());
        }
    }

    private static IllegalArgumentException error(ConfigValue at, String message) {
        return new IllegalArgumentException("topology file " + at.origin().description() + ": " + message);
    }
}

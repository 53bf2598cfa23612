package dev.writ.fabric;

import java.util.Objects;

/**
 * Which database server the fabric's domains use: one journal per domain (docs/decisions.md, D8),
 * shared by its nodes.
 */
public sealed interface DatabaseChoice {

    /**
     * Zero set-up: per domain, an H2 TCP server started inside the launching JVM, its files under
     * {@code <workdir>/h2}; every node of the domain gets {@code jdbc:h2:tcp://127.0.0.1:<port>/<domain>}.
     */
    record H2Server() implements DatabaseChoice {
    }

    /**
     * A PostgreSQL server: the fabric creates a fresh database {@code writ_<domain>_<random>} per
     * domain through the {@code postgres} database at {@code baseUrl} and drops them on close when
     * {@code dropOnClose}.
     *
     * @param baseUrl ends with '/', e.g. {@code jdbc:postgresql://127.0.0.1:5432/}; a URL naming
     *     several servers ({@code jdbc:postgresql://a:5432,b:5432/}, a primary and its standby in
     *     another region) makes every connection go to whichever of them accepts writes now
     *     ({@code targetServerType=primary}), so nodes follow a promotion (docs/regions.md)
     */
    record Postgres(String baseUrl, String user, String password, boolean dropOnClose) implements DatabaseChoice {
        public Postgres {
            Objects.requireNonNull(baseUrl, "baseUrl");
            Objects.requireNonNull(user, "user");
            Objects.requireNonNull(password, "password");
            if (!baseUrl.startsWith("jdbc:postgresql:")) {
                throw new IllegalArgumentException("a PostgreSQL base URL starts with jdbc:postgresql:, got " + baseUrl);
            }
            if (!baseUrl.endsWith("/")) {
                baseUrl = baseUrl + "/";
            }
        }

        /** The JDBC URL of {@code database} on this server (on the primary, when the base URL names several). */
        public String url(String database) {
            String rest = baseUrl.substring("jdbc:postgresql:".length());
            int hostsEnd = rest.startsWith("//") ? rest.indexOf('/', 2) : -1;
            boolean several = hostsEnd > 0 && rest.substring(2, hostsEnd).contains(",");
            return baseUrl + database + (several ? "?targetServerType=primary" : "");
        }
    }

    /**
     * Per domain, a PostgreSQL primary and its synchronous standby started for the fabric from the
     * machine's PostgreSQL binaries ({@code dev.writ.fabric.region.ReplicatedDatabase}, D48), the
     * replication link delayed by {@code replicationOneWay} each way; the topology says which
     * region holds each ({@link DatabaseRegions}). Removed on close.
     */
    record ReplicatedPostgres(java.time.Duration replicationOneWay) implements DatabaseChoice {
        public ReplicatedPostgres {
            Objects.requireNonNull(replicationOneWay, "replicationOneWay");
            if (replicationOneWay.isNegative()) {
                throw new IllegalArgumentException("a delay is zero or more, got " + replicationOneWay);
            }
        }
    }

    static DatabaseChoice h2() {
        return new H2Server();
    }

    /** The machines' default: 127.0.0.1:5432, user postgres, trust authentication; dropped on close. */
    static DatabaseChoice localPostgres() {
        return new Postgres("jdbc:postgresql://127.0.0.1:5432/", "postgres", "", true);
    }
}

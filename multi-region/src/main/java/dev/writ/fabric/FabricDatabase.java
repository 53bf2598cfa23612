package dev.writ.fabric;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HexFormat;
import java.util.List;
import java.util.Properties;
import dev.writ.fabric.region.ReplicatedDatabase;
import org.h2.tools.Server;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A running database that the nodes of one domain share, and how they reach it. Each domain of a
 * fabric has its own. Closing it stops or drops it.
 */
public abstract sealed class FabricDatabase implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(FabricDatabase.class);

    /** The {@code writ.journal} settings every node of the domain gets. */
    public abstract NodeConfig.Journal journal(int maxConnections);

    /** For reports: which database, where. */
    public abstract String describe();

    @Override
    public abstract void close();

    public static FabricDatabase open(DatabaseChoice choice, String domain, Path workDir) {
        return open(choice, domain, DatabaseRegions.primaryIn("primary"), workDir);
    }

    /**
     * As {@link #open(DatabaseChoice, String, Path)}, a replicated database's servers named by the
     * regions {@code placed} puts them in (their {@code application_name}s).
     */
    public static FabricDatabase open(DatabaseChoice choice, String domain, DatabaseRegions placed, Path workDir) {
        if (choice instanceof DatabaseChoice.ReplicatedPostgres replicated) {
            return Replicated.start(replicated, domain, placed, workDir);
        }
        if (choice instanceof DatabaseChoice.Postgres postgres) {
            return PostgresFresh.create(postgres, domain);
        }
        return H2Tcp.start(workDir.resolve("h2"), domain);
    }

    /**
     * A primary and its synchronous standbys (quorum) of the domain's own, with a fresh database on
     * them; the servers named by their regions.
     */
    static final class Replicated extends FabricDatabase {
        private final ReplicatedDatabase servers;
        private final PostgresFresh database;

        private Replicated(ReplicatedDatabase servers, PostgresFresh database) {
            this.servers = servers;
            this.database = database;
        }

        static Replicated start(DatabaseChoice.ReplicatedPostgres choice, String domain, DatabaseRegions placed,
                                Path workDir) {
            ReplicatedDatabase servers = ReplicatedDatabase.start(workDir.resolve("db").resolve(domain),
                    choice.replicationOneWay(), placed.standbys().isEmpty() ? List.of("primary", "standby") : placed.servers());
            try {
                return new Replicated(servers, PostgresFresh.create(
                        new DatabaseChoice.Postgres(servers.baseUrl(), "postgres", "", false), domain));
            } catch (RuntimeException e) {
                servers.close();
                throw e;
            }
        }

        /** The primary and the standby, to lose the one and promote the other. */
        ReplicatedDatabase servers() {
            return servers;
        }

        @Override
        public NodeConfig.Journal journal(int maxConnections) {
            return database.journal(maxConnections);
        }

        @Override
        public String describe() {
            return "replicated " + database.describe() + ", a primary and synchronous standby(s): " + servers.describe();
        }

        @Override
        public void close() {
            servers.close();
        }
    }

    /** An H2 TCP server in this JVM; several node JVMs cannot open one H2 file, but they can share a server. */
    static final class H2Tcp extends FabricDatabase {
        private final Server server;
        private final String url;

        private H2Tcp(Server server, String url) {
            this.server = server;
            this.url = url;
        }

        static H2Tcp start(Path baseDir, String name) {
            try {
                Files.createDirectories(baseDir);
                int port = FreePorts.allocate(1)[0];
                Server server = Server.createTcpServer("-tcpPort", Integer.toString(port), "-ifNotExists",
                        "-baseDir", baseDir.toAbsolutePath().toString()).start();
                String url = "jdbc:h2:tcp://127.0.0.1:" + server.getPort() + "/" + name;
                LOG.info("H2 TCP server for the fabric on port {} (files in {})", server.getPort(), baseDir);
                return new H2Tcp(server, url);
            } catch (SQLException | java.io.IOException e) {
                throw new FabricException("could not start the H2 TCP server in " + baseDir + ": " + e.getMessage(), e);
            }
        }

        @Override
        public NodeConfig.Journal journal(int maxConnections) {
            return new NodeConfig.Journal(url, "sa", "", maxConnections);
        }

        @Override
        public String describe() {
            return "H2 " + org.h2.engine.Constants.VERSION + " (TCP server, " + url + ")";
        }

        @Override
        public void close() {
            server.stop();
        }
    }

    /**
     * A fresh database {@code writ_<domain>_<random>} (the domain with every character but letters
     * and digits as '_') on a PostgreSQL server, created through the {@code postgres} database.
     */
    static final class PostgresFresh extends FabricDatabase {
        private final DatabaseChoice.Postgres choice;
        private final String name;
        private String version = "?";

        private PostgresFresh(DatabaseChoice.Postgres choice, String name) {
            this.choice = choice;
            this.name = name;
        }

        static PostgresFresh create(DatabaseChoice.Postgres choice, String domain) {
            byte[] random = new byte[6];
            new SecureRandom().nextBytes(random);
            String tag = domain.replaceAll("[^a-z0-9]", "_");
            PostgresFresh db = new PostgresFresh(choice, "writ_" + tag.substring(0, Math.min(tag.length(), 40)) + "_"
                    + HexFormat.of().formatHex(random));
            try (Connection c = db.admin(); Statement s = c.createStatement()) {
                s.execute("CREATE DATABASE " + db.name);
                var rs = s.executeQuery("SHOW server_version");
                if (rs.next()) {
                    db.version = rs.getString(1);
                }
            } catch (SQLException e) {
                throw new FabricException("could not create database " + db.name + " at " + choice.baseUrl()
                        + " as " + choice.user() + ": " + e.getMessage(), e);
            }
            LOG.info("Created PostgreSQL database {} at {}", db.name, choice.baseUrl());
            return db;
        }

        private Connection admin() throws SQLException {
            Properties props = new Properties();
            props.setProperty("user", choice.user());
            props.setProperty("password", choice.password());
            return DriverManager.getConnection(choice.url("postgres"), props);
        }

        String name() {
            return name;
        }

        @Override
        public NodeConfig.Journal journal(int maxConnections) {
            return new NodeConfig.Journal(choice.url(name), choice.user(), choice.password(), maxConnections);
        }

        @Override
        public String describe() {
            return "PostgreSQL " + version + " (" + choice.url(name) + ")";
        }

        @Override
        public void close() {
            if (!choice.dropOnClose()) {
                LOG.info("Keeping PostgreSQL database {} at {}", name, choice.baseUrl());
                return;
            }
            try (Connection c = admin(); Statement s = c.createStatement()) {
                s.execute("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
            } catch (SQLException e) {
                LOG.warn("Could not drop database {} at {}: {}", name, choice.baseUrl(), e.getMessage());
            }
        }
    }
}

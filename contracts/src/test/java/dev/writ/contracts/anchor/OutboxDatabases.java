package dev.writ.contracts.anchor;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.UUID;
import javax.sql.DataSource;
import org.h2.jdbcx.JdbcDataSource;
import org.postgresql.ds.PGSimpleDataSource;

/** Fresh databases for outbox tests: a private in-memory H2, or a uniquely named PostgreSQL database on 127.0.0.1:5432. */
final class OutboxDatabases {
    private OutboxDatabases() {
    }

    static DataSource h2() {
        JdbcDataSource ds = new JdbcDataSource();
        ds.setURL("jdbc:h2:mem:outbox-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1");
        AnchorOutbox.createSchema(ds);
        return ds;
    }

    /** A new PostgreSQL database with the outbox; {@link #dropPostgres} removes it. */
    static PGSimpleDataSource postgres() throws SQLException {
        PGSimpleDataSource ds = emptyPostgres();
        AnchorOutbox.createSchema(ds);
        return ds;
    }

    /** A new PostgreSQL database without any table; {@link #dropPostgres} removes it. */
    static PGSimpleDataSource emptyPostgres() throws SQLException {
        String name = "writ_outbox_" + UUID.randomUUID().toString().replace("-", "");
        try (Connection c = DriverManager.getConnection("jdbc:postgresql://127.0.0.1:5432/postgres", "postgres", "");
             Statement s = c.createStatement()) {
            s.execute("CREATE DATABASE " + name);
        }
        PGSimpleDataSource ds = new PGSimpleDataSource();
        ds.setUrl("jdbc:postgresql://127.0.0.1:5432/" + name);
        ds.setUser("postgres");
        return ds;
    }

    static void dropPostgres(PGSimpleDataSource ds) throws SQLException {
        try (Connection c = DriverManager.getConnection("jdbc:postgresql://127.0.0.1:5432/postgres", "postgres", "");
             Statement s = c.createStatement()) {
            s.execute("DROP DATABASE IF EXISTS " + ds.getDatabaseName() + " WITH (FORCE)");
        }
    }

    /** Queues a batch of {@code size} leaves the way the node does: in its own transaction. */
    static OutboxEntry seal(DataSource ds, String domain, long batchSeq, long size, String root, long now) throws SQLException {
        try (Connection c = ds.getConnection()) {
            c.setAutoCommit(false);
            OutboxEntry e = AnchorOutbox.enqueue(c, domain, batchSeq, size, root, now);
            c.commit();
            return e;
        }
    }

    /** A distinct non-zero root per (domain, batch). */
    static String root(String domain, long batchSeq) {
        return org.web3j.utils.Numeric.toHexString(org.web3j.crypto.Hash.sha3((domain + "#" + batchSeq).getBytes()));
    }
}

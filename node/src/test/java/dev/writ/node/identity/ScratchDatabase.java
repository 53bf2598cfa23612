package dev.writ.node.identity;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.UUID;

/** A fresh database on the machine's PostgreSQL (127.0.0.1:5432, trust auth) that several in-JVM nodes of one domain share. */
final class ScratchDatabase {
    private ScratchDatabase() {
    }

    /** Creates a database named {@code prefix} and a random suffix; its name. */
    static String create(String prefix) throws SQLException {
        String name = prefix + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        admin("CREATE DATABASE " + name);
        return name;
    }

    static String url(String name) {
        return "jdbc:postgresql://127.0.0.1:5432/" + name;
    }

    static void drop(String name) throws SQLException {
        admin("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
    }

    private static void admin(String sql) throws SQLException {
        try (Connection c = DriverManager.getConnection(url("postgres"), "postgres", "");
             Statement statement = c.createStatement()) {
            statement.execute(sql);
        }
    }
}

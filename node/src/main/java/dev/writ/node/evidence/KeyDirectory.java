package dev.writ.node.evidence;

import dev.writ.protocol.ProtocolException;
import dev.writ.protocol.crypto.KeyId;
import dev.writ.protocol.crypto.KeyRing;
import dev.writ.protocol.crypto.VerifyingKey;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import javax.sql.DataSource;

/**
 * The public keys of a domain's nodes, in the domain's database, so that any node verifies a writ
 * or record another node of the domain signed. Only keys of the same domain land here; another
 * domain's keys come from the chain (invariant 8). The on-chain registry will replace this table.
 */
public final class KeyDirectory {
    /** Longest role name the table accepts. */
    public static final int MAX_ROLE_CHARS = 64;

    private final DataSource dataSource;
    private final Dialect dialect;
    private final Clock clock;

    public KeyDirectory(DataSource dataSource, Dialect dialect, Clock clock) {
        this.dataSource = Objects.requireNonNull(dataSource, "dataSource");
        this.dialect = Objects.requireNonNull(dialect, "dialect");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /** Creates the key table (with the evidence tables: one schema) if it does not exist. */
    public void createSchema() {
        try {
            Schema.create(dataSource, dialect);
        } catch (SQLException e) {
            throw new EvidenceUnavailableException("cannot create the key directory schema: " + e.getMessage(), e);
        }
    }

    /**
     * Publishes a node's public key to its domain. Registering the same key for the same node and
     * role again changes nothing; the same key for another node or role is refused, since one key
     * speaks for one node.
     */
    public void register(String domain, String nodeId, VerifyingKey key, String role) {
        Objects.requireNonNull(key, "key");
        if (role == null || role.isBlank() || role.length() > MAX_ROLE_CHARS) {
            throw new IllegalArgumentException("a key role is 1.." + MAX_ROLE_CHARS + " characters");
        }
        Optional<Registration> existing = registration(domain, key.id());
        if (existing.isEmpty()) {
            String sql = "INSERT INTO writ_domain_keys (domain, key_id, public_key, node_id, role, registered_at_millis)"
                    + " VALUES (?, ?, ?, ?, ?, ?)";
            try (Connection connection = dataSource.getConnection();
                 PreparedStatement insert = connection.prepareStatement(sql)) {
                insert.setString(1, domain);
                insert.setBytes(2, key.id().bytes());
                insert.setBytes(3, key.raw());
                insert.setString(4, nodeId);
                insert.setString(5, role);
                insert.setLong(6, clock.millis());
                insert.executeUpdate();
                return;
            } catch (SQLException e) {
                if (!EvidenceStore.isUniqueViolation(e)) {
                    throw new EvidenceUnavailableException("cannot register key " + key.id() + " of " + domain
                            + "/" + nodeId + ": " + e.getMessage(), e);
                }
                existing = registration(domain, key.id()); // registered concurrently: compare below
            }
        }
        Registration found = existing.orElseThrow();
        if (!found.nodeId.equals(nodeId) || !found.role.equals(role)) {
            throw new IllegalStateException("key " + key.id() + " is already registered in " + domain + " to node "
                    + found.nodeId + " as " + found.role + "; refusing to register it to " + nodeId + " as " + role);
        }
    }

    /** All keys registered to the domain, as a ring that trusts them for that domain only. */
    public KeyRing ring(String domain) {
        String sql = "SELECT public_key FROM writ_domain_keys WHERE domain = ? ORDER BY registered_at_millis, key_id";
        try (Connection connection = dataSource.getConnection();
             PreparedStatement query = connection.prepareStatement(sql)) {
            query.setString(1, domain);
            List<KeyRing.Entry> entries = new ArrayList<>();
            try (ResultSet rows = query.executeQuery()) {
                while (rows.next()) {
                    entries.add(new KeyRing.Entry(domain, key(rows.getBytes(1), domain)));
                }
            }
            return KeyRing.of(entries);
        } catch (SQLException e) {
            throw new EvidenceUnavailableException("cannot read the keys of " + domain + ": " + e.getMessage(), e);
        }
    }

    /** The domain's key with this id, if registered. */
    public Optional<VerifyingKey> find(String domain, KeyId id) {
        return registration(domain, id).map(Registration::key);
    }

    private record Registration(VerifyingKey key, String nodeId, String role) {
    }

    private Optional<Registration> registration(String domain, KeyId id) {
        String sql = "SELECT public_key, node_id, role FROM writ_domain_keys WHERE domain = ? AND key_id = ?";
        try (Connection connection = dataSource.getConnection();
             PreparedStatement query = connection.prepareStatement(sql)) {
            query.setString(1, domain);
            query.setBytes(2, id.bytes());
            try (ResultSet rows = query.executeQuery()) {
                if (!rows.next()) {
                    return Optional.empty();
                }
                VerifyingKey key = key(rows.getBytes(1), domain);
                if (!key.id().equals(id)) {
                    throw new EvidenceUnavailableException("key directory of " + domain + " holds key " + key.id()
                            + " under id " + id + ": the directory is corrupt");
                }
                return Optional.of(new Registration(key, rows.getString(2), rows.getString(3)));
            }
        } catch (SQLException e) {
            throw new EvidenceUnavailableException("cannot read key " + id + " of " + domain + ": " + e.getMessage(), e);
        }
    }

    private static VerifyingKey key(byte[] raw, String domain) {
        try {
            return VerifyingKey.fromRaw(raw);
        } catch (ProtocolException e) {
            throw new EvidenceUnavailableException("key directory of " + domain + " holds a malformed key: the directory is corrupt", e);
        }
    }
}

package dev.writ.node.exchange;

import dev.writ.node.evidence.EvidenceStore;
import dev.writ.node.evidence.EvidenceUnavailableException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Map;
import java.util.TreeMap;
import javax.sql.DataSource;

/**
 * The latest checkpoint of this domain's lineage each partner domain said it verified
 * ({@code writ_exchange_acks}), in the domain's database so the publisher (wherever its singleton
 * runs) prunes by what any node was told. Only ever raised. Blocking.
 */
public final class PartnerAcks {
    private final DataSource dataSource;
    private final String domain;

    public PartnerAcks(DataSource dataSource, String domain) {
        this.dataSource = dataSource;
        this.domain = domain;
    }

    /** Records that {@code partner} holds checkpoint {@code seq} (a lower number than held changes nothing). */
    public void ack(String partner, long seq) {
        try (Connection c = dataSource.getConnection();
             PreparedStatement up = c.prepareStatement("UPDATE writ_exchange_acks SET checkpoint_seq = ?"
                     + " WHERE domain = ? AND partner = ? AND checkpoint_seq < ?");
             PreparedStatement in = c.prepareStatement("INSERT INTO writ_exchange_acks (domain, partner, checkpoint_seq)"
                     + " VALUES (?, ?, ?)")) {
            up.setLong(1, seq);
            up.setString(2, domain);
            up.setString(3, partner);
            up.setLong(4, seq);
            if (up.executeUpdate() == 0) {
                in.setString(1, domain);
                in.setString(2, partner);
                in.setLong(3, seq);
                try {
                    in.executeUpdate();
                } catch (SQLException e) {
                    if (!EvidenceStore.isUniqueViolation(e)) {
                        throw e;
                    }
                    if (!c.getAutoCommit()) {
                        c.rollback();
                    }
                    return; // another node recorded this partner first: the next acknowledgement raises it
                }
            }
            if (!c.getAutoCommit()) {
                c.commit();
            }
        } catch (SQLException e) {
            throw new EvidenceUnavailableException("cannot record " + partner + "'s acknowledgement of checkpoint " + seq
                    + ": " + e.getMessage(), e);
        }
    }

    /** Partner domain → the latest checkpoint it acknowledged. */
    public Map<String, Long> acks() {
        try (Connection c = dataSource.getConnection();
             PreparedStatement s = c.prepareStatement("SELECT partner, checkpoint_seq FROM writ_exchange_acks WHERE domain = ?")) {
            s.setString(1, domain);
            Map<String, Long> out = new TreeMap<>();
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    out.put(rs.getString(1), rs.getLong(2));
                }
            }
            return out;
        } catch (SQLException e) {
            throw new EvidenceUnavailableException("cannot read the checkpoint acknowledgements of " + domain + ": "
                    + e.getMessage(), e);
        }
    }
}

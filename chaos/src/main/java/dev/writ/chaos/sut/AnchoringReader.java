package dev.writ.chaos.sut;

import com.google.protobuf.InvalidProtocolBufferException;
import dev.writ.chaos.history.AnchoringSnapshot;
import dev.writ.contracts.chain.AnchoredBatch;
import dev.writ.contracts.chain.Bytes32;
import dev.writ.contracts.chain.ChainClient;
import dev.writ.contracts.chain.ChainException;
import dev.writ.contracts.chain.EvidenceAnchorContract;
import dev.writ.protocol.wire.AnchorBatch;
import dev.writ.protocol.wire.SignedAnchorBatch;
import java.io.IOException;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.web3j.abi.EventEncoder;
import org.web3j.protocol.core.DefaultBlockParameterName;
import org.web3j.protocol.core.methods.request.EthFilter;
import org.web3j.protocol.core.methods.response.EthLog;
import org.web3j.protocol.core.methods.response.Log;
import org.web3j.utils.Numeric;

/**
 * Reads a domain's evidence anchoring after a drill: waits (bounded) until the outbox has drained
 * (every record in a batch, no batch still on its way, the chain holding as many batches as were
 * sealed), then reads the batches, their ranges and the outbox rows from the database and the
 * {@code Anchored} events and counters from EvidenceAnchor. Judging is left to the checker.
 */
public final class AnchoringReader {
    private static final Duration POLL = Duration.ofMillis(500);

    private final String jdbcUrl;
    private final String user;
    private final String password;
    private final String domain;
    private final Bytes32 domainId;
    private final ChainClient chain;
    private final EvidenceAnchorContract anchor;

    public AnchoringReader(String jdbcUrl, String user, String password, String domain, Bytes32 domainId,
                           ChainClient chain, String contract) {
        this.jdbcUrl = jdbcUrl;
        this.user = user;
        this.password = password;
        this.domain = domain;
        this.domainId = domainId;
        this.chain = chain;
        this.anchor = new EvidenceAnchorContract(chain, contract);
    }

    /** Waits until drained or {@code bound} passed; says how the wait ended. */
    public AnchoringSnapshot.Drain awaitDrained(Duration bound) {
        long start = System.nanoTime();
        long deadline = start + bound.toNanos();
        Optional<String> missing;
        while (true) {
            missing = missing();
            if (missing.isEmpty() || System.nanoTime() >= deadline) {
                break;
            }
            try {
                Thread.sleep(POLL.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        long waited = (System.nanoTime() - start) / 1_000_000;
        return new AnchoringSnapshot.Drain(missing.isEmpty(), waited,
                missing.orElse("every record in a batch, no outbox row open, every batch on chain"));
    }

    /** Per lane, the newest record's sequence number now. */
    public Map<String, Long> laneHeads() throws SQLException {
        try (Connection c = connect()) {
            return laneMaxima(c, "SELECT lane, MAX(seq) FROM writ_evidence WHERE domain = ? GROUP BY lane");
        }
    }

    /**
     * Waits until every record up to {@code heads} is in a batch the outbox holds CONFIRMED, or
     * {@code bound} passed; returns how long it waited when they were, empty when the bound ran out.
     * Under load the newest records are always on their way, so this asks only about the older ones.
     */
    public Optional<Duration> awaitConfirmed(Map<String, Long> heads, Duration bound) {
        long start = System.nanoTime();
        long deadline = start + bound.toNanos();
        while (true) {
            try (Connection c = connect()) {
                Map<String, Long> confirmed = laneMaxima(c, "SELECT r.lane, MAX(r.last_seq) FROM writ_anchor_ranges r "
                        + "JOIN writ_anchor_outbox o ON o.domain = r.domain AND o.batch_seq = r.batch_seq "
                        + "WHERE r.domain = ? AND o.state = 'CONFIRMED' GROUP BY r.lane");
                if (heads.entrySet().stream().allMatch(h -> confirmed.getOrDefault(h.getKey(), -1L) >= h.getValue())) {
                    return Optional.of(Duration.ofNanos(System.nanoTime() - start));
                }
            } catch (SQLException | RuntimeException e) {
                // the database may be restarting in a mixed drill: ask again until the bound
            }
            if (System.nanoTime() >= deadline) {
                return Optional.empty();
            }
            try {
                Thread.sleep(POLL.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return Optional.empty();
            }
        }
    }

    /** What still keeps the anchoring from having drained, or empty when it has; a failed read is a reason to wait. */
    private Optional<String> missing() {
        try (Connection c = connect()) {
            Map<String, Long> heads = laneMaxima(c, "SELECT lane, MAX(seq) FROM writ_evidence WHERE domain = ? GROUP BY lane");
            Map<String, Long> covered = laneMaxima(c,
                    "SELECT lane, MAX(last_seq) FROM writ_anchor_ranges WHERE domain = ? GROUP BY lane");
            List<String> behind = new ArrayList<>();
            heads.forEach((lane, head) -> {
                long upTo = covered.getOrDefault(lane, -1L);
                if (upTo < head) {
                    behind.add(lane + " sealed up to #" + upTo + " of #" + head);
                }
            });
            if (!behind.isEmpty()) {
                return Optional.of("records not yet in a batch: " + String.join(", ", behind));
            }
            long open = count(c, "SELECT COUNT(*) FROM writ_anchor_outbox WHERE domain = ? AND state IN ('QUEUED', 'SENT', 'MINED')");
            if (open > 0) {
                return Optional.of(open + " outbox rows still open");
            }
            long sealed = count(c, "SELECT COUNT(*) FROM writ_anchor_batches WHERE domain = ?");
            long onChain = anchor.nextBatchSeq(domainId);
            return onChain == sealed ? Optional.empty()
                    : Optional.of("the chain holds " + onChain + " batches, the domain sealed " + sealed);
        } catch (SQLException | RuntimeException e) { // ChainException included: the chain may be catching up
            return Optional.of("cannot read the anchoring yet: " + e.getMessage());
        }
    }

    /** Reads the batches, ranges and outbox rows, and the contract's events and counters. */
    public AnchoringSnapshot read(AnchoringSnapshot.Drain drain) throws SQLException {
        List<AnchoringSnapshot.StoredBatch> batches = new ArrayList<>();
        List<AnchoringSnapshot.OutboxRow> outbox = new ArrayList<>();
        try (Connection c = connect()) {
            // One snapshot for the ranges, batches and outbox rows: the nodes still seal batches after the schedule, and
            // a batch sealed between two of these reads would show without its ranges, or its ranges without it.
            c.setReadOnly(true);
            c.setTransactionIsolation(Connection.TRANSACTION_REPEATABLE_READ);
            c.setAutoCommit(false);
            Map<Long, List<AnchoringSnapshot.Range>> ranges = new HashMap<>();
            try (PreparedStatement s = c.prepareStatement("SELECT batch_seq, lane, first_seq, last_seq FROM writ_anchor_ranges "
                    + "WHERE domain = ? ORDER BY batch_seq, lane, first_seq")) {
                s.setString(1, domain);
                try (ResultSet r = s.executeQuery()) {
                    while (r.next()) {
                        ranges.computeIfAbsent(r.getLong(1), k -> new ArrayList<>())
                                .add(new AnchoringSnapshot.Range(r.getString(2), r.getLong(3), r.getLong(4)));
                    }
                }
            }
            try (PreparedStatement s = c.prepareStatement("SELECT batch_seq, signed_batch FROM writ_anchor_batches "
                    + "WHERE domain = ? ORDER BY batch_seq")) {
                s.setString(1, domain);
                try (ResultSet r = s.executeQuery()) {
                    while (r.next()) {
                        AnchorBatch b = parse(r.getLong(1), r.getBytes(2));
                        batches.add(new AnchoringSnapshot.StoredBatch(r.getLong(1), b.getTreeSize(),
                                Numeric.toHexString(b.getRoot().toByteArray()), ranges.getOrDefault(r.getLong(1), List.of())));
                    }
                }
            }
            try (PreparedStatement s = c.prepareStatement("SELECT batch_seq, first_seq, last_seq, root, state, attempts, "
                    + "queued_at_millis, updated_at_millis FROM writ_anchor_outbox WHERE domain = ? ORDER BY batch_seq")) {
                s.setString(1, domain);
                try (ResultSet r = s.executeQuery()) {
                    while (r.next()) {
                        outbox.add(new AnchoringSnapshot.OutboxRow(r.getLong(1), r.getLong(2), r.getLong(3),
                                r.getString(4).trim(), r.getString(5).trim(), r.getInt(6), r.getLong(7), r.getLong(8)));
                    }
                }
            }
        }
        return new AnchoringSnapshot(domain, domainId.hex(), anchor.address(), anchor.nextBatchSeq(domainId),
                anchor.nextFirstSeq(domainId), batches, outbox, anchoredEvents(), drain);
    }

    /** Every {@code Anchored} event of the domain, from the first block on. */
    private List<AnchoringSnapshot.ChainEvent> anchoredEvents() {
        EthFilter filter = new EthFilter(DefaultBlockParameterName.EARLIEST, DefaultBlockParameterName.LATEST, anchor.address())
                .addSingleTopic(EventEncoder.encode(EvidenceAnchorContract.ANCHORED))
                .addSingleTopic(domainId.hex());
        EthLog logs;
        try {
            logs = chain.web3j().ethGetLogs(filter).send();
        } catch (IOException e) {
            throw new ChainException(ChainException.Code.RPC_UNREACHABLE, "cannot read the Anchored events: " + e.getMessage(), e);
        }
        if (logs.hasError()) {
            throw new ChainException(ChainException.Code.RPC_ERROR, "cannot read the Anchored events: " + logs.getError().getMessage());
        }
        List<AnchoringSnapshot.ChainEvent> events = new ArrayList<>();
        for (EthLog.LogResult<?> result : logs.getLogs()) {
            AnchoredBatch b = EvidenceAnchorContract.decodeAnchored((Log) result.get());
            events.add(new AnchoringSnapshot.ChainEvent(b.batchSeq(), b.firstSeq(), b.lastSeq(), b.root().hex(), b.blockNumber()));
        }
        return events;
    }

    private AnchorBatch parse(long batchSeq, byte[] signed) throws SQLException {
        try {
            return AnchorBatch.parseFrom(SignedAnchorBatch.parseFrom(signed).getBatch());
        } catch (InvalidProtocolBufferException e) {
            throw new SQLException("batch " + batchSeq + " of " + domain + " is not a signed anchor batch: " + e.getMessage(), e);
        }
    }

    private Map<String, Long> laneMaxima(Connection c, String sql) throws SQLException {
        Map<String, Long> out = new HashMap<>();
        try (PreparedStatement s = c.prepareStatement(sql)) {
            s.setString(1, domain);
            try (ResultSet r = s.executeQuery()) {
                while (r.next()) {
                    out.put(r.getString(1), r.getLong(2));
                }
            }
        }
        return out;
    }

    private long count(Connection c, String sql) throws SQLException {
        try (PreparedStatement s = c.prepareStatement(sql)) {
            s.setString(1, domain);
            try (ResultSet r = s.executeQuery()) {
                r.next();
                return r.getLong(1);
            }
        }
    }

    private Connection connect() throws SQLException {
        return DriverManager.getConnection(jdbcUrl, user, password);
    }
}

package dev.writ.node.evidence;

import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import javax.sql.DataSource;

/** A data source that can be told to fail the way a database fails, and to hold writers at a gate. */
final class FaultyDataSource extends DelegatingDataSource {
    enum Fault {
        /** Every connection works. */
        NONE,
        /** No connection can be opened (database down, pool closed). */
        REFUSE_CONNECTIONS,
        /**
         * The commit fails and the transaction rolls back. In autocommit a statement that writes is
         * its own commit: it fails so, and nothing of it is kept.
         */
        FAIL_COMMIT,
        /**
         * The commit succeeds but its acknowledgement is lost: the caller sees an error. In autocommit,
         * a statement that writes is kept and the caller sees the error.
         */
        LOSE_COMMIT_ACK,
        /**
         * A statement given a string holding {@link #UNSTORABLE} fails as a database refuses a
         * value it cannot hold (SQLSTATE 22021, as PostgreSQL refuses a NUL); other statements work.
         */
        REFUSE_UNSTORABLE_VALUE
    }

    /** What {@link Fault#REFUSE_UNSTORABLE_VALUE} makes the database refuse. */
    static final String UNSTORABLE = "unstorable-here";

    private volatile Fault fault = Fault.NONE;
    private volatile CountDownLatch gate;
    private final java.util.concurrent.atomic.AtomicInteger atGate = new java.util.concurrent.atomic.AtomicInteger();
    private final java.util.concurrent.atomic.AtomicInteger executed = new java.util.concurrent.atomic.AtomicInteger();
    private final java.util.concurrent.atomic.AtomicInteger commits = new java.util.concurrent.atomic.AtomicInteger();

    FaultyDataSource(DataSource delegate) {
        super(delegate);
    }

    void fail(Fault fault) {
        this.fault = fault;
    }

    void heal() {
        this.fault = Fault.NONE;
    }

    /** Connections wait until {@link #openGate()}. */
    void closeGate() {
        gate = new CountDownLatch(1);
    }

    /** How many callers are waiting at the gate now. */
    int waitingAtGate() {
        return atGate.get();
    }

    /** Prepared statements executed through this source so far (each one round trip to the database). */
    int statementsExecuted() {
        return executed.get();
    }

    /** Explicit commits through this source so far (each one round trip more; a statement in autocommit needs none). */
    int commits() {
        return commits.get();
    }

    void openGate() {
        CountDownLatch current = gate;
        gate = null;
        if (current != null) {
            current.countDown();
        }
    }

    @Override
    public Connection getConnection() throws SQLException {
        CountDownLatch current = gate;
        if (current != null) {
            atGate.incrementAndGet();
            try {
                if (!current.await(30, TimeUnit.SECONDS)) {
                    throw new SQLException("test gate never opened");
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new SQLException("interrupted at the test gate", e);
            } finally {
                atGate.decrementAndGet();
            }
        }
        if (fault == Fault.REFUSE_CONNECTIONS) {
            throw new SQLException("connection refused (injected)", "08001");
        }
        return wrap(delegate.getConnection());
    }

    @Override
    public Connection getConnection(String username, String password) throws SQLException {
        return getConnection();
    }

    private Connection wrap(Connection real) {
        return (Connection) Proxy.newProxyInstance(Connection.class.getClassLoader(), new Class<?>[] {Connection.class},
                (proxy, method, args) -> {
                    if (method.getName().equals("commit")) {
                        commits.incrementAndGet();
                        Fault now = fault;
                        if (now == Fault.FAIL_COMMIT) {
                            real.rollback();
                            throw new SQLException("commit failed (injected)", "08006");
                        }
                        if (now == Fault.LOSE_COMMIT_ACK) {
                            real.commit();
                            throw new SQLException("connection lost after commit (injected)", "08006");
                        }
                    }
                    Object result = invoke(real, method, args);
                    return result instanceof PreparedStatement statement ? refusing(real, (String) args[0], statement) : result;
                });
    }

    private PreparedStatement refusing(Connection connection, String sql, PreparedStatement real) {
        String verb = sql.strip().split("\\s", 2)[0].toUpperCase(java.util.Locale.ROOT);
        boolean writes = verb.equals("INSERT") || verb.equals("WITH") || verb.equals("UPDATE") || verb.equals("DELETE");
        AtomicBoolean unstorable = new AtomicBoolean();
        return (PreparedStatement) Proxy.newProxyInstance(PreparedStatement.class.getClassLoader(),
                new Class<?>[] {PreparedStatement.class}, (proxy, method, args) -> {
                    if (method.getName().equals("setString") && args[1] instanceof String value
                            && value.contains(UNSTORABLE)) {
                        unstorable.set(true);
                    }
                    if (method.getName().startsWith("execute")) {
                        executed.incrementAndGet();
                        if (unstorable.get() && fault == Fault.REFUSE_UNSTORABLE_VALUE) {
                            throw new SQLException("invalid byte sequence for encoding (injected)", "22021");
                        }
                        boolean ownCommit = writes && connection.getAutoCommit();
                        if (ownCommit && fault == Fault.FAIL_COMMIT) {
                            throw new SQLException("commit failed (injected)", "08006");
                        }
                        Object result = invoke(real, method, args);
                        if (ownCommit && fault == Fault.LOSE_COMMIT_ACK) {
                            throw new SQLException("connection lost after commit (injected)", "08006");
                        }
                        return result;
                    }
                    return invoke(real, method, args);
                });
    }
}

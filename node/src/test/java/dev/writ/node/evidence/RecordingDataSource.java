package dev.writ.node.evidence;

import java.io.PrintWriter;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.logging.Logger;
import javax.sql.DataSource;

/** A data source that keeps every query it ran, with its parameters, so a test can ask the database how it ran them. */
final class RecordingDataSource implements DataSource {
    /** A query and its parameters, by position from 1. */
    record Query(String sql, List<Object> parameters) {
    }

    private final DataSource delegate;
    private final List<Query> queries = new ArrayList<>();

    RecordingDataSource(DataSource delegate) {
        this.delegate = delegate;
    }

    /** The queries run since the last call, in order; forgets them. */
    synchronized List<Query> take() {
        List<Query> taken = List.copyOf(queries);
        queries.clear();
        return taken;
    }

    private synchronized void ran(Query query) {
        queries.add(query);
    }

    @Override
    public Connection getConnection() throws SQLException {
        return recording(delegate.getConnection());
    }

    @Override
    public Connection getConnection(String username, String password) throws SQLException {
        return recording(delegate.getConnection(username, password));
    }

    private Connection recording(Connection connection) {
        return (Connection) Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] {Connection.class},
                (proxy, method, args) -> {
                    Object result = invoke(connection, method, args);
                    if (method.getName().equals("prepareStatement") && args != null && args[0] instanceof String sql) {
                        return recording((PreparedStatement) result, sql);
                    }
                    return result;
                });
    }

    private PreparedStatement recording(PreparedStatement statement, String sql) {
        Map<Integer, Object> parameters = new TreeMap<>();
        return (PreparedStatement) Proxy.newProxyInstance(getClass().getClassLoader(),
                new Class<?>[] {PreparedStatement.class}, (proxy, method, args) -> {
                    if (method.getName().startsWith("set") && args != null && args.length == 2 && args[0] instanceof Integer i) {
                        parameters.put(i, args[1]);
                    } else if (method.getName().equals("executeQuery")) {
                        ran(new Query(sql, List.copyOf(parameters.values())));
                    }
                    return invoke(statement, method, args);
                });
    }

    private static Object invoke(Object target, java.lang.reflect.Method method, Object[] args) throws Throwable {
        try {
            return method.invoke(target, args);
        } catch (InvocationTargetException e) {
            throw e.getCause();
        }
    }

    @Override
    public PrintWriter getLogWriter() throws SQLException {
        return delegate.getLogWriter();
    }

    @Override
    public void setLogWriter(PrintWriter out) throws SQLException {
        delegate.setLogWriter(out);
    }

    @Override
    public void setLoginTimeout(int seconds) throws SQLException {
        delegate.setLoginTimeout(seconds);
    }

    @Override
    public int getLoginTimeout() throws SQLException {
        return delegate.getLoginTimeout();
    }

    @Override
    public Logger getParentLogger() throws SQLFeatureNotSupportedException {
        return delegate.getParentLogger();
    }

    @Override
    public <T> T unwrap(Class<T> iface) throws SQLException {
        return delegate.unwrap(iface);
    }

    @Override
    public boolean isWrapperFor(Class<?> iface) throws SQLException {
        return delegate.isWrapperFor(iface);
    }
}

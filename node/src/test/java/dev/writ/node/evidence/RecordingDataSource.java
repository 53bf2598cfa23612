package dev.writ.node.evidence;

import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import javax.sql.DataSource;

/** A data source that keeps every query it ran, with its parameters, so a test can ask the database how it ran them. */
final class RecordingDataSource extends DelegatingDataSource {
    /** A query and its parameters, by position from 1. */
    record Query(String sql, List<Object> parameters) {
    }

    private final List<Query> queries = new ArrayList<>();

    RecordingDataSource(DataSource delegate) {
        super(delegate);
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
}

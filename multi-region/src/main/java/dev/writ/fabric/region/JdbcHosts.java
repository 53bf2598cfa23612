package dev.writ.fabric.region;

import java.net.InetSocketAddress;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The servers a JDBC URL names between {@code //} and the next {@code /}
 * ({@code jdbc:postgresql://a:1,b:2/db?...}, {@code jdbc:h2:tcp://a:1/name}). Pure.
 */
final class JdbcHosts {
    private JdbcHosts() {
    }

    /** The {@code host:port} entries, in order. */
    static List<String> of(String url) {
        return Arrays.asList(hosts(url).split(","));
    }

    /** The URL with each {@code host:port} that {@code replacements} names replaced, the others kept. */
    static String replace(String url, Map<String, String> replacements) {
        int start = url.indexOf("//") + 2;
        String hosts = hosts(url);
        String replaced = Arrays.stream(hosts.split(",")).map(h -> replacements.getOrDefault(h, h))
                .collect(Collectors.joining(","));
        return url.substring(0, start) + replaced + url.substring(start + hosts.length());
    }

    static InetSocketAddress address(String hostPort) {
        int colon = hostPort.lastIndexOf(':');
        if (colon < 0) {
            throw new IllegalArgumentException("a database server is host:port, got " + hostPort);
        }
        return new InetSocketAddress(hostPort.substring(0, colon), Integer.parseInt(hostPort.substring(colon + 1)));
    }

    private static String hosts(String url) {
        int start = url.indexOf("//");
        if (start < 0) {
            throw new IllegalArgumentException("a database URL names its servers after //, got " + url);
        }
        int end = url.indexOf('/', start + 2);
        return end < 0 ? url.substring(start + 2) : url.substring(start + 2, end);
    }
}

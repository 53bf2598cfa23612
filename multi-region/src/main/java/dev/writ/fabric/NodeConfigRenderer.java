package dev.writ.fabric;

import java.util.Map;
import java.util.TreeMap;

/**
 * Renders one node's configuration file: HOCON that {@code NodeMain --config} layers over the
 * node's {@code reference.conf}. Pure: the same {@link NodeConfig} gives the same text. Every
 * string is written as a quoted JSON string, so paths and passwords with quotes, backslashes or
 * {@code $} survive.
 */
public final class NodeConfigRenderer {
    private NodeConfigRenderer() {
    }

    public static String render(NodeConfig c) {
        StringBuilder out = new StringBuilder(1024);
        out.append("# Rendered by dev.writ.fabric.NodeConfigRenderer for node ").append(c.nodeId())
                .append(": only what differs from the node's reference.conf.\n");
        out.append("writ {\n");
        out.append("  node {\n");
        kv(out, 4, "id", quote(c.nodeId()));
        kv(out, 4, "domain", quote(c.domain()));
        kv(out, 4, "data-dir", quote(c.dataDir().toAbsolutePath().toString()));
        c.region().ifPresent(r -> kv(out, 4, "region", quote(r)));
        out.append("  }\n");
        out.append("  http {\n");
        kv(out, 4, "host", quote(c.host()));
        kv(out, 4, "port", Integer.toString(c.httpPort()));
        out.append("  }\n");
        out.append("  journal {\n");
        kv(out, 4, "url", quote(c.journal().url()));
        kv(out, 4, "user", quote(c.journal().user()));
        kv(out, 4, "password", quote(c.journal().password()));
        kv(out, 4, "max-connections", Integer.toString(c.journal().maxConnections()));
        out.append("  }\n");
        out.append("  cluster {\n");
        StringBuilder seeds = new StringBuilder("[");
        for (int i = 0; i < c.seedNodes().size(); i++) {
            seeds.append(i == 0 ? "" : ", ").append(quote(c.seedNodes().get(i)));
        }
        String seedList = seeds.append(']').toString();
        kv(out, 4, "seed-nodes", seedList);
        kv(out, 4, "min-members", Integer.toString(c.minMembers()));
        out.append("  }\n");
        c.policyFile().ifPresent(p -> kv(out, 2, "policy.file", quote(p.toAbsolutePath().toString())));
        out.append("}\n");
        out.append("pekko.remote.artery.canonical {\n");
        kv(out, 2, "hostname", quote(c.arteryHost()));
        kv(out, 2, "port", Integer.toString(c.arteryPort()));
        out.append("}\n");
        if (!c.arteryHost().equals(c.host())) {
            kv(out, 0, "pekko.remote.artery.bind.hostname", quote(c.host()));
        }
        if (!c.extra().isEmpty()) {
            out.append("# Overrides given to the fabric.\n");
            for (Map.Entry<String, String> e : new TreeMap<>(c.extra()).entrySet()) {
                out.append(e.getKey()).append(" = ").append(e.getValue()).append('\n');
            }
        }
        return out.toString();
    }

    private static void kv(StringBuilder out, int indent, String key, String value) {
        out.append(" ".repeat(indent)).append(key).append(" = ").append(value).append('\n');
    }

    /** A HOCON quoted string (HOCON quoted strings are JSON strings). */
    public static String quote(String s) {
        StringBuilder q = new StringBuilder(s.length() + 2).append('"');
        for (int i = 0; i < s.length(); i++) {
            char ch = s.charAt(i);
            switch (ch) {
                case '"' -> q.append("\\\"");
                case '\\' -> q.append("\\\\");
                case '\n' -> q.append("\\n");
                case '\r' -> q.append("\\r");
                case '\t' -> q.append("\\t");
                case '\b' -> q.append("\\b");
                case '\f' -> q.append("\\f");
                default -> {
                    if (ch < 0x20) {
                        q.append(String.format("\\u%04x", (int) ch));
                    } else {
                        q.append(ch);
                    }
                }
            }
        }
        return q.append('"').toString();
    }
}

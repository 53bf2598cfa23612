package dev.writ.chaos.check;

/** Which domain a node belongs to: fabric node ids are {@code <domain>-<n>}. */
final class NodeDomains {
    private NodeDomains() {
    }

    static String of(String nodeId) {
        int dash = nodeId == null ? -1 : nodeId.lastIndexOf('-');
        return dash <= 0 ? String.valueOf(nodeId) : nodeId.substring(0, dash);
    }
}

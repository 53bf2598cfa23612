package dev.writ.protocol.client;

/**
 * The one node an operator's request is addressed to: its domain ({@code writ.node.domain}) and
 * its id ({@code writ.node.id}), as {@code GET /v1/health} names them. Signed into the
 * Writ-Operator header, so a request captured on its way to one node is refused at every other
 * node, of its domain or of another domain that knows the same operator key.
 */
public record OperatorAudience(String domain, String nodeId) {
    /** What a node accepts as its id and domain; no space or line break, so each is one header token and one signed line. */
    private static final String NAME = "[A-Za-z0-9][A-Za-z0-9_.-]{0,62}";

    public OperatorAudience {
        if (domain == null || !domain.matches(NAME)) {
            throw new IllegalArgumentException("a domain is 1-63 letters, digits, '.', '_' or '-', got '" + domain + "'");
        }
        if (nodeId == null || !nodeId.matches(NAME)) {
            throw new IllegalArgumentException("a node id is 1-63 letters, digits, '.', '_' or '-', got '" + nodeId + "'");
        }
    }
}

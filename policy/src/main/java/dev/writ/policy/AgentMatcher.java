package dev.writ.policy;

import java.util.Objects;
import java.util.regex.Pattern;

/**
 * Which agents a rule is for: one exact SPIFFE id, or an agent class, a glob over SPIFFE ids in
 * which {@code *} stands for any run of characters other than {@code /}, {@code #} and {@code ?} (so
 * {@code spiffe://acme/agent/payments-*} matches {@code spiffe://acme/agent/payments-eu} but not
 * {@code spiffe://acme/agent/payments-eu/x} nor an agent of another domain). There is no other
 * wildcard; every other character matches itself. Immutable; the glob is compiled once.
 */
public final class AgentMatcher {
    public enum Kind { EXACT, CLASS }

    private final Kind kind;
    private final String pattern;
    private final Pattern regex;

    private AgentMatcher(Kind kind, String pattern) {
        this.kind = Objects.requireNonNull(kind, "kind");
        this.pattern = Objects.requireNonNull(pattern, "pattern");
        if (!pattern.startsWith("spiffe://")) {
            throw new IllegalArgumentException("agent pattern must be a spiffe:// id: " + pattern);
        }
        if (pattern.contains("#") || pattern.contains("?")) {
            throw new IllegalArgumentException("a SPIFFE id has no query or fragment: " + pattern);
        }
        if (kind == Kind.EXACT && pattern.contains("*")) {
            throw new IllegalArgumentException("an exact agent id cannot contain '*': " + pattern);
        }
        this.regex = kind == Kind.CLASS ? compile(pattern) : null;
    }

    public static AgentMatcher exact(String spiffeId) {
        return new AgentMatcher(Kind.EXACT, spiffeId);
    }

    public static AgentMatcher agentClass(String glob) {
        return new AgentMatcher(Kind.CLASS, glob);
    }

    public Kind kind() {
        return kind;
    }

    public String pattern() {
        return pattern;
    }

    public boolean matches(String agentId) {
        return kind == Kind.EXACT ? pattern.equals(agentId) : regex.matcher(agentId).matches();
    }

    /** True when every agent this matcher admits belongs to {@code domain} (spiffe://domain/...). */
    public boolean confinedTo(String domain) {
        return pattern.startsWith("spiffe://" + domain + "/");
    }

    private static Pattern compile(String glob) {
        StringBuilder regex = new StringBuilder();
        int start = 0;
        for (int star = glob.indexOf('*'); star >= 0; star = glob.indexOf('*', start)) {
            regex.append(Pattern.quote(glob.substring(start, star))).append("[^/#?]*");
            start = star + 1;
        }
        regex.append(Pattern.quote(glob.substring(start)));
        return Pattern.compile(regex.toString());
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof AgentMatcher other && kind == other.kind && pattern.equals(other.pattern);
    }

    @Override
    public int hashCode() {
        return Objects.hash(kind, pattern);
    }

    @Override
    public String toString() {
        return (kind == Kind.EXACT ? "agent " : "agent class ") + pattern;
    }
}

package dev.writ.policy;

import java.util.Arrays;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * One version of a domain's policy: ordered rules (first match wins, see {@link AgentRule}) and
 * their {@link PolicyCanonicalForm canonical hash}. The constructor refuses a hash that does not
 * match the rules, so a PolicySet in hand always describes itself truthfully; build one with
 * {@link #of}. Every rule must be confined to the policy's domain and rule names are unique
 * (they are part of budget keys).
 */
public record PolicySet(String domain, long version, long minimumWritVersion, List<AgentRule> rules, byte[] rulesHash) {
    public PolicySet {
        Objects.requireNonNull(domain, "domain");
        Objects.requireNonNull(rulesHash, "rulesHash");
        rules = List.copyOf(rules);
        if (domain.isEmpty() || domain.contains("/")) {
            throw new IllegalArgumentException("domain must be a non-empty SPIFFE trust domain, was '" + domain + "'");
        }
        if (version < 0 || minimumWritVersion < 0) {
            throw new IllegalArgumentException("version and minimum writ version must not be negative");
        }
        Set<String> names = new HashSet<>();
        for (AgentRule rule : rules) {
            if (!names.add(rule.name())) {
                throw new IllegalArgumentException("rule name " + rule.name() + " is used twice");
            }
            if (!rule.agent().confinedTo(domain)) {
                throw new IllegalArgumentException("rule " + rule.name() + " is for " + rule.agent()
                        + ", outside domain " + domain);
            }
        }
        byte[] expected = PolicyCanonicalForm.rulesHash(domain, minimumWritVersion, rules);
        if (!Arrays.equals(expected, rulesHash)) {
            throw new IllegalArgumentException("rules hash does not match the rules");
        }
        rulesHash = rulesHash.clone();
    }

    public static PolicySet of(String domain, long version, long minimumWritVersion, List<AgentRule> rules) {
        return new PolicySet(domain, version, minimumWritVersion, rules,
                PolicyCanonicalForm.rulesHash(domain, minimumWritVersion, List.copyOf(rules)));
    }

    @Override
    public byte[] rulesHash() {
        return rulesHash.clone();
    }

    public String rulesHashHex() {
        return HexFormat.of().formatHex(rulesHash);
    }

    /** The first rule whose agent matcher matches {@code agentId}. */
    public Optional<AgentRule> ruleFor(String agentId) {
        for (AgentRule rule : rules) {
            if (rule.agent().matches(agentId)) {
                return Optional.of(rule);
            }
        }
        return Optional.empty();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof PolicySet other && domain.equals(other.domain) && version == other.version
                && minimumWritVersion == other.minimumWritVersion && rules.equals(other.rules)
                && Arrays.equals(rulesHash, other.rulesHash);
    }

    @Override
    public int hashCode() {
        return Objects.hash(domain, version, minimumWritVersion, Arrays.hashCode(rulesHash));
    }

    @Override
    public String toString() {
        return "PolicySet[" + domain + " v" + version + ", " + rules.size() + " rules, hash " + rulesHashHex() + "]";
    }
}

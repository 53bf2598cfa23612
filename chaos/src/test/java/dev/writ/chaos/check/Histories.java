package dev.writ.chaos.check;

import dev.writ.chaos.history.Event;
import dev.writ.chaos.history.EventType;
import dev.writ.chaos.history.FaultKind;
import dev.writ.chaos.history.FaultOutcome;
import java.util.ArrayList;
import java.util.List;

/** Builds histories for checker tests: events in order, times in milliseconds. */
final class Histories {
    private final List<Event> events = new ArrayList<>();

    Histories at(long millis, String process, EventType type, String f, String node, String key, String jti, String value) {
        return at(millis, process, type, f, node, key, jti, value, null);
    }

    Histories at(long millis, String process, EventType type, String f, String node, String key, String jti, String value,
                 Long policy) {
        events.add(new Event(events.size(), millis * 1000, process, type, f, node, key, jti, value, policy, null, null,
                null));
        return this;
    }

    /** A client's invocation that depends on domain {@code dependsOn}. */
    Histories invoke(long millis, String process, String f, String node, String key, String dependsOn) {
        events.add(new Event(events.size(), millis * 1000, process, EventType.INVOKE, f, node, key, null, null, null,
                dependsOn, null, null));
        return this;
    }

    /** The nemesis's completion of {@code f}. */
    Histories nemesis(long millis, String f, String node, String description, FaultKind fault, FaultOutcome outcome) {
        events.add(new Event(events.size(), millis * 1000, Event.NEMESIS, EventType.INFO, f, node, null, null,
                description, null, null, fault, outcome));
        return this;
    }

    /** An admitted proposal whose writ was minted under policy {@code version}. */
    Histories propose(long from, long to, String process, String proposalId, String jti, long version) {
        at(from, process, EventType.INVOKE, "propose", "acme-1", proposalId, null, null);
        return at(to, process, EventType.OK, "propose", "acme-1", proposalId, jti, "ALLOW", version);
    }

    /** An operator's policy change to {@code version}, executed in {@code block}. */
    Histories policyChange(long from, long to, EventType outcome, long version, long block) {
        at(from, "operator", EventType.INVOKE, "policy", null, null, null, null, version);
        return at(to, "operator", outcome, "policy", null, "change-" + version, null,
                outcome == EventType.OK ? "executed in block " + block : "RECEIPT_TIMEOUT", version);
    }

    Histories propose(long from, long to, String process, String proposalId, String jti) {
        at(from, process, EventType.INVOKE, "propose", "acme-1", proposalId, null, null);
        return at(to, process, EventType.OK, "propose", "acme-1", proposalId, jti, "ALLOW");
    }

    Histories redeem(long from, long to, String process, String node, String jti, EventType outcome, String value) {
        at(from, process, EventType.INVOKE, "redeem", node, jti, null, null);
        return at(to, process, outcome, "redeem", node, jti, null, value);
    }

    Histories revoke(long from, long to, String process, String jti) {
        at(from, process, EventType.INVOKE, "revoke", "acme-3", jti, null, null);
        return at(to, process, EventType.OK, "revoke", "acme-3", jti, null, "epoch 1, 3/3 nodes");
    }

    Histories fault(long start, long healed) {
        return fault(start, healed, FaultOutcome.HEALED, "restarted acme-2");
    }

    Histories fault(long start, long healed, FaultOutcome healOutcome, String healAnswer) {
        at(start, Event.NEMESIS, EventType.INVOKE, "start", null, null, null, null);
        nemesis(start, "start", "acme-2", "SIGKILL acme-2", FaultKind.KILL, FaultOutcome.INJECTED);
        at(healed - 1, Event.NEMESIS, EventType.INVOKE, "heal", null, null, null, null);
        return nemesis(healed, "heal", "acme-2", healAnswer, FaultKind.KILL, healOutcome);
    }

    /** Node {@code node} stopped gracefully and started again (one step of a rolling restart). */
    Histories rollingRestart(long start, long healed, String node) {
        at(start, Event.NEMESIS, EventType.INVOKE, "start", null, null, null, null);
        nemesis(start, "start", node, "SIGTERM " + node, FaultKind.ROLLING_RESTART, FaultOutcome.INJECTED);
        at(healed - 1, Event.NEMESIS, EventType.INVOKE, "heal", null, null, null, null);
        return nemesis(healed, "heal", node, "restarted " + node, FaultKind.ROLLING_RESTART, FaultOutcome.HEALED);
    }

    /** acme-4 joined and {@code node} left gracefully, then {@code node} came back and acme-4 left. */
    Histories joinLeave(long start, long healed, String node) {
        at(start, Event.NEMESIS, EventType.INVOKE, "start", null, null, null, null);
        nemesis(start, "start", node, "acme-4 joined, then " + node + " left gracefully", FaultKind.JOIN_LEAVE,
                FaultOutcome.INJECTED);
        at(healed - 1, Event.NEMESIS, EventType.INVOKE, "heal", null, null, null, null);
        return nemesis(healed, "heal", node, "restarted " + node + "; acme-4 retired", FaultKind.JOIN_LEAVE,
                FaultOutcome.HEALED);
    }

    /** The partner domain cut off from acme (or not, when {@code started} says so), then healed. */
    Histories domainPartition(long start, long healed, FaultOutcome started) {
        at(start, Event.NEMESIS, EventType.INVOKE, "start", null, null, null, null);
        nemesis(start, "start", "globex-1", "domain partition: globex cut off from acme ([globex-1] | [acme-1, acme-2])",
                FaultKind.DOMAIN_PARTITION, started);
        at(healed - 1, Event.NEMESIS, EventType.INVOKE, "heal", null, null, null, null);
        return nemesis(healed, "heal", "globex-1", "network healed", FaultKind.DOMAIN_PARTITION, FaultOutcome.HEALED);
    }

    Histories domainPartition(long start, long healed) {
        return domainPartition(start, healed, FaultOutcome.INJECTED);
    }

    List<Event> events() {
        return List.copyOf(events);
    }
}

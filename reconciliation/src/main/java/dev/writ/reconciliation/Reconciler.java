package dev.writ.reconciliation;

import dev.writ.protocol.crypto.Hashes;
import dev.writ.protocol.envelope.OpenedEnvelope;
import java.io.ByteArrayOutputStream;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * A node's reconciliation state over every domain it hears from (its own included): the result of
 * applying verified envelopes, in whatever order and however often they arrive (invariant 7).
 * Mutable, single-owner; {@link #views()} hands out immutable pictures.
 */
public final class Reconciler {
    private final SortedMap<String, DomainState> domains = new TreeMap<>();
    private final long maxHeld;

    /**
     * @param maxHeld the most envelopes held per domain from its latest checkpoint up: a domain that
     *                goes further without a checkpoint shows a gap (fail closed) until it seals one
     */
    public Reconciler(long maxHeld) {
        this.maxHeld = maxHeld;
    }

    /** Applies one envelope whose signature was verified against its domain's registered keys. */
    public Received accept(OpenedEnvelope envelope, long receivedAtMillis) {
        return state(envelope).apply(envelope, receivedAtMillis);
    }

    /**
     * Starts {@code checkpoint}'s domain's chain at it (its signature verified against the domain's
     * registered keys), when the domain answered that the envelopes before it are pruned: nothing
     * before it can be had, and the checkpoint commits to all of it.
     */
    public Received anchor(OpenedEnvelope checkpoint, long receivedAtMillis) {
        return state(checkpoint).anchor(checkpoint, receivedAtMillis);
    }

    private DomainState state(OpenedEnvelope envelope) {
        return domains.computeIfAbsent(envelope.header().getDomain(), d -> new DomainState(d, maxHeld));
    }

    /**
     * The envelope number to ask {@code domain} for next: after its whole chain, or before its
     * checkpoint when this node started there and lacks some of the revocation entries before it.
     */
    public long repairFrom(String domain) {
        DomainState state = domains.get(domain);
        return state == null ? 0 : state.repairFrom();
    }


    /**
     * Forgets everything held from {@code domain}, as an operator's resolution of its equivocation
     * orders: its envelopes are then taken again from the start, as the domain now sends them
     * (a domain that equivocates again is found out again). Answers whether anything was held.
     */
    public boolean forget(String domain) {
        return domains.remove(domain) != null;
    }

    public Optional<DomainView> view(String domain) {
        DomainState state = domains.get(domain);
        return state == null ? Optional.empty() : Optional.of(state.view());
    }

    /** Every domain's view, by domain name. */
    public Map<String, DomainView> views() {
        Map<String, DomainView> out = new LinkedHashMap<>();
        domains.forEach((d, s) -> out.put(d, s.view()));
        return out;
    }

    /** The envelope numbers of {@code domain} missing between its head and the highest received, as ranges [from, to]. */
    public List<long[]> missing(String domain, int limit) {
        DomainState state = domains.get(domain);
        return state == null ? List.of() : state.missing(limit);
    }

    /** Every domain's whole-chain head: the cut at which {@link #digestAt} can be compared across nodes. */
    public Map<String, Long> heads() {
        Map<String, Long> out = new TreeMap<>();
        domains.forEach((d, s) -> out.put(d, s.view().head()));
        return out;
    }

    /** SHA-256 over everything received from every domain: equal on nodes that received the same envelopes. */
    public byte[] digest() {
        ByteArrayOutputStream all = new ByteArrayOutputStream();
        domains.values().forEach(s -> all.writeBytes(Hashes.sha256(s.fullDigest())));
        return Hashes.sha256(all.toByteArray());
    }

    /**
     * SHA-256 over what each domain's envelopes {@code 0..cut(domain)} establish: comparable across
     * nodes while new beacons keep arriving. Empty when this node's chain of some domain in the cut
     * is not whole up to the cut's number (or the domain is unknown here).
     */
    public Optional<byte[]> digestAt(Map<String, Long> cut) {
        ByteArrayOutputStream all = new ByteArrayOutputStream();
        for (Map.Entry<String, Long> e : new TreeMap<>(cut).entrySet()) {
            DomainState state = domains.get(e.getKey());
            if (state == null) {
                return Optional.empty();
            }
            Optional<byte[]> d = state.digestAt(e.getValue());
            if (d.isEmpty()) {
                return Optional.empty();
            }
            all.writeBytes(Hashes.sha256(d.get()));
        }
        return Optional.of(Hashes.sha256(all.toByteArray()));
    }
}

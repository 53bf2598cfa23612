package dev.writ.reconciliation;

import com.google.protobuf.ByteString;
import com.google.protobuf.InvalidProtocolBufferException;
import dev.writ.protocol.envelope.OpenedEnvelope;
import dev.writ.protocol.wire.EnvelopeHeader;
import dev.writ.protocol.wire.EnvelopeType;
import dev.writ.protocol.wire.LineageCheckpoint;
import dev.writ.protocol.wire.EpochBeacon;
import dev.writ.protocol.wire.RevocationEntry;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Everything received from one sender domain: its envelope lineage from its latest checkpoint, its
 * revocation ledger, its latest beacon, and the checkpoints held. A checkpoint is verified when the
 * chain is whole up to it (it must name the checkpoint before it as held here, and its revocation
 * chain must be the ledger's), then the lineage forgets everything below it.
 */
final class DomainState {
    private final String domain;
    private final Lineage lineage;
    private final RevocationLedger ledger = new RevocationLedger();
    /** Checkpoint envelopes held, by number, from the latest verified one (at the floor, once pruned) up. */
    private final NavigableMap<Long, Sealed> checkpoints = new TreeMap<>();
    /** The latest checkpoint verified here. */
    private Sealed verified;
    /** A verified checkpoint whose revocation chain waits for entries this node lacks (it started there). */
    private Sealed ledgerPending;
    private Beacon beacon;
    /** A validly signed envelope whose payload is not what its type says: proof of nothing, so the domain is refused. */
    private String invalidPayload;

    /** One checkpoint envelope: its number, its hash (what the next checkpoint names) and what it states. */
    private record Sealed(long seq, ByteString hash, LineageCheckpoint body) {
    }

    DomainState(String domain, long maxHeld) {
        this.domain = domain;
        this.lineage = new Lineage(maxHeld);
    }

    Received apply(OpenedEnvelope envelope, long receivedAtMillis) {
        EnvelopeHeader h = envelope.header();
        ByteString hash = ByteString.copyFrom(envelope.hash());
        boolean wasEquivocating = equivocating();
        Lineage.Added added = lineage.add(h.getSeq(), hash, h.getPrevHash());
        switch (added) {
            case DUPLICATE -> {
                return new Received.Duplicate(domain, h.getSeq());
            }
            case BEYOND -> {
                return new Received.Deferred(domain, h.getSeq(), lineage.head() + 1);
            }
            case SEALED -> {
                // Below the checkpoint: its place in the chain is sealed, but a revocation it carries is state.
                if (h.getType() == EnvelopeType.REVOCATION_ENTRY) {
                    takeEntry(envelope, hash);
                    checkLedger();
                }
                return wasEquivocating || !equivocating() ? new Received.Sealed(domain, h.getSeq())
                        : new Received.Equivocation(domain, h.getSeq(), conflict(), conflictingEnvelopes());
            }
            case NEW -> take(envelope, hash, receivedAtMillis);
        }
        settle();
        return outcome(wasEquivocating, h.getSeq());
    }

    /**
     * Starts the domain's chain at {@code checkpoint}, whose envelopes before it this node cannot
     * get (the domain pruned them; its signature was verified). It must continue the checkpoints
     * held here: naming an older predecessor than the latest held, or the latest with another hash,
     * is a fork across a checkpoint (equivocation). A checkpoint within the whole chain is taken as
     * any envelope.
     */
    Received anchor(OpenedEnvelope checkpoint, long receivedAtMillis) {
        EnvelopeHeader h = checkpoint.header();
        if (h.getType() != EnvelopeType.CHECKPOINT) {
            throw new IllegalArgumentException("only a checkpoint anchors a lineage");
        }
        if (h.getSeq() <= lineage.head() || h.getSeq() < lineage.floor()) {
            return apply(checkpoint, receivedAtMillis);
        }
        boolean wasEquivocating = equivocating();
        ByteString hash = ByteString.copyFrom(checkpoint.hash());
        Optional<LineageCheckpoint> body = parseCheckpoint(checkpoint);
        if (body.isEmpty() || wasEquivocating) {
            return outcome(wasEquivocating, h.getSeq());
        }
        LineageCheckpoint c = body.get();
        Sealed held = verified;
        if (held != null && (c.getFirst() || c.getPreviousSeq() < held.seq()
                || (c.getPreviousSeq() == held.seq() && !c.getPreviousHash().equals(held.hash())))) {
            lineage.conflict(new Lineage.Conflict(h.getSeq(), List.of(held.hash(), hash), "checkpoint " + h.getSeq()
                    + " does not follow checkpoint " + held.seq() + " held here"));
        } else if (c.getPreviousSeq() <= lineage.head() && !c.getFirst()
                && !Optional.ofNullable(checkpoints.get(c.getPreviousSeq())).map(Sealed::hash).equals(
                        Optional.of(c.getPreviousHash()))) {
            lineage.conflict(new Lineage.Conflict(h.getSeq(), List.of(hash), "checkpoint " + h.getSeq()
                    + " names as its predecessor envelope " + c.getPreviousSeq() + ", not a checkpoint held here"));
        } else if (lineage.anchor(h.getSeq(), hash, h.getPrevHash())) {
            Sealed sealed = new Sealed(h.getSeq(), hash, c);
            forgetBelowFloor();
            checkpoints.put(h.getSeq(), sealed);
            verified = sealed;
            ledgerPending = sealed;
            checkLedger();
        }
        settle();
        return outcome(wasEquivocating, h.getSeq());
    }

    private Received outcome(boolean wasEquivocating, long seq) {
        if (!wasEquivocating && equivocating()) {
            return new Received.Equivocation(domain, seq, conflict(), conflictingEnvelopes());
        }
        long missingFrom = lineage.head() + 1;
        if (lineage.highestSeq() > lineage.head() && !lineage.equivocating()) {
            return new Received.Gap(domain, seq, missingFrom, lineage.highestSeq());
        }
        return new Received.Accepted(domain, seq, lineage.head());
    }

    private boolean equivocating() {
        return lineage.equivocating() || ledger.conflicting();
    }

    /** A new envelope held in the lineage: what its payload says. */
    private void take(OpenedEnvelope envelope, ByteString hash, long receivedAtMillis) {
        EnvelopeHeader h = envelope.header();
        switch (h.getType()) {
            case BEACON -> parseBeacon(envelope).ifPresent(b -> {
                if (!b.getDomain().equals(domain)) {
                    invalid("beacon " + h.getSeq() + " speaks for domain '" + b.getDomain() + "'");
                } else if (beacon == null || beacon.supersededBy(h.getSeq(), hash)) {
                    beacon = new Beacon(h.getSeq(), hash, b, receivedAtMillis);
                }
            });
            case REVOCATION_ENTRY -> takeEntry(envelope, hash);
            case CHECKPOINT -> parseCheckpoint(envelope).ifPresent(c -> checkpoints.put(h.getSeq(), new Sealed(h.getSeq(), hash, c)));
            default -> {
                // Evidence heads, anchors and bundles take part in the lineage; nothing here derives state from them.
            }
        }
    }

    private void takeEntry(OpenedEnvelope envelope, ByteString hash) {
        EnvelopeHeader h = envelope.header();
        parseEntry(envelope).ifPresent(e -> {
            if (!e.getDomain().equals(domain) || e.getEpoch() < 1) {
                invalid("revocation entry in envelope " + h.getSeq() + " is for '" + e.getDomain() + "' at epoch "
                        + e.getEpoch());
            } else {
                ledger.add(e, h.getSeq(), hash);
            }
        });
    }

    /**
     * Verifies, in order, the checkpoints the whole chain now reaches, then forgets the lineage below
     * the latest verified one. A checkpoint that names another predecessor than the checkpoint
     * before it in the chain, or states revocations other than those the chain carried before it,
     * shows the domain signed two histories: equivocation, and nothing is forgotten.
     */
    private void settle() {
        while (!equivocating()) {
            Map.Entry<Long, Sealed> next = checkpoints.higherEntry(verified == null ? -1 : verified.seq());
            if (next == null || next.getKey() > lineage.head()) {
                break;
            }
            Sealed c = next.getValue();
            Map.Entry<Long, Sealed> before = checkpoints.lowerEntry(c.seq());
            boolean follows = before == null
                    ? c.body().getFirst() && lineage.floor() == 0
                    : !c.body().getFirst() && c.body().getPreviousSeq() == before.getKey()
                            && c.body().getPreviousHash().equals(before.getValue().hash());
            if (!follows) {
                lineage.conflict(new Lineage.Conflict(c.seq(), before == null ? List.of(c.hash())
                        : List.of(before.getValue().hash(), c.hash()), "checkpoint " + c.seq()
                        + " does not name the checkpoint before it in the chain"));
                break;
            }
            if (ledger.cut(c.seq() - 1).epoch() > c.body().getRevocationEpoch()) {
                lineage.conflict(new Lineage.Conflict(c.seq(), List.of(c.hash()), "checkpoint " + c.seq()
                        + " states fewer revocations than the chain carried before it"));
                break;
            }
            ledgerPending = c;
            checkLedger();
            if (equivocating()) {
                break;
            }
            verified = c;
        }
        if (verified != null && !equivocating()) {
            lineage.pruneTo(verified.seq());
            forgetBelowFloor();
        }
    }

    /** Nothing below the floor is held, the beacon neither: a node that started at the checkpoint holds the same. */
    private void forgetBelowFloor() {
        checkpoints.headMap(lineage.floor(), false).clear();
        if (beacon != null && beacon.envelopeSeq() < lineage.floor()) {
            beacon = null;
        }
    }

    /** Compares the pending checkpoint's revocation chain with the ledger once the ledger holds its epochs. */
    private void checkLedger() {
        if (ledgerPending == null || ledger.epoch() < ledgerPending.body().getRevocationEpoch()) {
            return;
        }
        Sealed c = ledgerPending;
        ledgerPending = null;
        ledger.chain(c.body().getRevocationEpoch()).ifPresent(chain -> {
            if (!ByteString.copyFrom(chain).equals(c.body().getRevocationChain())) {
                lineage.conflict(new Lineage.Conflict(c.seq(), List.of(c.hash()), "checkpoint " + c.seq()
                        + " states revocations 1.." + c.body().getRevocationEpoch() + " other than those held"));
            }
        });
    }

    /**
     * Where to ask the domain for envelopes from: after the whole chain, or, when this node started
     * at a checkpoint and lacks revocation entries before it, after the last of those it holds.
     */
    long repairFrom() {
        if (ledgerPending != null) {
            long held = ledger.epoch();
            return held == 0 ? 0 : ledger.carrierOf(held) + 1;
        }
        return lineage.head() + 1;
    }

    private Optional<LineageCheckpoint> parseCheckpoint(OpenedEnvelope envelope) {
        long seq = envelope.header().getSeq();
        try {
            LineageCheckpoint c = LineageCheckpoint.parseFrom(envelope.payload());
            if (!c.getDomain().equals(domain) || c.getSeq() != seq || c.getRevocationChain().size() != 32
                    || (!c.getFirst() && (c.getPreviousSeq() >= seq || c.getPreviousHash().size() != 32))) {
                invalid("checkpoint envelope " + seq + " is not a checkpoint of '" + domain + "' at " + seq);
                return Optional.empty();
            }
            return Optional.of(c);
        } catch (InvalidProtocolBufferException e) {
            invalid("checkpoint envelope " + seq + " is unreadable");
            return Optional.empty();
        }
    }

    private Optional<EpochBeacon> parseBeacon(OpenedEnvelope envelope) {
        try {
            return Optional.of(EpochBeacon.parseFrom(envelope.payload()));
        } catch (InvalidProtocolBufferException e) {
            invalid("beacon envelope " + envelope.header().getSeq() + " is unreadable");
            return Optional.empty();
        }
    }

    private Optional<RevocationEntry> parseEntry(OpenedEnvelope envelope) {
        try {
            return Optional.of(RevocationEntry.parseFrom(envelope.payload()));
        } catch (InvalidProtocolBufferException e) {
            invalid("revocation envelope " + envelope.header().getSeq() + " is unreadable");
            return Optional.empty();
        }
    }

    private void invalid(String why) {
        if (invalidPayload == null) {
            invalidPayload = why;
        }
    }

    DomainView view() {
        return new DomainView(domain, lineage.head(), lineage.hashAt(lineage.head()), lineage.highestSeq(),
                equivocating(), conflict(), conflictingEnvelopes(),
                Optional.ofNullable(invalidPayload), Optional.ofNullable(beacon), ledger.epoch(), ledger.revokedCopy(),
                verified == null ? -1 : verified.seq(), verified == null ? 0 : verified.body().getRevocationEpoch(),
                lineage.held());
    }

    /** Why the domain equivocated, as first found here: in its chain, else in its ledger; empty while it has not. */
    private String conflict() {
        return lineage.firstConflict().map(Lineage.Conflict::why)
                .orElse(ledger.conflicting() ? "two revocation entries with one epoch" : "");
    }

    /**
     * The envelopes of that first conflict, sorted: what an operator's resolution names, so it
     * resolves this equivocation and no later one.
     */
    private List<ByteString> conflictingEnvelopes() {
        return lineage.firstConflict().map(Lineage.Conflict::envelopes).orElse(ledger.conflictingEnvelopes()).stream()
                .sorted(ByteString.unsignedLexicographicalComparator()).toList();
    }

    List<long[]> missing(int limit) {
        return lineage.missing(limit);
    }

    /**
     * The digest of what this domain's envelopes numbered {@code 0..seq} establish, or empty when
     * the chain here is not whole up to {@code seq}. The envelope hash at {@code seq} commits to the
     * whole prefix (each header names the one before and its payload's hash); the ledger derived
     * from that prefix is hashed beside it, so two nodes agree only if they also derived the same.
     */
    Optional<byte[]> digestAt(long seq) {
        Optional<ByteString> at = lineage.hashAt(seq);
        if (at.isEmpty()) {
            return Optional.empty();
        }
        RevocationLedger.Cut cut = ledger.cut(seq);
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            byte[] name = domain.getBytes(StandardCharsets.UTF_8);
            out.writeInt(name.length);
            out.write(name);
            out.writeLong(seq);
            out.write(at.get().toByteArray());
            out.writeLong(cut.epoch());
            out.writeLong(cut.entries().count());
            out.write(cut.entries().sumBytes());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return Optional.of(bytes.toByteArray());
    }

    /** The digest of everything received from this domain, whole or not: equal on nodes that received the same set. */
    byte[] fullDigest() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            byte[] name = domain.getBytes(StandardCharsets.UTF_8);
            out.writeInt(name.length);
            out.write(name);
            out.writeLong(lineage.floor());
            out.writeLong(lineage.head());
            out.write(lineage.hashAt(lineage.head()).orElse(Lineage.ZERO).toByteArray());
            out.writeLong(lineage.highestSeq());
            out.writeBoolean(lineage.equivocating());
            out.writeLong(lineage.all().count());
            out.write(lineage.all().sumBytes());
            RevocationLedger.Cut all = ledger.cut(Long.MAX_VALUE);
            out.writeLong(ledger.epoch());
            out.writeBoolean(ledger.conflicting());
            out.writeLong(all.entries().count());
            out.write(all.entries().sumBytes());
            out.write(beacon == null ? Lineage.ZERO.toByteArray() : beacon.envelopeHash().toByteArray());
            out.writeBoolean(invalidPayload != null);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }
}

package dev.writ.reconciliation;

import com.google.protobuf.ByteString;
import com.google.protobuf.InvalidProtocolBufferException;
import dev.writ.protocol.envelope.OpenedEnvelope;
import dev.writ.protocol.wire.EnvelopeHeader;
import dev.writ.protocol.wire.EpochBeacon;
import dev.writ.protocol.wire.RevocationEntry;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;

/** Everything received from one sender domain: its envelope lineage, its revocation ledger and its latest beacon. */
final class DomainState {
    private final String domain;
    private final Lineage lineage = new Lineage();
    private final RevocationLedger ledger = new RevocationLedger();
    private Beacon beacon;
    /** A validly signed envelope whose payload is not what its type says: proof of nothing, so the domain is refused. */
    private String invalidPayload;

    DomainState(String domain) {
        this.domain = domain;
    }

    Received apply(OpenedEnvelope envelope, long receivedAtMillis) {
        EnvelopeHeader h = envelope.header();
        ByteString hash = ByteString.copyFrom(envelope.hash());
        boolean wasEquivocating = lineage.equivocating() || ledger.conflicting();
        Lineage.Added added = lineage.add(h.getSeq(), hash, h.getPrevHash());
        if (added == Lineage.Added.DUPLICATE) {
            return new Received.Duplicate(domain, h.getSeq());
        }
        switch (h.getType()) {
            case BEACON -> parseBeacon(envelope).ifPresent(b -> {
                if (!b.getDomain().equals(domain)) {
                    invalid("beacon " + h.getSeq() + " speaks for domain '" + b.getDomain() + "'");
                } else if (beacon == null || beacon.supersededBy(h.getSeq(), hash)) {
                    beacon = new Beacon(h.getSeq(), hash, b, receivedAtMillis);
                }
            });
            case REVOCATION_ENTRY -> parseEntry(envelope).ifPresent(e -> {
                if (!e.getDomain().equals(domain) || e.getEpoch() < 1) {
                    invalid("revocation entry in envelope " + h.getSeq() + " is for '" + e.getDomain() + "' at epoch "
                            + e.getEpoch());
                } else {
                    ledger.add(e, h.getSeq(), hash);
                }
            });
            default -> {
                // Evidence heads, anchors and bundles take part in the lineage; nothing here derives state from them.
            }
        }
        if (!wasEquivocating && (lineage.equivocating() || ledger.conflicting())) {
            return new Received.Equivocation(domain, h.getSeq(), conflict(), conflictingEnvelopes());
        }
        long missingFrom = lineage.head() + 1;
        if (lineage.highestSeq() > lineage.head() && !lineage.equivocating()) {
            return new Received.Gap(domain, h.getSeq(), missingFrom, lineage.highestSeq());
        }
        return new Received.Accepted(domain, h.getSeq(), lineage.head());
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
                lineage.equivocating() || ledger.conflicting(), conflict(), conflictingEnvelopes(),
                Optional.ofNullable(invalidPayload), Optional.ofNullable(beacon), ledger.epoch(), ledger.revokedCopy());
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

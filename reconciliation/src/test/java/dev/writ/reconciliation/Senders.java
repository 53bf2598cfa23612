package dev.writ.reconciliation;

import com.google.protobuf.ByteString;
import dev.writ.protocol.crypto.Hashes;
import dev.writ.protocol.crypto.SigningKey;
import dev.writ.protocol.envelope.Envelopes;
import dev.writ.protocol.envelope.OpenedEnvelope;
import dev.writ.protocol.wire.EnvelopeType;
import dev.writ.protocol.wire.EpochBeacon;
import dev.writ.protocol.wire.LineageCheckpoint;
import dev.writ.protocol.wire.PolicyEpoch;
import dev.writ.protocol.wire.RevocationEntry;
import java.util.ArrayList;
import java.util.List;

/** Test senders: a domain's honest envelope chain, and ways to make it lie. */
final class Senders {
    static final SigningKey KEY = SigningKey.generate();

    private Senders() {
    }

    /** One domain's publisher, as the node's Publisher seals: contiguous numbers, each naming the one before. */
    static final class Chain {
        final String domain;
        final List<OpenedEnvelope> sent = new ArrayList<>();
        long epoch;
        private byte[] prev = Hashes.zeroHash();
        private final RevocationChain revocations = new RevocationChain();
        private OpenedEnvelope lastCheckpoint;

        Chain(String domain) {
            this.domain = domain;
        }

        OpenedEnvelope beacon(long issuedAt) {
            return append(EnvelopeType.BEACON, EpochBeacon.newBuilder().setDomain(domain).setRevocationEpoch(epoch)
                    .setPolicyEpoch(PolicyEpoch.newBuilder().setVersion(3)).setIssuedAtMillis(issuedAt).build().toByteArray(),
                    issuedAt);
        }

        OpenedEnvelope revoke(String subject, long at) {
            epoch++;
            RevocationEntry entry = RevocationEntry.newBuilder().setDomain(domain).setEpoch(epoch)
                    .setKind(RevocationEntry.Kind.WRIT).setSubject(subject).setRevokedAtMillis(at).build();
            if (epoch == revocations.epoch() + 1) { // a test that rewinds the epoch makes the domain lie: not in its chain
                revocations.append(entry);
            }
            return append(EnvelopeType.REVOCATION_ENTRY, entry.toByteArray(), at);
        }

        /** An honest checkpoint: the next number, naming the checkpoint before and the revocations sent. */
        OpenedEnvelope checkpoint(long at) {
            OpenedEnvelope c = append(EnvelopeType.CHECKPOINT, checkpointBody(sent.size()).build().toByteArray(), at);
            lastCheckpoint = c;
            return c;
        }

        /** What an honest checkpoint at {@code seq} would state now: tests change it to make it lie. */
        LineageCheckpoint.Builder checkpointBody(long seq) {
            LineageCheckpoint.Builder body = LineageCheckpoint.newBuilder().setDomain(domain).setSeq(seq)
                    .setRevocationEpoch(revocations.epoch()).setRevocationChain(ByteString.copyFrom(revocations.value()));
            if (lastCheckpoint == null) {
                body.setFirst(true);
            } else {
                body.setPreviousSeq(lastCheckpoint.header().getSeq())
                        .setPreviousHash(ByteString.copyFrom(lastCheckpoint.hash()));
            }
            return body;
        }

        OpenedEnvelope append(EnvelopeType type, byte[] payload, long at) {
            OpenedEnvelope e = Envelopes.seal(KEY, type, domain, sent.size(), prev, payload, at);
            sent.add(e);
            prev = e.hash();
            return e;
        }

        /** A second, different envelope at {@code seq}, correctly linked to the one before it: equivocation. */
        OpenedEnvelope forkAt(int seq, long at) {
            byte[] before = seq == 0 ? Hashes.zeroHash() : sent.get(seq - 1).hash();
            return Envelopes.seal(KEY, EnvelopeType.BEACON, domain, seq, before, EpochBeacon.newBuilder().setDomain(domain)
                    .setRevocationEpoch(999).setIssuedAtMillis(at).build().toByteArray(), at);
        }
    }
}

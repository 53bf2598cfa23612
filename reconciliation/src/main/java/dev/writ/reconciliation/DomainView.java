package dev.writ.reconciliation;

import com.google.protobuf.ByteString;
import dev.writ.protocol.wire.RevocationEntry;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * An immutable picture of what a node holds from one domain, for the verdict on the hot path and
 * for health and the API.
 *
 * @param head               the chain is whole and unambiguous over envelopes {@code 0..head} (-1: none)
 * @param highestSeq         the highest envelope number received; above {@code head} means a gap
 * @param equivocating       the domain signed two versions of its chain or of its ledger
 * @param conflict           why, as first found here (empty while it has not)
 * @param conflictingEnvelopes the hashes of the envelopes of that conflict, sorted: what a resolution names
 * @param invalidPayload     a signed envelope whose payload was not what its type says
 * @param revocationEpoch    every revocation entry {@code 1..revocationEpoch} of the domain is held
 * @param revoked            revoked subjects as {@code KIND:subject}
 * @param checkpointSeq      the domain's latest checkpoint verified here, from which its chain is held (-1: none)
 * @param checkpointRevocationEpoch the revocation epoch that checkpoint states: holding less is a gap
 * @param held               envelope hashes held for the domain: at most the bound, whatever it sent
 */
public record DomainView(String domain, long head, Optional<ByteString> headHash, long highestSeq,
                         boolean equivocating, String conflict, List<ByteString> conflictingEnvelopes,
                         Optional<String> invalidPayload,
                         Optional<Beacon> beacon, long revocationEpoch, Set<String> revoked,
                         long checkpointSeq, long checkpointRevocationEpoch, int held) {

    public boolean isRevoked(RevocationEntry.Kind kind, String subject) {
        return revoked.contains(RevocationLedger.key(kind, subject));
    }
}

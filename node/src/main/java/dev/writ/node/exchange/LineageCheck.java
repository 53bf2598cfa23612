package dev.writ.node.exchange;

import com.google.protobuf.ByteString;
import com.google.protobuf.InvalidProtocolBufferException;
import dev.writ.protocol.ProtocolException;
import dev.writ.protocol.crypto.Hashes;
import dev.writ.protocol.crypto.KeyRing;
import dev.writ.protocol.evidence.EvidenceRecords;
import dev.writ.protocol.evidence.VerifiedRecord;
import dev.writ.protocol.wire.EvidenceHead;
import dev.writ.protocol.wire.EvidenceKind;
import dev.writ.protocol.wire.EvidenceRecord;
import dev.writ.protocol.wire.ExecutionContract;
import dev.writ.protocol.wire.IssuanceLineage;
import dev.writ.protocol.wire.IssuanceLineageCheck;
import dev.writ.protocol.wire.WritIssuance;
import dev.writ.protocol.writ.Writ;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;

/**
 * Checks that a partner's writ was issued in the partner's attested lineage: its ISSUANCE record is
 * signed by a key the partner registered on chain, records exactly this writ and the contract its
 * {@code cnt} names, and the lane's hash chain leads from that record, record by record, to the lane
 * head the partner stated in a beacon this node holds. What held is returned as an
 * {@link IssuanceLineageCheck} for the redemption's receipt, so the redeeming part of a bundle shows
 * which of the partner's records was checked. Pure: everything comes in as arguments.
 */
public final class LineageCheck {
    private LineageCheck() {
    }

    /** Why a lineage does not hold; the message says which step failed. */
    public static final class Broken extends Exception {
        Broken(String message) {
            super(message);
        }
    }

    /** A lineage that held: the writ's contract, and what was checked, to record in the redemption's receipt. */
    public record Held(ExecutionContract contract, IssuanceLineageCheck check) {
    }

    /** The writ's contract and the check made, once its lineage holds against {@code heads} (the partner's latest beacon). */
    public static Held verify(byte[] lineageBytes, Writ writ, String domain, KeyRing keys,
                              List<EvidenceHead> heads, long nowMillis) throws Broken {
        String jti = writ.claims().jti();
        try {
            IssuanceLineage lineage = IssuanceLineage.parseFrom(lineageBytes);
            byte[] payload = lineage.getPayload().toByteArray();
            VerifiedRecord issuance = EvidenceRecords.openWithPayload(lineage.getIssuance(), payload, keys);
            if (!issuance.body().getDomain().equals(domain) || issuance.body().getKind() != EvidenceKind.ISSUANCE
                    || !issuance.body().getSubject().equals(jti)) {
                throw new Broken("the record offered for " + jti + " is not " + domain + "'s ISSUANCE of it");
            }
            WritIssuance recorded = WritIssuance.parseFrom(payload);
            if (!recorded.getWrit().equals(writ.compact())) {
                throw new Broken(domain + " recorded another writ under jti " + jti);
            }
            String cnt = Base64.getUrlEncoder().withoutPadding().encodeToString(Hashes.sha256(recorded.getContract().toByteArray()));
            if (!cnt.equals(writ.claims().contractHash())) {
                throw new Broken("the writ's cnt is not the hash of the contract " + domain + " recorded");
            }
            EvidenceHead head = heads.stream().filter(h -> h.getLane().equals(issuance.body().getLane())).findFirst()
                    .orElseThrow(() -> new Broken("no beacon of " + domain + " held here attests lane "
                            + issuance.body().getLane()));
            VerifiedRecord last = issuance;
            for (EvidenceRecord next : lineage.getFollowingList()) {
                VerifiedRecord r = EvidenceRecords.open(next, keys);
                if (!r.body().getLane().equals(last.body().getLane()) || r.body().getSeq() != last.body().getSeq() + 1
                        || !Arrays.equals(r.body().getPrevHash().toByteArray(), last.hash())) {
                    throw new Broken("the lane of " + jti + " breaks after record " + last.body().getSeq());
                }
                last = r;
            }
            if (last.body().getSeq() != head.getSeq() || !Arrays.equals(last.hash(), head.getHash().toByteArray())) {
                throw new Broken("the lane of " + jti + " does not lead to the head " + domain + " attested ("
                        + head.getLane() + "#" + head.getSeq() + ")");
            }
            IssuanceLineageCheck check = IssuanceLineageCheck.newBuilder().setIssuingDomain(domain)
                    .setLane(issuance.body().getLane()).setIssuanceSeq(issuance.body().getSeq())
                    .setIssuanceRecordHash(ByteString.copyFrom(issuance.hash())).setAttestedHeadSeq(head.getSeq())
                    .setAttestedHeadHash(head.getHash()).setVerdict(IssuanceLineageCheck.Verdict.HELD)
                    .setCheckedAtMillis(nowMillis).build();
            return new Held(ExecutionContract.parseFrom(recorded.getContract()), check);
        } catch (InvalidProtocolBufferException e) {
            throw new Broken("the lineage of " + jti + " is unreadable");
        } catch (ProtocolException e) {
            throw new Broken("a record in the lineage of " + jti + " does not hold: " + e.fault() + ": " + e.detail());
        }
    }
}

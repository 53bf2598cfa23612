package dev.writ.protocol.testing;

import com.google.protobuf.ByteString;
import com.google.protobuf.Message;
import dev.writ.protocol.anchor.AnchorBatches;
import dev.writ.protocol.anchor.SealedBatch;
import dev.writ.protocol.bundle.DomainKeys;
import dev.writ.protocol.bundle.StoryManifests;
import dev.writ.protocol.crypto.Hashes;
import dev.writ.protocol.crypto.SigningKey;
import dev.writ.protocol.evidence.ChainHead;
import dev.writ.protocol.evidence.EvidenceRecords;
import dev.writ.protocol.evidence.VerifiedRecord;
import dev.writ.protocol.writ.Writ;
import dev.writ.protocol.writ.WritClaims;
import dev.writ.protocol.writ.WritIssuer;
import dev.writ.protocol.wire.Action;
import dev.writ.protocol.wire.ActionContext;
import dev.writ.protocol.wire.ActionProposal;
import dev.writ.protocol.wire.BundleItem;
import dev.writ.protocol.wire.ChainAnchor;
import dev.writ.protocol.wire.DecisionRecord;
import dev.writ.protocol.wire.DomainPart;
import dev.writ.protocol.wire.EvidenceKind;
import dev.writ.protocol.wire.ExecutionContract;
import dev.writ.protocol.wire.LaneRange;
import dev.writ.protocol.wire.OutcomeRecord;
import dev.writ.protocol.wire.ParameterConstraint;
import dev.writ.protocol.wire.PolicyEpoch;
import dev.writ.protocol.wire.ProofBundle;
import dev.writ.protocol.wire.Reason;
import dev.writ.protocol.wire.IssuanceLineageCheck;
import dev.writ.protocol.wire.RedemptionReceipt;
import dev.writ.protocol.wire.WritIssuance;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;

/**
 * A complete, anchored story of one writ, built with the library's own pieces the way a broker
 * will: proposal, ALLOW decision, contract, writ, redemption, outcome, each an evidence record on
 * one lane among unrelated records, the lane anchored in one batch. Tests tamper with the result.
 */
public final class StoryFixture {
    public static final String DOMAIN = "acme";
    public static final String LANE = "lane-0";
    private static final Instant T0 = Instant.parse("2026-11-22T10:00:00Z");

    public static final String PARTNER = "globex";

    /** What the redeeming domain's receipt records of the issuance lineage it checked before redeeming. */
    public enum Lineage {
        /** the issuing part's ISSUANCE, checked up to the lane's last record: what a node records */
        CHECKED,
        /** no lineage check at all, as a redeeming domain that skipped it would leave */
        UNCHECKED,
        /** a check of another record of the issuing lane than the writ's ISSUANCE */
        OF_ANOTHER_RECORD
    }

    private final SigningKey nodeKey;
    private final boolean escalated;
    private final String confirmationKey;
    private final SigningKey partnerKey;
    private final String redeemDomain;
    private final String partnerDomain;
    private final Lineage lineage;
    private final ProofBundle bundle;

    public StoryFixture() {
        this(SigningKey.generate());
    }

    public StoryFixture(SigningKey nodeKey) {
        this(nodeKey, false);
    }

    /** @param escalated the decision ESCALATEs and an APPROVAL (an ALLOW) follows it; the contract is bound to the approval */
    public StoryFixture(SigningKey nodeKey, boolean escalated) {
        this(nodeKey, escalated, "");
    }

    /** @param confirmationKey the writ's cnf.jkt (a sender-constrained writ, D61), "" for a bearer writ */
    public StoryFixture(SigningKey nodeKey, boolean escalated, String confirmationKey) {
        this(nodeKey, escalated, confirmationKey, null, "", "", Lineage.CHECKED);
    }

    private StoryFixture(SigningKey nodeKey, boolean escalated, String confirmationKey, SigningKey partnerKey,
                         String redeemDomain, String partnerDomain, Lineage lineage) {
        this.nodeKey = nodeKey;
        this.escalated = escalated;
        this.confirmationKey = confirmationKey;
        this.partnerKey = partnerKey;
        this.redeemDomain = redeemDomain;
        this.partnerDomain = partnerDomain;
        this.lineage = lineage;
        this.bundle = build();
    }

    /**
     * A cross-boundary story: {@value #DOMAIN} issues a writ whose contract names {@code redeemDomain}
     * to redeem it, and {@code partnerDomain} (signing with {@code partnerKey}, on its own lane and
     * anchor batch) records the redemption and outcome, carried as the bundle's redeeming part.
     */
    public static StoryFixture crossBoundary(SigningKey nodeKey, SigningKey partnerKey, String redeemDomain,
                                             String partnerDomain) {
        return crossBoundary(nodeKey, partnerKey, redeemDomain, partnerDomain, Lineage.CHECKED);
    }

    /** The same, with the redeeming domain's receipt recording {@code lineage}. */
    public static StoryFixture crossBoundary(SigningKey nodeKey, SigningKey partnerKey, String redeemDomain,
                                             String partnerDomain, Lineage lineage) {
        return new StoryFixture(nodeKey, false, "", partnerKey, redeemDomain, partnerDomain, lineage);
    }

    public SigningKey partnerKey() {
        return partnerKey;
    }

    public SigningKey nodeKey() {
        return nodeKey;
    }

    public ProofBundle bundle() {
        return bundle;
    }

    private ProofBundle build() {
        String jti = "writ-0001";
        String agent = "spiffe://acme/agent/procurement-01";
        PolicyEpoch epoch = PolicyEpoch.newBuilder().setContractAddress("0x5FbDB2315678afecb367f032d93F642f64180aa3")
                .setVersion(3).setBlockNumber(1234).setRulesHash(bytes(Hashes.sha256("rules".getBytes()))).build();
        Action action = Action.newBuilder().setTarget("erp-api").setOperation("create_po")
                .putParameters("amount", "5000").putParameters("vendor", "vendor-y").setClassification("internal").build();
        ActionProposal proposal = ActionProposal.newBuilder().setProposalId("prop-1").setAgentId(agent)
                .setAction(action)
                .setContext(ActionContext.newBuilder().setSessionId("session-7").setPlanId("plan-1").setRiskScore(20)
                        .setDataClassification("confidential").setModelHash(bytes(Hashes.sha256("model".getBytes()))))
                .setRequestedWindowSeconds(60).setProposedAtMillis(T0.toEpochMilli()).build();
        DecisionRecord allow = DecisionRecord.newBuilder().setDomain(DOMAIN).setProposalId("prop-1")
                .setProposalHash(bytes(hash(proposal))).setAgentId(agent).setDecision(DecisionRecord.Decision.ALLOW)
                .addReasons(Reason.newBuilder().setCode("WITHIN_POLICY").setDetail("amount 5000 <= 10000"))
                .setPolicyEpoch(epoch).setDecidedAtMillis(T0.toEpochMilli()).setNodeId("node-1").build();
        DecisionRecord decision = escalated
                ? allow.toBuilder().setDecision(DecisionRecord.Decision.ESCALATE).clearReasons()
                        .addReasons(Reason.newBuilder().setCode("NEEDS_APPROVAL").setDetail("amount 5000 > 1000")).build()
                : allow;
        DecisionRecord binding = escalated ? allow : decision;
        Instant exp = T0.plusSeconds(60);
        ExecutionContract contract = ExecutionContract.newBuilder().setContractId("contract-1").setDomain(DOMAIN)
                .setAgentId(agent).setTarget("erp-api").setOperation("create_po")
                .addConstraints(ParameterConstraint.newBuilder().setName("amount")
                        .setKind(ParameterConstraint.Kind.EXACT).addValues("5000"))
                .setNotBeforeMillis(T0.toEpochMilli()).setExpiresAtMillis(exp.toEpochMilli()).setUses(1)
                .addEvidenceObligations("OUTCOME").setPolicyEpoch(epoch).setRedeemDomain(redeemDomain)
                .setDecisionHash(bytes(hash(binding))).setProposalHash(bytes(hash(proposal))).build();
        String cnt = Base64.getUrlEncoder().withoutPadding().encodeToString(hash(contract));
        Writ writ = new WritIssuer(nodeKey).issue(new WritClaims(agent, "erp-api",
                new WritClaims.Action("create_po", "erp-api", Map.of("amount", "5000", "vendor", "vendor-y"), "internal"),
                new WritClaims.Policy(epoch.getContractAddress(), 3, 1234, "rules"), "model", T0, T0, exp, jti,
                new WritClaims.Context("session-7", "plan-1", "", 20, "confidential"), DOMAIN, cnt, 0, confirmationKey));
        WritIssuance issuance = WritIssuance.newBuilder().setContract(contract.toByteString()).setWrit(writ.compact()).build();
        String redeemer = partnerKey == null ? DOMAIN : partnerDomain;
        RedemptionReceipt receipt = RedemptionReceipt.newBuilder().setDomain(redeemer).setJti(jti)
                .setWritHash(bytes(writ.hash())).setContractHash(bytes(hash(contract)))
                .setMutationHash(bytes(hash(action))).setPepId("pep-erp").setNodeId("node-2")
                .setRedeemedAtMillis(T0.plusSeconds(5).toEpochMilli()).build();
        OutcomeRecord outcome = OutcomeRecord.newBuilder().setDomain(redeemer).setJti(jti)
                .setReceiptHash(bytes(hash(receipt))).setStatus(OutcomeRecord.Status.SUCCEEDED).setPepId("pep-erp")
                .setReportedAtMillis(T0.plusSeconds(6).toEpochMilli()).build();

        // The story's records interleave with other agents' records, as on a busy lane.
        List<VerifiedRecord> lane = new ArrayList<>();
        List<Integer> storyPositions = new ArrayList<>();
        List<byte[]> storyPayloads = new ArrayList<>();
        ChainHead head = ChainHead.genesis(DOMAIN, LANE);
        List<Object[]> events = new ArrayList<>();
        events.add(new Object[] {EvidenceKind.PROPOSAL, "prop-1", proposal.toByteArray()});
        events.add(new Object[] {EvidenceKind.DECISION, "prop-1", decision.toByteArray()});
        if (escalated) {
            events.add(new Object[] {EvidenceKind.APPROVAL, "prop-1", allow.toByteArray()});
        }
        events.add(new Object[] {EvidenceKind.ISSUANCE, jti, issuance.toByteArray()});
        if (partnerKey == null) {
            events.add(new Object[] {EvidenceKind.REDEMPTION, jti, receipt.toByteArray()});
            events.add(new Object[] {EvidenceKind.OUTCOME, jti, outcome.toByteArray()});
        }
        long time = T0.toEpochMilli();
        VerifiedRecord issued = null;
        for (Object[] event : events) {
            head = unrelated(lane, head, time++);
            byte[] payload = (byte[]) event[2];
            VerifiedRecord record = EvidenceRecords.seal(nodeKey, "node-1", head, (EvidenceKind) event[0],
                    (String) event[1], Hashes.sha256(payload), time++);
            storyPositions.add(lane.size());
            storyPayloads.add(payload);
            lane.add(record);
            head = record.next();
            if (event[0] == EvidenceKind.ISSUANCE) {
                issued = record;
            }
        }
        head = unrelated(lane, head, time);

        List<byte[]> leaves = lane.stream().map(VerifiedRecord::hash).toList();
        SealedBatch batch = AnchorBatches.seal(nodeKey, DOMAIN, 0,
                List.of(LaneRange.newBuilder().setLane(LANE).setFirstSeq(0).setLastSeq(lane.size() - 1).build()),
                leaves, time + 1);
        ProofBundle.Builder out = ProofBundle.newBuilder().setVersion(1).setDomain(DOMAIN).setWrit(writ.compact())
                .addAnchors(batch.signed().toBuilder().setAnchor(ChainAnchor.newBuilder().setChainId(31337)
                        .setContractAddress("0xe7f1725E7734CE288F8367e1Bb143E90bb3F0512")
                        .setTxHash(bytes(Hashes.sha256("tx".getBytes()))).setBlockNumber(1240)))
                .addKeys(DomainKeys.toWire(nodeKey.verifyingKey(), "node"))
                .setExportedAtMillis(time + 2);
        List<byte[]> storyHashes = new ArrayList<>();
        for (int i = 0; i < storyPositions.size(); i++) {
            int position = storyPositions.get(i);
            out.addItems(BundleItem.newBuilder().setRecord(lane.get(position).record())
                    .setPayload(ByteString.copyFrom(storyPayloads.get(i)))
                    .setInclusion(batch.inclusionProof(position)));
            storyHashes.add(lane.get(position).hash());
        }
        out.setManifest(StoryManifests.seal(nodeKey, DOMAIN, jti, storyHashes, time + 2));
        if (partnerKey != null) {
            VerifiedRecord checked = lineage == Lineage.OF_ANOTHER_RECORD ? lane.get(lane.indexOf(issued) - 1) : issued;
            VerifiedRecord last = lane.get(lane.size() - 1);
            RedemptionReceipt partnerReceipt = lineage == Lineage.UNCHECKED ? receipt : receipt.toBuilder()
                    .setLineageCheck(IssuanceLineageCheck.newBuilder().setIssuingDomain(DOMAIN)
                            .setLane(checked.body().getLane()).setIssuanceSeq(checked.body().getSeq())
                            .setIssuanceRecordHash(bytes(checked.hash())).setAttestedHeadSeq(last.body().getSeq())
                            .setAttestedHeadHash(bytes(last.hash())).setVerdict(IssuanceLineageCheck.Verdict.HELD)
                            .setCheckedAtMillis(receipt.getRedeemedAtMillis()))
                    .build();
            OutcomeRecord partnerOutcome = outcome.toBuilder().setReceiptHash(bytes(hash(partnerReceipt))).build();
            List<Object[]> redeemed = List.of(
                    new Object[] {EvidenceKind.REDEMPTION, jti, partnerReceipt.toByteArray()},
                    new Object[] {EvidenceKind.OUTCOME, jti, partnerOutcome.toByteArray()});
            out.setRedeeming(part(partnerKey, partnerDomain, jti, redeemed, T0.plusSeconds(5).toEpochMilli()));
        }
        return out.build();
    }

    /** One domain's records of the events on its own lane among unrelated ones, anchored in its own batch. */
    private DomainPart part(SigningKey key, String domain, String jti, List<Object[]> events, long time) {
        List<VerifiedRecord> lane = new ArrayList<>();
        List<Integer> positions = new ArrayList<>();
        List<byte[]> payloads = new ArrayList<>();
        ChainHead head = ChainHead.genesis(domain, LANE);
        for (Object[] event : events) {
            head = unrelated(key, lane, head, time++);
            byte[] payload = (byte[]) event[2];
            VerifiedRecord record = EvidenceRecords.seal(key, "node-1", head, (EvidenceKind) event[0],
                    (String) event[1], Hashes.sha256(payload), time++);
            positions.add(lane.size());
            payloads.add(payload);
            lane.add(record);
            head = record.next();
        }
        unrelated(key, lane, head, time);
        SealedBatch batch = AnchorBatches.seal(key, domain, 0,
                List.of(LaneRange.newBuilder().setLane(LANE).setFirstSeq(0).setLastSeq(lane.size() - 1).build()),
                lane.stream().map(VerifiedRecord::hash).toList(), time + 1);
        DomainPart.Builder part = DomainPart.newBuilder().setDomain(domain)
                .addAnchors(batch.signed().toBuilder().setAnchor(ChainAnchor.newBuilder().setChainId(31337)
                        .setContractAddress("0xe7f1725E7734CE288F8367e1Bb143E90bb3F0512")
                        .setTxHash(bytes(Hashes.sha256("partner tx".getBytes()))).setBlockNumber(1241)))
                .addKeys(DomainKeys.toWire(key.verifyingKey(), "node"));
        List<byte[]> hashes = new ArrayList<>();
        for (int i = 0; i < positions.size(); i++) {
            part.addItems(BundleItem.newBuilder().setRecord(lane.get(positions.get(i)).record())
                    .setPayload(ByteString.copyFrom(payloads.get(i))).setInclusion(batch.inclusionProof(positions.get(i))));
            hashes.add(lane.get(positions.get(i)).hash());
        }
        return part.setManifest(StoryManifests.seal(key, domain, jti, hashes, time + 2)).build();
    }

    private ChainHead unrelated(List<VerifiedRecord> lane, ChainHead head, long time) {
        return unrelated(nodeKey, lane, head, time);
    }

    private static ChainHead unrelated(SigningKey key, List<VerifiedRecord> lane, ChainHead head, long time) {
        VerifiedRecord other = EvidenceRecords.seal(key, "node-1", head, EvidenceKind.DECISION,
                "other-" + head.nextSeq(), Hashes.sha256(new byte[] {(byte) head.nextSeq()}), time);
        lane.add(other);
        return other.next();
    }

    private static byte[] hash(Message message) {
        return Hashes.sha256(message.toByteArray());
    }

    private static ByteString bytes(byte[] b) {
        return ByteString.copyFrom(b);
    }
}

package dev.writ.protocol.bundle;

import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Message;
import com.google.protobuf.Parser;
import dev.writ.protocol.Fault;
import dev.writ.protocol.ProtocolException;
import dev.writ.protocol.crypto.Hashes;
import dev.writ.protocol.writ.Writ;
import dev.writ.protocol.writ.WritClaims;
import dev.writ.protocol.wire.ActionProposal;
import dev.writ.protocol.wire.DecisionRecord;
import dev.writ.protocol.wire.EvidenceKind;
import dev.writ.protocol.wire.ExecutionContract;
import dev.writ.protocol.wire.IssuanceLineageCheck;
import dev.writ.protocol.wire.OutcomeRecord;
import dev.writ.protocol.wire.RedemptionReceipt;
import dev.writ.protocol.wire.WritIssuance;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Optional;

/**
 * How a writ's story must hang together: proposal, decision (or approval), issuance of this writ
 * for a contract bound to that decision, and, when present, one redemption of exactly this writ
 * and an outcome for that redemption. Each artifact cites the hash of the one before it.
 */
final class StoryRules {
    private StoryRules() {
    }

    /** STORY_INCOMPLETE when a required record is absent; otherwise the links are checked. */
    static String checkComplete(Story story) throws ProtocolException {
        require(story, EvidenceKind.PROPOSAL);
        if (story.ofKind(EvidenceKind.DECISION).isEmpty() && story.ofKind(EvidenceKind.APPROVAL).isEmpty()) {
            throw new ProtocolException(Fault.STORY_INCOMPLETE, "the story has no DECISION or APPROVAL record");
        }
        require(story, EvidenceKind.ISSUANCE);
        if (!story.ofKind(EvidenceKind.OUTCOME).isEmpty() && story.ofKind(EvidenceKind.REDEMPTION).isEmpty()) {
            throw new ProtocolException(Fault.STORY_INCOMPLETE, "an OUTCOME is reported but no REDEMPTION record is present");
        }
        StringBuilder summary = new StringBuilder("proposed, decided, issued");
        if (!story.ofKind(EvidenceKind.REDEMPTION).isEmpty()) {
            summary.append(", redeemed");
        }
        for (Story.Item outcome : story.ofKind(EvidenceKind.OUTCOME)) {
            summary.append(", outcome ").append(parse(OutcomeRecord.parser(), outcome).getStatus());
        }
        return summary.toString();
    }

    static String checkLinks(Story story, Writ writ) throws ProtocolException {
        WritClaims claims = writ.claims();
        WritIssuance issuance = parse(WritIssuance.parser(), one(story, EvidenceKind.ISSUANCE));
        if (!issuance.getWrit().equals(writ.compact())) {
            throw inconsistent("the ISSUANCE record is for another writ");
        }
        byte[] contractBytes = issuance.getContract().toByteArray();
        if (!b64(Hashes.sha256(contractBytes)).equals(claims.contractHash())) {
            throw inconsistent("the writ's cnt claim is not the hash of the issued contract");
        }
        ExecutionContract contract = parse(ExecutionContract.parser(), contractBytes, "execution contract");
        if (!contract.getAgentId().equals(claims.issuer()) || !contract.getTarget().equals(claims.subject())
                || !contract.getOperation().equals(claims.action().operation())
                || !contract.getDomain().equals(claims.domain())
                || contract.getExpiresAtMillis() / 1000 != claims.expiresAt().getEpochSecond()) {
            throw inconsistent("the writ's claims do not match its contract (agent, target, operation, domain, exp)");
        }
        Story.Item decidingItem = findByHash(story, contract.getDecisionHash().toByteArray(),
                EvidenceKind.DECISION, EvidenceKind.APPROVAL)
                .orElseThrow(() -> new ProtocolException(Fault.STORY_INCOMPLETE,
                        "no DECISION or APPROVAL record is the one the contract was bound to"));
        DecisionRecord decision = parse(DecisionRecord.parser(), decidingItem);
        if (decision.getDecision() != DecisionRecord.Decision.ALLOW) {
            throw inconsistent("the contract is bound to a " + decision.getDecision() + " decision");
        }
        Story.Item proposalItem = findByHash(story, decision.getProposalHash().toByteArray(), EvidenceKind.PROPOSAL)
                .orElseThrow(() -> new ProtocolException(Fault.STORY_INCOMPLETE,
                        "no PROPOSAL record is the one the decision was about"));
        ActionProposal proposal = parse(ActionProposal.parser(), proposalItem);
        if (!proposal.getAgentId().equals(claims.issuer())) {
            throw inconsistent("the proposal's agent is not the writ's issuer");
        }
        List<Story.Item> redemptions = story.ofKind(EvidenceKind.REDEMPTION);
        if (redemptions.size() > 1) {
            throw inconsistent("the writ was redeemed " + redemptions.size() + " times (single use broken)");
        }
        for (Story.Item item : redemptions) {
            RedemptionReceipt receipt = parse(RedemptionReceipt.parser(), item);
            if (!receipt.getJti().equals(claims.jti()) || !Arrays.equals(receipt.getWritHash().toByteArray(), writ.hash())
                    || !b64(receipt.getContractHash().toByteArray()).equals(claims.contractHash())) {
                throw inconsistent("the redemption receipt is not for this writ and contract");
            }
            for (Story.Item outcomeItem : story.ofKind(EvidenceKind.OUTCOME)) {
                OutcomeRecord outcome = parse(OutcomeRecord.parser(), outcomeItem);
                if (!Arrays.equals(outcome.getReceiptHash().toByteArray(), Hashes.sha256(item.payload()))) {
                    throw inconsistent("the outcome does not cite the redemption receipt");
                }
            }
        }
        return "proposal -> decision -> contract -> writ" + (redemptions.isEmpty() ? "" : " -> receipt")
                + (story.ofKind(EvidenceKind.OUTCOME).isEmpty() ? "" : " -> outcome") + " all cite each other";
    }

    /**
     * The redeeming domain's part of a cross-boundary story: at most one redemption, its receipt that
     * domain's and for exactly this writ and contract, each outcome citing it. A part with no
     * redemption says the domain holds none.
     */
    static String checkRedeemingPart(Story part, String domain, Writ writ) throws ProtocolException {
        WritClaims claims = writ.claims();
        List<Story.Item> redemptions = part.ofKind(EvidenceKind.REDEMPTION);
        List<Story.Item> outcomes = part.ofKind(EvidenceKind.OUTCOME);
        if (redemptions.size() > 1) {
            throw inconsistent("domain " + domain + " redeemed the writ " + redemptions.size() + " times (single use broken)");
        }
        if (redemptions.isEmpty()) {
            if (!outcomes.isEmpty()) {
                throw new ProtocolException(Fault.STORY_INCOMPLETE, "domain " + domain
                        + " reports an OUTCOME but its part holds no REDEMPTION record");
            }
            return "domain " + domain + " holds no redemption of the writ";
        }
        Story.Item item = redemptions.get(0);
        RedemptionReceipt receipt = parse(RedemptionReceipt.parser(), item);
        if (!receipt.getDomain().equals(domain)) {
            throw new ProtocolException(Fault.REDEEMED_BY_UNNAMED_DOMAIN, "the receipt in domain " + domain
                    + "'s part names domain '" + receipt.getDomain() + "' as the one that redeemed the writ");
        }
        if (!receipt.getJti().equals(claims.jti()) || !Arrays.equals(receipt.getWritHash().toByteArray(), writ.hash())
                || !b64(receipt.getContractHash().toByteArray()).equals(claims.contractHash())) {
            throw inconsistent("domain " + domain + "'s redemption receipt is not for this writ and contract");
        }
        for (Story.Item outcomeItem : outcomes) {
            OutcomeRecord outcome = parse(OutcomeRecord.parser(), outcomeItem);
            if (!Arrays.equals(outcome.getReceiptHash().toByteArray(), Hashes.sha256(item.payload()))) {
                throw inconsistent("domain " + domain + "'s outcome does not cite its redemption receipt");
            }
        }
        return "domain " + domain + "'s receipt cites the writ and its contract"
                + (outcomes.isEmpty() ? "" : ", its outcome cites the receipt");
    }

    /**
     * The lineage check the redeeming domain recorded in its receipt: present, HELD, and of the
     * issuing part's own ISSUANCE record (the issuing domain, the record's lane and position, its
     * hash). LINEAGE_CHECK_MISSING without one, LINEAGE_CHECK_MISMATCH when it names another record.
     */
    static String checkLineage(Story issuing, Story part, String issuer, String domain) throws ProtocolException {
        List<Story.Item> redemptions = part.ofKind(EvidenceKind.REDEMPTION);
        if (redemptions.size() != 1) {
            return "domain " + domain + " holds no redemption of the writ, so no lineage check";
        }
        RedemptionReceipt receipt = parse(RedemptionReceipt.parser(), redemptions.get(0));
        if (!receipt.hasLineageCheck()) {
            throw new ProtocolException(Fault.LINEAGE_CHECK_MISSING, "domain " + domain + "'s receipt does not record"
                    + " the check of " + issuer + "'s issuance lineage it had to make before redeeming");
        }
        IssuanceLineageCheck check = receipt.getLineageCheck();
        Story.Item issuance = one(issuing, EvidenceKind.ISSUANCE);
        var body = issuance.record().body();
        if (!check.getIssuingDomain().equals(issuer) || !check.getLane().equals(body.getLane())
                || check.getIssuanceSeq() != body.getSeq()
                || !Arrays.equals(check.getIssuanceRecordHash().toByteArray(), issuance.record().hash())) {
            throw new ProtocolException(Fault.LINEAGE_CHECK_MISMATCH, "domain " + domain + " checked the lineage of "
                    + check.getIssuingDomain() + "'s record " + check.getLane() + "#" + check.getIssuanceSeq()
                    + ", not of the ISSUANCE record " + body.getLane() + "#" + body.getSeq() + " in " + issuer + "'s part");
        }
        if (check.getVerdict() != IssuanceLineageCheck.Verdict.HELD || check.getAttestedHeadSeq() < body.getSeq()) {
            throw new ProtocolException(Fault.LINEAGE_CHECK_MISMATCH, "domain " + domain + "'s lineage check of "
                    + issuer + "'s issuance did not hold (" + check.getVerdict() + ", attested head #"
                    + check.getAttestedHeadSeq() + ")");
        }
        return "domain " + domain + " checked " + issuer + "'s ISSUANCE " + body.getLane() + "#" + body.getSeq()
                + " in the lineage up to its attested head #" + check.getAttestedHeadSeq() + " before redeeming";
    }

    private static void require(Story story, EvidenceKind kind) throws ProtocolException {
        if (story.ofKind(kind).isEmpty()) {
            throw new ProtocolException(Fault.STORY_INCOMPLETE, "the story has no " + kind + " record");
        }
    }

    private static Story.Item one(Story story, EvidenceKind kind) throws ProtocolException {
        return story.single(kind).orElseThrow(() -> inconsistent("the story needs exactly one " + kind + " record"));
    }

    private static Optional<Story.Item> findByHash(Story story, byte[] hash, EvidenceKind... kinds) {
        List<EvidenceKind> wanted = List.of(kinds);
        return story.items().stream()
                .filter(i -> wanted.contains(i.kind()))
                .filter(i -> Arrays.equals(Hashes.sha256(i.payload()), hash))
                .findFirst();
    }

    private static <T extends Message> T parse(Parser<T> parser, Story.Item item) throws ProtocolException {
        return parse(parser, item.payload(), item.kind() + " payload");
    }

    private static <T extends Message> T parse(Parser<T> parser, byte[] bytes, String what) throws ProtocolException {
        try {
            return parser.parseFrom(bytes);
        } catch (InvalidProtocolBufferException e) {
            throw new ProtocolException(Fault.MALFORMED, what + " is not valid protobuf", e);
        }
    }

    private static ProtocolException inconsistent(String message) {
        return new ProtocolException(Fault.STORY_INCONSISTENT, message);
    }

    private static String b64(byte[] bytes) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }
}

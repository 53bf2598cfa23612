package dev.writ.node.admission;

import com.google.protobuf.ByteString;
import dev.writ.protocol.Canonical;
import dev.writ.protocol.crypto.Hashes;
import dev.writ.protocol.identity.ProposalSigning;
import dev.writ.protocol.wire.ActionProposal;
import dev.writ.protocol.wire.DriftPredicate;
import dev.writ.protocol.wire.ExecutionContract;
import dev.writ.protocol.wire.ParameterConstraint;
import dev.writ.protocol.wire.PolicyEpoch;
import dev.writ.protocol.wire.WritIssuance;
import dev.writ.protocol.writ.Writ;
import dev.writ.protocol.writ.WritClaims;
import dev.writ.protocol.writ.WritIssuer;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Binds an admitted proposal into its ExecutionContract and mints the writ for it (steps 3 and 4
 * of the life of an action). Pure apart from the signature: the scope is exactly the proposal's
 * action (every parameter EXACT), the window starts now, the writ's `cnt` is the contract's hash, and
 * its `cnf.jkt` the key the agent signed the proposal with.
 */
public final class Minting {
    private static final Base64.Encoder B64URL = Base64.getUrlEncoder().withoutPadding();

    /** What admission hands back and records: the contract bytes, the writ, and the ISSUANCE payload. */
    public record Minted(byte[] contract, Writ writ, byte[] issuance) {
    }

    private Minting() {
    }

    public static Minted mint(WritIssuer issuer, String domain, String redeemDomain, String jti, ActionProposal proposal,
                              byte[] proposalHash, byte[] decisionHash, PolicyEpoch epoch, Duration window,
                              List<DriftPredicate> drift, long revocationEpoch, Instant now) {
        // JWT times are whole seconds; the contract carries the same instants in milliseconds.
        Instant nbf = Instant.ofEpochSecond(now.getEpochSecond());
        Instant exp = nbf.plus(window);
        Map<String, String> params = new TreeMap<>(proposal.getAction().getParametersMap());
        String agentKeyId = ProposalSigning.certifiedKeyId(proposal).map(Object::toString).orElse("");
        ExecutionContract.Builder contract = ExecutionContract.newBuilder()
                .setContractId(proposal.getProposalId())
                .setDomain(domain)
                .setRedeemDomain(redeemDomain)
                .setAgentId(proposal.getAgentId())
                .setTarget(proposal.getAction().getTarget())
                .setOperation(proposal.getAction().getOperation())
                .setNotBeforeMillis(nbf.toEpochMilli())
                .setExpiresAtMillis(exp.toEpochMilli())
                .setUses(1)
                .addAllDriftPredicates(drift)
                .addEvidenceObligations("OUTCOME")
                .setPolicyEpoch(epoch)
                .setDecisionHash(ByteString.copyFrom(decisionHash))
                .setProposalHash(ByteString.copyFrom(proposalHash))
                // Admission verified this certificate before minting (AgentAuthentication).
                .setAgentKeyId(agentKeyId);
        params.forEach((name, value) -> contract.addConstraints(ParameterConstraint.newBuilder()
                .setName(name).setKind(ParameterConstraint.Kind.EXACT).addValues(value)));
        byte[] contractBytes = Canonical.bytes(contract.build());
        var ctx = proposal.getContext();
        WritClaims claims = new WritClaims(
                proposal.getAgentId(),
                proposal.getAction().getTarget(),
                new WritClaims.Action(proposal.getAction().getOperation(), proposal.getAction().getTarget(), params,
                        proposal.getAction().getClassification()),
                new WritClaims.Policy(epoch.getContractAddress(), epoch.getVersion(), epoch.getBlockNumber(),
                        B64URL.encodeToString(epoch.getRulesHash().toByteArray())),
                B64URL.encodeToString(ctx.getModelHash().toByteArray()),
                nbf,
                nbf,
                exp,
                jti,
                new WritClaims.Context(ctx.getSessionId(), ctx.getPlanId(),
                        B64URL.encodeToString(ctx.getParentWritHash().toByteArray()), ctx.getRiskScore(),
                        ctx.getDataClassification()),
                domain,
                B64URL.encodeToString(Hashes.sha256(contractBytes)),
                revocationEpoch,
                // cnf.jkt: whoever presents the writ proves this key (D61); a writ of an unsigned proposal stays a bearer one.
                agentKeyId);
        Writ writ = issuer.issue(claims);
        byte[] issuance = WritIssuance.newBuilder()
                .setContract(ByteString.copyFrom(contractBytes))
                .setWrit(writ.compact())
                .build()
                .toByteArray();
        return new Minted(contractBytes, writ, issuance);
    }
}

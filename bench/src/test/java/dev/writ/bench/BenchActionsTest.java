package dev.writ.bench;

import com.google.protobuf.util.JsonFormat;
import dev.writ.protocol.crypto.SigningKey;
import dev.writ.protocol.wire.ActionProposal;
import dev.writ.protocol.wire.RedemptionRequest;
import dev.writ.protocol.writ.PossessionProofs;
import dev.writ.protocol.writ.WritClaims;
import dev.writ.protocol.writ.WritIssuer;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class BenchActionsTest {
    private final BenchActions actions = new BenchActions(new AgentRotation("acme", "t", 12), "bench-t");

    @Test
    void proposalIsTheAdmissiblePaymentsTransferWithAUniqueId() throws Exception {
        ActionProposal p = actions.proposal(7);

        assertThat(p.getProposalId()).isEqualTo("bench-t-7");
        assertThat(actions.proposal(8).getProposalId()).isNotEqualTo(p.getProposalId());
        assertThat(p.getAction().getTarget()).isEqualTo("payments-api");
        assertThat(p.getAction().getOperation()).isEqualTo("transfer");
        assertThat(p.getAction().getParametersMap()).containsEntry("currency", "EUR").containsKey("amount");
        assertThat(p.getAction().getClassification()).isEqualTo("internal");
        assertThat(p.getContext().getRiskScore()).isEqualTo(10);

        ActionProposal.Builder back = ActionProposal.newBuilder();
        JsonFormat.parser().merge(BenchActions.json(p), back);
        assertThat(back.build()).isEqualTo(p);
    }

    @Test
    void withCredentialsEveryProposalCarriesItsAgentsCertifiedSignature(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir)
            throws Exception {
        dev.writ.fabric.FabricIdentity identity = dev.writ.fabric.FabricIdentity.openOrCreate("acme", dir);
        BenchActions signed = new BenchActions(new AgentRotation("acme", "t", 12), "bench-t", java.util.Optional.of(identity));
        ActionProposal p = signed.proposal(7);

        var verifier = dev.writ.protocol.identity.AgentChainVerifier.forRoot(
                dev.writ.authority.ca.CaDirectory.at(dir.resolve("ca")).rootDer(), 3, 4096);
        var agent = verifier.verify(p.getAgentCertificatesList().stream().map(com.google.protobuf.ByteString::toByteArray).toList(),
                java.time.Instant.now(), (serial, id, key) -> java.util.Optional.empty());
        assertThat(agent.agent().uri()).isEqualTo(p.getAgentId());
        assertThat(dev.writ.protocol.identity.ProposalSigning.carriesCredential(p)).isTrue();
        assertThat(signed.proposal(8).getAgentCertificates(0)).as("one certificate per agent, made once")
                .isEqualTo(signed.proposal(9).getAgentCertificates(0));

        String agentKey = dev.writ.protocol.identity.ProposalSigning.certifiedKeyId(p).orElseThrow().toString();
        WritClaims claims = new WritClaims(p.getAgentId(), "payments-api", new WritClaims.Action("transfer", "payments-api",
                p.getAction().getParametersMap(), "internal"), new WritClaims.Policy("file:policy.conf", 1, 0, "rh"), "",
                Instant.now(), Instant.now(), Instant.now().plusSeconds(60), "jti-7",
                new WritClaims.Context("bench", "", "", 10, "internal"), "acme", "47DEQpj8HBSa-_TImW-5JCeuQeRkm5NMpJWZG3hSuFU",
                1, agentKey);
        String writ = new WritIssuer(SigningKey.generate()).issue(claims).compact();
        RedemptionRequest redemption = signed.redemption(p, writ);
        var pep = verifier.verifyPep(dev.writ.protocol.identity.PepSigning.chain(redemption), java.time.Instant.now());
        assertThat(redemption.getPepId()).as("the bench PEP, certified by the domain's CA").isEqualTo(pep.pep().uri())
                .isEqualTo("spiffe://acme/pep/bench-pep");
        pep.requireSigned(dev.writ.protocol.crypto.SignaturePurpose.PEP_REQUEST,
                dev.writ.protocol.identity.PepSigning.signedBytes(redemption),
                dev.writ.protocol.identity.PepSigning.signature(redemption));
        assertThat(redemption.hasPossession()).as("the agent's proof for the writ that names its key").isTrue();
        PossessionProofs.require(claims, Optional.of(redemption.getPossession()), p.getAction(), redemption.getPepId(),
                Instant.now(), Duration.ofSeconds(60), Duration.ofSeconds(2));
    }

    @Test
    void redemptionAsksForExactlyTheProposedActionWithEnoughBalance() {
        ActionProposal p = actions.proposal(3);
        RedemptionRequest r = actions.redemption(p, "a.b.c");

        assertThat(r.getMutation()).isEqualTo(p.getAction());
        assertThat(r.getWrit()).isEqualTo("a.b.c");
        assertThat(r.getObservedMap()).containsEntry("account.balance", "100000");
        assertThat(r.getPepId()).isEqualTo("bench-pep");
    }

    @Test
    void problemCodeIsReadFromProblemJsonAndNamedWhenAbsent() {
        assertThat(LoadGenerator.problemCode("{\"status\":429,\"code\":\"RATE_LIMITED\",\"title\":\"x\"}"))
                .isEqualTo("RATE_LIMITED");
        assertThat(LoadGenerator.problemCode("oops")).isEqualTo("(not problem+json)");
    }
}

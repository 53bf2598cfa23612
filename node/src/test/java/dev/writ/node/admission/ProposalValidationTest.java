package dev.writ.node.admission;

import com.google.protobuf.ByteString;
import dev.writ.node.refusal.Refusal;
import dev.writ.node.refusal.RefusalCode;
import dev.writ.protocol.wire.Action;
import dev.writ.protocol.wire.ActionContext;
import dev.writ.protocol.wire.ActionProposal;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

public class ProposalValidationTest {

    public static ActionProposal wellFormed() {
        return ActionProposal.newBuilder()
                .setProposalId("p-2024.01:abc_1")
                .setAgentId("spiffe://acme/agent/billing-bot")
                .setAction(Action.newBuilder().setTarget("payments-api").setOperation("transfer")
                        .setClassification("internal").putParameters("amount", "250").putParameters("to", "acct-9"))
                .setContext(ActionContext.newBuilder().setSessionId("s-1").setPlanId("plan-1").setRiskScore(40)
                        .setParentWritHash(ByteString.copyFrom(new byte[32])).setModelHash(ByteString.copyFrom(new byte[32])))
                .setRequestedWindowSeconds(60)
                .build();
    }

    private static Refusal refusal(ActionProposal p) {
        Refusal r = catchThrowableOfType(() -> ProposalValidation.requireWellFormed(p, "acme"), Refusal.class);
        assertThat(r).as("expected a refusal of " + p).isNotNull();
        return r;
    }

    private static void assertMalformed(ActionProposal p, String detail) {
        Refusal r = refusal(p);
        assertThat(r.code()).isEqualTo(RefusalCode.MALFORMED);
        assertThat(r.detail()).contains(detail);
    }

    @Test
    void aWellFormedProposalPasses() {
        assertThatCode(() -> ProposalValidation.requireWellFormed(wellFormed(), "acme")).doesNotThrowAnyException();
    }

    @Test
    void aProposalWithoutOptionalContextPasses() {
        ActionProposal bare = wellFormed().toBuilder().clearContext().setRequestedWindowSeconds(0).build();
        assertThatCode(() -> ProposalValidation.requireWellFormed(bare, "acme")).doesNotThrowAnyException();
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "-leading-dash", "_x", "has space", "slash/x", "ümlaut", "p\n"})
    void aBadProposalIdIsMalformed(String id) {
        assertMalformed(wellFormed().toBuilder().setProposalId(id).build(), "proposalId");
    }

    @Test
    void proposalIdsAreAtMost128Characters() {
        assertThatCode(() -> ProposalValidation.requireWellFormed(
                wellFormed().toBuilder().setProposalId("p".repeat(128)).build(), "acme")).doesNotThrowAnyException();
        assertMalformed(wellFormed().toBuilder().setProposalId("p".repeat(129)).build(), "proposalId");
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "billing-bot", "spiffe://acme/billing-bot", "spiffe://ACME/agent/bot", "spiffe://acme/agent/",
            "spiffe://acme/agent/a/b", "https://acme/agent/bot", "spiffe://acme/agent/bot ", "spiffe:///agent/bot"})
    void aBadSpiffeIdIsMalformed(String agent) {
        assertMalformed(wellFormed().toBuilder().setAgentId(agent).build(), "agentId must be a SPIFFE id");
    }

    @Test
    void anAgentOfAnotherDomainIsForeign() {
        Refusal r = refusal(wellFormed().toBuilder().setAgentId("spiffe://globex/agent/billing-bot").build());
        assertThat(r.code()).isEqualTo(RefusalCode.FOREIGN_DOMAIN);
        assertThat(r.subject()).isEqualTo("p-2024.01:abc_1");
        assertThat(r.detail()).contains("globex").contains("acme");
    }

    @Test
    void aSubdomainIsAnotherDomain() {
        assertThat(refusal(wellFormed().toBuilder().setAgentId("spiffe://acme.evil/agent/bot").build()).code())
                .isEqualTo(RefusalCode.FOREIGN_DOMAIN);
    }

    @Test
    void aMissingActionIsMalformed() {
        assertMalformed(wellFormed().toBuilder().clearAction().build(), "action.target and action.operation are required");
    }

    @Test
    void anEmptyTargetOrOperationIsMalformed() {
        ActionProposal p = wellFormed();
        assertMalformed(p.toBuilder().setAction(p.getAction().toBuilder().setTarget("")).build(), "action.target");
        assertMalformed(p.toBuilder().setAction(p.getAction().toBuilder().setOperation("")).build(), "action.operation");
        assertMalformed(p.toBuilder().setAction(p.getAction().toBuilder().setOperation("drop table")).build(), "action.operation");
        assertMalformed(p.toBuilder().setAction(p.getAction().toBuilder().setTarget("t".repeat(257))).build(), "action.target");
    }

    @Test
    void atMost64ParametersAreAccepted() {
        Action.Builder sixtyFour = Action.newBuilder().setTarget("t").setOperation("o");
        for (int i = 0; i < 64; i++) {
            sixtyFour.putParameters("p" + i, "v");
        }
        assertThatCode(() -> ProposalValidation.requireWellFormed(
                wellFormed().toBuilder().setAction(sixtyFour).build(), "acme")).doesNotThrowAnyException();
        sixtyFour.putParameters("p64", "v");
        assertMalformed(wellFormed().toBuilder().setAction(sixtyFour).build(), "at most 64 parameters, got 65");
    }

    @Test
    void aParameterWithABadNameOrAnOverlongValueIsMalformed() {
        ActionProposal p = wellFormed();
        assertMalformed(p.toBuilder().setAction(p.getAction().toBuilder().putParameters("bad name", "1")).build(),
                "parameter 'bad name'");
        assertMalformed(p.toBuilder().setAction(p.getAction().toBuilder().putParameters("", "1")).build(), "parameter ''");
        assertMalformed(p.toBuilder().setAction(p.getAction().toBuilder().putParameters("memo", "x".repeat(1025))).build(),
                "parameter 'memo'");
        assertThatCode(() -> ProposalValidation.requireWellFormed(
                p.toBuilder().setAction(p.getAction().toBuilder().putParameters("memo", "x".repeat(1024))).build(), "acme"))
                .doesNotThrowAnyException();
    }

    @Test
    void aRiskAbove100IsMalformed() {
        ActionProposal p = wellFormed();
        assertThatCode(() -> ProposalValidation.requireWellFormed(
                p.toBuilder().setContext(p.getContext().toBuilder().setRiskScore(100)).build(), "acme")).doesNotThrowAnyException();
        assertMalformed(p.toBuilder().setContext(p.getContext().toBuilder().setRiskScore(101)).build(), "riskScore");
    }

    @Test
    void aRiskAbove2To31IsMalformedToo() {
        ActionProposal p = wellFormed();
        assertMalformed(p.toBuilder().setContext(p.getContext().toBuilder().setRiskScore(-1)).build(), "riskScore");
        assertMalformed(p.toBuilder().setContext(p.getContext().toBuilder().setRiskScore(Integer.MIN_VALUE)).build(), "riskScore");
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 16, 31, 33, 64})
    void aHashThatIsNotSha256IsMalformed(int size) {
        ActionProposal p = wellFormed();
        ByteString bad = ByteString.copyFrom(new byte[size]);
        assertMalformed(p.toBuilder().setContext(p.getContext().toBuilder().setParentWritHash(bad)).build(), "32 bytes");
        assertMalformed(p.toBuilder().setContext(p.getContext().toBuilder().setModelHash(bad)).build(), "32 bytes");
    }

    @Test
    void emptyHashesAreAccepted() {
        ActionProposal p = wellFormed();
        ActionProposal noHashes = p.toBuilder().setContext(p.getContext().toBuilder()
                .setParentWritHash(ByteString.EMPTY).setModelHash(ByteString.EMPTY)).build();
        assertThatCode(() -> ProposalValidation.requireWellFormed(noHashes, "acme")).doesNotThrowAnyException();
    }

    @Test
    void aWindowAbove300SecondsIsMalformed() {
        assertThatCode(() -> ProposalValidation.requireWellFormed(
                wellFormed().toBuilder().setRequestedWindowSeconds(300).build(), "acme")).doesNotThrowAnyException();
        assertMalformed(wellFormed().toBuilder().setRequestedWindowSeconds(301).build(), "requestedWindowSeconds");
    }

    @Test
    void aWindowAbove2To31SecondsIsMalformedToo() {
        assertMalformed(wellFormed().toBuilder().setRequestedWindowSeconds(-1).build(), "requestedWindowSeconds");
        assertMalformed(wellFormed().toBuilder().setRequestedWindowSeconds(Integer.MIN_VALUE).build(), "requestedWindowSeconds");
    }

    @Test
    void aBadProposalIdIsReportedBeforeAnyOtherFault() {
        ActionProposal p = wellFormed().toBuilder().setProposalId("").setAgentId("nobody").clearAction().build();
        assertMalformed(p, "proposalId");
    }
}

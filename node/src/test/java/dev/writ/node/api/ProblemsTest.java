package dev.writ.node.api;

import static org.assertj.core.api.Assertions.assertThat;

import dev.writ.node.refusal.Refusal;
import dev.writ.node.refusal.RefusalCode;
import java.util.concurrent.CompletionException;
import org.junit.jupiter.api.Test;

class ProblemsTest {
    @Test
    void anUnforeseenFailureTellsTheCallerAnIncidentIdNotTheExceptionText() {
        Refusal refusal = Problems.refusalOf(new CompletionException(
                new IllegalStateException("connection to db.internal.acme:5432 refused for user writ")));
        assertThat(refusal.code()).isEqualTo(RefusalCode.INTERNAL);
        assertThat(refusal.detail()).contains("incident").doesNotContain("db.internal").doesNotContain("IllegalState");
    }

    @Test
    void aRefusalCarriedByAFailedStageIsAnsweredAsItself() {
        Refusal carried = new Refusal(RefusalCode.REPLAYED, "jti-1", "already redeemed");
        assertThat(Problems.refusalOf(new CompletionException(carried))).isSameAs(carried);
    }

    @Test
    void whatMayBeServedInAMomentSaysWhenToRetryAndARefusalDoesNot() {
        for (RefusalCode transientCode : new RefusalCode[] {RefusalCode.OVERLOADED, RefusalCode.EVIDENCE_UNAVAILABLE,
                RefusalCode.NODE_STARTING}) {
            assertThat(Problems.unrecorded(new Refusal(transientCode, "p-1", "now"), "/v1/proposals")
                    .getHeader("Retry-After")).as(transientCode.name()).hasValueSatisfying(h -> assertThat(h.value()).isEqualTo("1"));
        }
        assertThat(Problems.unrecorded(new Refusal(RefusalCode.REPLAYED, "w-1", "already"), "/v1/redemptions")
                .getHeader("Retry-After")).isEmpty();
    }
}

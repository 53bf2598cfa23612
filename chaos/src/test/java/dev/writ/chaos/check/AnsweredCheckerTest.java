package dev.writ.chaos.check;

import static org.assertj.core.api.Assertions.assertThat;

import dev.writ.chaos.history.EventType;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class AnsweredCheckerTest {
    private final AnsweredChecker checker = new AnsweredChecker();

    private Verdict check(Histories h) {
        return checker.check(new DrillRecord(h.events(), Optional.empty()));
    }

    @Test
    void answersRefusalsOnTheMeritsAndFailoverHold() {
        Histories h = new Histories().rollingRestart(1000, 9000, "acme-2")
                .propose(1200, 1300, "c0", "p1", "j1")
                .redeem(1400, 1500, "c1", "acme-1", "j1", EventType.OK, "redeemed")
                .redeem(1600, 1700, "c1", "acme-3", "j1", EventType.FAIL, "REPLAYED");
        // sent to the stopped node, refused at connect, answered by the next one
        h.at(2000, "c2", EventType.INVOKE, "propose", "acme-2", "p2", null, null)
                .at(2100, "c2", EventType.OK, "propose", "acme-3", "p2", "j2", "ALLOW");
        Verdict v = check(h);
        assertThat(v.held()).isTrue();
        assertThat(v.summary()).contains("4 client requests").contains("1 answered by another node");
    }

    @Test
    void aRetryable503IsCountedNotViolated() {
        Verdict v = check(new Histories().rollingRestart(1000, 9000, "acme-1")
                .redeem(1400, 1500, "c1", "acme-2", "j1", EventType.FAIL, "OVERLOADED")
                .redeem(1450, 1460, "c2", "acme-1", "j2", EventType.FAIL, "NODE_STARTING"));
        assertThat(v.held()).isTrue();
        assertThat(v.summary()).contains("2 refused 503 with Retry-After");
    }

    @Test
    void aTimeoutABrokenConnectionOrA5xxWithoutRetryAfterIsAViolation() {
        Histories h = new Histories().rollingRestart(1000, 9000, "acme-1")
                .redeem(1400, 6400, "c1", "acme-1", "j1", EventType.INFO, "no complete answer within PT5S")
                .redeem(1500, 1600, "c2", "acme-2", "j2", EventType.FAIL, "NODE_FAILED");
        h.at(1700, "c3", EventType.INVOKE, "revoke", "acme-3", "j3", null, null); // never answered
        Verdict v = check(h);
        assertThat(v.status()).isEqualTo(Verdict.Status.VIOLATED);
        assertThat(v.counterexamples()).hasSize(3)
                .anySatisfy(e -> assertThat(e).contains("NODE_FAILED"))
                .anySatisfy(e -> assertThat(e).contains("never completed"));
    }

    @Test
    void aNodeLeavingIsJudgedAsAGracefulRestartIs() {
        Verdict v = check(new Histories().joinLeave(1000, 9000, "acme-1")
                .redeem(1400, 1500, "c1", "acme-2", "j1", EventType.OK, "redeemed")
                .redeem(1600, 6600, "c2", "acme-3", "j2", EventType.INFO, "no complete answer within PT5S"));
        assertThat(v.status()).isEqualTo(Verdict.Status.VIOLATED);
        assertThat(v.summary()).contains("1 graceful restart(s) or leave(s), 2 client requests");
        assertThat(v.counterexamples()).singleElement().asString().contains("PT5S");
    }

    @Test
    void withoutAGracefulRestartThereIsNothingToJudge() {
        Verdict v = check(new Histories().fault(1000, 9000)
                .redeem(1400, 6400, "c1", "acme-2", "j1", EventType.INFO, "connection refused"));
        assertThat(v.held()).isTrue();
        assertThat(v.summary()).contains("nothing to judge");
    }
}

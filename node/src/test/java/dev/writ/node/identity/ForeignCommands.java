package dev.writ.node.identity;

import static org.assertj.core.api.Assertions.assertThat;

import dev.writ.node.TestNode;
import dev.writ.node.admission.ApprovalEntity;
import dev.writ.node.budget.BudgetEntity;
import dev.writ.node.keys.MemberSeals;
import dev.writ.policy.BudgetCharge;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.apache.pekko.actor.typed.ActorRef;

/**
 * The commands a member of another domain sends to acme's entities: sealed with its own node's key
 * (its seals), naming acme's node, and one with no seal at all.
 */
final class ForeignCommands {
    private ForeignCommands() {
    }

    static BudgetEntity.Command requestSlice(MemberSeals own, BudgetCharge charge, ActorRef<BudgetEntity.Answer> reply) {
        return BudgetEntity.RequestSlice.sealedBy(own, charge, charge.limit(), charge.limit(), "acme-1", 1, reply);
    }

    static BudgetEntity.Command unsealedRequestSlice(BudgetCharge charge, ActorRef<BudgetEntity.Answer> reply) {
        return new BudgetEntity.RequestSlice(charge, charge.limit(), charge.limit(), "acme-1", 1, reply, null);
    }

    static ApprovalEntity.Command recordApproval(MemberSeals own, String approvalId, ActorRef<ApprovalEntity.Answer> reply) {
        return ApprovalEntity.RecordApproval.sealedBy(own, approvalId, "mallory", System.currentTimeMillis(),
                "forged-jti", new byte[] {1}, new byte[] {2}, reply);
    }

    static ApprovalEntity.Command get(MemberSeals own, String approvalId, ActorRef<ApprovalEntity.Answer> reply) {
        return ApprovalEntity.Get.sealedBy(own, approvalId, System.currentTimeMillis(), reply);
    }

    /** acme's node counted (and logged) the dropped commands: two to its budget owner, two to the approval. */
    static void assertRecorded(TestNode node) throws Exception {
        String metrics = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:"
                + node.node.httpPort() + "/metrics")).GET().build(), HttpResponse.BodyHandlers.ofString()).body();
        assertThat(metrics).contains("writ_member_commands_refused_total{entity=\"Budget\"} 2.0")
                .contains("writ_member_commands_refused_total{entity=\"Approval\"} 2.0");
    }
}

package dev.writ.node.redemption;

import dev.writ.node.refusal.Refusal;
import dev.writ.node.refusal.RefusalCode;
import dev.writ.protocol.wire.Action;
import dev.writ.protocol.wire.DriftPredicate;
import dev.writ.protocol.wire.ExecutionContract;
import dev.writ.protocol.wire.ParameterConstraint;
import dev.writ.protocol.wire.ParameterConstraint.Kind;
import java.util.Map;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

class ScopeCheckTest {
    private static final String JTI = "jti-1";

    private static ExecutionContract contract(ParameterConstraint... constraints) {
        ExecutionContract.Builder b = ExecutionContract.newBuilder()
                .setContractId("p-1").setDomain("acme").setTarget("payments-api").setOperation("transfer");
        for (ParameterConstraint c : constraints) {
            b.addConstraints(c);
        }
        return b.build();
    }

    private static ParameterConstraint constraint(String name, Kind kind, String... values) {
        return ParameterConstraint.newBuilder().setName(name).setKind(kind).addAllValues(java.util.List.of(values)).build();
    }

    private static Action mutation(Map<String, String> parameters) {
        return Action.newBuilder().setTarget("payments-api").setOperation("transfer").setClassification("internal")
                .putAllParameters(parameters).build();
    }

    private static Refusal refusal(ThrowingCallable call) {
        Refusal r = catchThrowableOfType(call, Refusal.class);
        assertThat(r).as("expected a refusal").isNotNull();
        assertThat(r.subject()).isEqualTo(JTI);
        return r;
    }

    private static void assertOutOfScope(ExecutionContract contract, Action mutation) {
        assertThat(refusal(() -> ScopeCheck.requireInScope(JTI, contract, "internal", mutation)).code())
                .isEqualTo(RefusalCode.SCOPE_MISMATCH);
    }

    private static void assertInScope(ExecutionContract contract, Action mutation) {
        assertThatCode(() -> ScopeCheck.requireInScope(JTI, contract, "internal", mutation)).doesNotThrowAnyException();
    }

    // ---------------------------------------------------------------- scope

    @Test
    void theExactMutationOfTheContractIsInScope() {
        assertInScope(contract(constraint("amount", Kind.EXACT, "250"), constraint("to", Kind.EXACT, "acct-9")),
                mutation(Map.of("amount", "250", "to", "acct-9")));
    }

    @Test
    void anotherTargetIsOutOfScope() {
        Action other = mutation(Map.of()).toBuilder().setTarget("payroll-api").build();
        Refusal r = refusal(() -> ScopeCheck.requireInScope(JTI, contract(), "internal", other));
        assertThat(r.code()).isEqualTo(RefusalCode.SCOPE_MISMATCH);
        assertThat(r.detail()).contains("target 'payroll-api'");
    }

    @Test
    void anotherOperationIsOutOfScope() {
        Action other = mutation(Map.of()).toBuilder().setOperation("refund").build();
        Refusal r = refusal(() -> ScopeCheck.requireInScope(JTI, contract(), "internal", other));
        assertThat(r.code()).isEqualTo(RefusalCode.SCOPE_MISMATCH);
        assertThat(r.detail()).contains("operation 'refund'");
    }

    @Test
    void anotherClassificationThanTheWritsIsOutOfScope() {
        Refusal r = refusal(() -> ScopeCheck.requireInScope(JTI, contract(), "restricted", mutation(Map.of())));
        assertThat(r.code()).isEqualTo(RefusalCode.SCOPE_MISMATCH);
        assertThat(r.detail()).contains("classification 'internal'");
    }

    @Test
    void aMissingConstrainedParameterIsOutOfScope() {
        ExecutionContract c = contract(constraint("amount", Kind.EXACT, "250"), constraint("to", Kind.EXACT, "acct-9"));
        Refusal r = refusal(() -> ScopeCheck.requireInScope(JTI, c, "internal", mutation(Map.of("amount", "250"))));
        assertThat(r.code()).isEqualTo(RefusalCode.SCOPE_MISMATCH);
        assertThat(r.detail()).contains("'to' is missing");
    }

    @Test
    void anExtraParameterIsOutOfScope() {
        ExecutionContract c = contract(constraint("amount", Kind.EXACT, "250"));
        Refusal r = refusal(() -> ScopeCheck.requireInScope(JTI, c, "internal",
                mutation(Map.of("amount", "250", "memo", "hi"))));
        assertThat(r.code()).isEqualTo(RefusalCode.SCOPE_MISMATCH);
        assertThat(r.detail()).contains("'memo' is not in the contract");
    }

    @Test
    void exactComparesTheCanonicalStringNotTheNumber() {
        ExecutionContract c = contract(constraint("amount", Kind.EXACT, "250"));
        assertOutOfScope(c, mutation(Map.of("amount", "251")));
        assertOutOfScope(c, mutation(Map.of("amount", "250.0")));
        assertOutOfScope(c, mutation(Map.of("amount", "0250")));
    }

    @Test
    void exactWithMoreThanOneValueIsNeverSatisfied() {
        assertOutOfScope(contract(constraint("amount", Kind.EXACT, "250", "250")), mutation(Map.of("amount", "250")));
    }

    @Test
    void oneOfAdmitsOnlyTheListedValues() {
        ExecutionContract c = contract(constraint("currency", Kind.ONE_OF, "EUR", "USD"));
        assertInScope(c, mutation(Map.of("currency", "EUR")));
        assertInScope(c, mutation(Map.of("currency", "USD")));
        assertOutOfScope(c, mutation(Map.of("currency", "GBP")));
        assertOutOfScope(c, mutation(Map.of("currency", "eur")));
        assertOutOfScope(contract(constraint("currency", Kind.ONE_OF)), mutation(Map.of("currency", "EUR")));
    }

    @Test
    void maximumAdmitsDecimalsUpToAndIncludingTheBound() {
        ExecutionContract c = contract(constraint("amount", Kind.MAXIMUM, "1000"));
        assertInScope(c, mutation(Map.of("amount", "1000")));
        assertInScope(c, mutation(Map.of("amount", "1000.000")));
        assertInScope(c, mutation(Map.of("amount", "999.99")));
        assertInScope(c, mutation(Map.of("amount", "-5")));
        assertOutOfScope(c, mutation(Map.of("amount", "1000.01")));
        assertOutOfScope(c, mutation(Map.of("amount", "1001")));
    }

    @Test
    void minimumAdmitsDecimalsDownToAndIncludingTheBound() {
        ExecutionContract c = contract(constraint("amount", Kind.MINIMUM, "10.5"));
        assertInScope(c, mutation(Map.of("amount", "10.5")));
        assertInScope(c, mutation(Map.of("amount", "10.50")));
        assertInScope(c, mutation(Map.of("amount", "11")));
        assertOutOfScope(c, mutation(Map.of("amount", "10.49")));
        assertOutOfScope(c, mutation(Map.of("amount", "-11")));
    }

    @ParameterizedTest
    @ValueSource(strings = {"1e3", "1E3", "NaN", "Infinity", " 5", "5 ", "+5", "5.", ".5", "0x10", "", "five", "5\n",
            "1,000", "١٢"})
    void aNonDecimalValueBreaksEveryNumericBound(String value) {
        assertOutOfScope(contract(constraint("amount", Kind.MAXIMUM, "1000000")), mutation(Map.of("amount", value)));
        assertOutOfScope(contract(constraint("amount", Kind.MINIMUM, "-1000000")), mutation(Map.of("amount", value)));
    }

    @Test
    void aNonDecimalBoundIsNeverSatisfied() {
        assertOutOfScope(contract(constraint("amount", Kind.MAXIMUM, "1e9")), mutation(Map.of("amount", "5")));
        assertOutOfScope(contract(constraint("amount", Kind.MINIMUM, "NaN")), mutation(Map.of("amount", "5")));
    }

    @Test
    void aNumericBoundWithoutExactlyOneValueIsNeverSatisfied() {
        assertOutOfScope(contract(constraint("amount", Kind.MAXIMUM)), mutation(Map.of("amount", "5")));
        assertOutOfScope(contract(constraint("amount", Kind.MAXIMUM, "10", "20")), mutation(Map.of("amount", "5")));
        assertOutOfScope(contract(constraint("amount", Kind.MINIMUM, "1", "2")), mutation(Map.of("amount", "5")));
    }

    @Test
    void anUnspecifiedConstraintKindIsNeverSatisfied() {
        assertOutOfScope(contract(constraint("amount", Kind.KIND_UNSPECIFIED, "5")), mutation(Map.of("amount", "5")));
    }

    @Test
    void aValueTooLongForAPlainDecimalBreaksTheBound() {
        // 31 integer digits: beyond what the check reads as a plain decimal.
        String huge = "1".repeat(31);
        assertOutOfScope(contract(constraint("amount", Kind.MINIMUM, "0")), mutation(Map.of("amount", huge)));
        assertInScope(contract(constraint("amount", Kind.MINIMUM, "0")), mutation(Map.of("amount", "1".repeat(30))));
    }

    // ---------------------------------------------------------------- drift

    private static ExecutionContract drift(DriftPredicate.Op op, String value) {
        return contract().toBuilder().addDriftPredicates(DriftPredicate.newBuilder()
                .setObservable("account.balance").setOp(op).setValue(value)).build();
    }

    private static void assertDrift(ExecutionContract contract, Map<String, String> observed) {
        assertThat(refusal(() -> ScopeCheck.requireNoDrift(JTI, contract, observed)).code()).isEqualTo(RefusalCode.DRIFT);
    }

    private static void assertNoDrift(ExecutionContract contract, Map<String, String> observed) {
        assertThatCode(() -> ScopeCheck.requireNoDrift(JTI, contract, observed)).doesNotThrowAnyException();
    }

    @Test
    void aContractWithoutPredicatesNeverDrifts() {
        assertNoDrift(contract(), Map.of());
    }

    @Test
    void anUnobservedObservableIsDrift() {
        Refusal r = refusal(() -> ScopeCheck.requireNoDrift(JTI, drift(DriftPredicate.Op.AT_LEAST, "100"),
                Map.of("account.other", "500")));
        assertThat(r.code()).isEqualTo(RefusalCode.DRIFT);
        assertThat(r.detail()).contains("'account.balance' was not observed");
    }

    @Test
    void atLeastHoldsAtAndAboveTheValue() {
        ExecutionContract c = drift(DriftPredicate.Op.AT_LEAST, "100");
        assertNoDrift(c, Map.of("account.balance", "100"));
        assertNoDrift(c, Map.of("account.balance", "100.00"));
        assertNoDrift(c, Map.of("account.balance", "5000"));
        assertDrift(c, Map.of("account.balance", "99.99"));
    }

    @Test
    void atMostHoldsAtAndBelowTheValue() {
        ExecutionContract c = drift(DriftPredicate.Op.AT_MOST, "100");
        assertNoDrift(c, Map.of("account.balance", "100"));
        assertNoDrift(c, Map.of("account.balance", "-3"));
        assertDrift(c, Map.of("account.balance", "100.01"));
    }

    @Test
    void equalsComparesTheObservedStringExactly() {
        ExecutionContract c = drift(DriftPredicate.Op.EQUALS, "open");
        assertNoDrift(c, Map.of("account.balance", "open"));
        assertDrift(c, Map.of("account.balance", "closed"));
        assertDrift(c, Map.of("account.balance", "Open"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"1e3", "NaN", " 500", "lots", ""})
    void aNonNumericObservationBreaksNumericPredicates(String observed) {
        assertDrift(drift(DriftPredicate.Op.AT_LEAST, "100"), Map.of("account.balance", observed));
        assertDrift(drift(DriftPredicate.Op.AT_MOST, "100000"), Map.of("account.balance", observed));
    }

    @Test
    void anUnspecifiedDriftOpAlwaysDrifts() {
        assertDrift(drift(DriftPredicate.Op.OP_UNSPECIFIED, "100"), Map.of("account.balance", "100"));
    }

    @Test
    void everyPredicateMustHold() {
        ExecutionContract c = drift(DriftPredicate.Op.AT_LEAST, "100").toBuilder().addDriftPredicates(
                DriftPredicate.newBuilder().setObservable("account.status").setOp(DriftPredicate.Op.EQUALS).setValue("open")).build();
        assertNoDrift(c, Map.of("account.balance", "200", "account.status", "open"));
        Refusal r = refusal(() -> ScopeCheck.requireNoDrift(JTI, c, Map.of("account.balance", "200", "account.status", "frozen")));
        assertThat(r.code()).isEqualTo(RefusalCode.DRIFT);
        assertThat(r.detail()).contains("'account.status' is frozen");
    }
}

package dev.writ.node.revocation;

import dev.writ.protocol.wire.RevocationEntry;
import dev.writ.protocol.wire.RevocationEntry.Kind;
import java.util.List;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RevocationSnapshotTest {

    private static RevocationEntry entry(long epoch, Kind kind, String subject) {
        return RevocationEntry.newBuilder().setDomain("acme").setEpoch(epoch).setKind(kind).setSubject(subject).build();
    }

    @Test
    void entriesApplyInEpochOrderIntoTheirKind() {
        RevocationSnapshot s = RevocationSnapshot.NONE.apply(List.of(
                entry(1, Kind.AGENT, "spiffe://acme/agent/a"),
                entry(2, Kind.WRIT, "jti-1"),
                entry(3, Kind.KEY, "kid-1"),
                entry(4, Kind.DELEGATION, "d-1")), 1_000);

        assertThat(s.epoch()).isEqualTo(4);
        assertThat(s.agents()).containsExactly("spiffe://acme/agent/a");
        assertThat(s.writs()).containsExactly("jti-1");
        assertThat(s.keys()).containsExactly("kid-1");
        assertThat(s.delegations()).containsExactly("d-1");
        assertThat(s.confirmedAtMillis()).isEqualTo(1_000);
    }

    @Test
    void duplicateAndOldEntriesAreIgnored() {
        RevocationSnapshot s = RevocationSnapshot.NONE.apply(List.of(entry(1, Kind.WRIT, "a"), entry(2, Kind.WRIT, "b")), 1_000);
        RevocationSnapshot again = s.apply(List.of(entry(1, Kind.AGENT, "late"), entry(2, Kind.KEY, "late"),
                entry(3, Kind.WRIT, "c")), 2_000);

        assertThat(again.epoch()).isEqualTo(3);
        assertThat(again.writs()).containsExactlyInAnyOrder("a", "b", "c");
        assertThat(again.agents()).isEmpty();
        assertThat(again.keys()).isEmpty();
    }

    @Test
    void aGapStopsApplicationAtTheLastContiguousEntry() {
        RevocationSnapshot s = RevocationSnapshot.NONE.apply(List.of(entry(1, Kind.WRIT, "a")), 1_000);
        RevocationSnapshot next = s.apply(List.of(entry(3, Kind.WRIT, "c"), entry(4, Kind.WRIT, "d")), 2_000);

        assertThat(next.epoch()).isEqualTo(1);
        assertThat(next.writs()).containsExactly("a");
    }

    @Test
    void aGapInTheMiddleKeepsWhatCameBeforeIt() {
        RevocationSnapshot s = RevocationSnapshot.NONE.apply(List.of(
                entry(1, Kind.WRIT, "a"), entry(2, Kind.WRIT, "b"), entry(4, Kind.WRIT, "d"), entry(5, Kind.WRIT, "e")), 1_000);

        assertThat(s.epoch()).isEqualTo(2);
        assertThat(s.writs()).containsExactlyInAnyOrder("a", "b");
    }

    @Test
    void anEntryWithoutKindIsRefused() {
        assertThatThrownBy(() -> RevocationSnapshot.NONE.apply(List.of(entry(1, Kind.KIND_UNSPECIFIED, "x")), 1_000))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("has no kind");
    }

    @Test
    void applyLeavesTheOriginalSnapshotUntouched() {
        RevocationSnapshot s = RevocationSnapshot.NONE.apply(List.of(entry(1, Kind.WRIT, "a")), 1_000);
        s.apply(List.of(entry(2, Kind.WRIT, "b")), 2_000);
        assertThat(s.epoch()).isEqualTo(1);
        assertThat(s.writs()).containsExactly("a");
    }

    @Test
    void revocationOfNamesTheRevokedWritAgentOrKey() {
        RevocationSnapshot s = RevocationSnapshot.NONE.apply(List.of(
                entry(1, Kind.WRIT, "jti-1"), entry(2, Kind.AGENT, "spiffe://acme/agent/a"), entry(3, Kind.KEY, "kid-1")), 0);

        assertThat(s.revocationOf("jti-1", "spiffe://acme/agent/b", "kid-2")).contains("writ jti-1 is revoked");
        assertThat(s.revocationOf("jti-2", "spiffe://acme/agent/a", "kid-2")).contains("agent spiffe://acme/agent/a is revoked");
        assertThat(s.revocationOf("jti-2", "spiffe://acme/agent/b", "kid-1")).contains("signing key kid-1 is revoked");
        assertThat(s.revocationOf("jti-2", "spiffe://acme/agent/b", "kid-2")).isEmpty();
    }

    @Test
    void aRevokedDelegationDoesNotByItselfRevokeAWrit() {
        RevocationSnapshot s = RevocationSnapshot.NONE.apply(List.of(entry(1, Kind.DELEGATION, "jti-1")), 0);
        assertThat(s.revocationOf("jti-1", "spiffe://acme/agent/a", "kid-1")).isEmpty();
    }

    @Test
    void isStaleOnlyStrictlyBeyondTheBound() {
        RevocationSnapshot s = RevocationSnapshot.NONE.apply(List.of(), 10_000);
        assertThat(s.isStale(10_000, 5_000)).isFalse();
        assertThat(s.isStale(15_000, 5_000)).isFalse();
        assertThat(s.isStale(15_001, 5_000)).isTrue();
        // A clock behind the last confirmation is not stale.
        assertThat(s.isStale(9_000, 5_000)).isFalse();
    }

    @Test
    void confirmedAtNeverGoesBackwards() {
        RevocationSnapshot s = RevocationSnapshot.NONE.apply(List.of(), 10_000);
        RevocationSnapshot older = s.apply(List.of(entry(1, Kind.WRIT, "a")), 4_000);
        assertThat(older.confirmedAtMillis()).isEqualTo(10_000);
        assertThat(older.epoch()).isEqualTo(1);
        assertThat(older.apply(List.of(), 12_000).confirmedAtMillis()).isEqualTo(12_000);
    }
}

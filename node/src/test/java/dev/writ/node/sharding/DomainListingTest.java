package dev.writ.node.sharding;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.function.Function;
import org.apache.pekko.actor.Address;
import org.apache.pekko.cluster.MemberStatus;
import org.junit.jupiter.api.Test;

class DomainListingTest {
    private static final Address ACME_1 = new Address("pekko", "writ", "10.0.0.1", 25520);
    private static final Address ACME_2 = new Address("pekko", "writ", "10.0.0.2", 25520);
    private static final Address GLOBEX = new Address("pekko", "writ", "10.0.1.1", 25520);
    private static final Address STRANGER = new Address("pekko", "writ", "10.0.9.9", 25520);
    private static final Address LOCAL = new Address("pekko", "writ");

    private static DomainListing.Split<Address> split(List<Address> listed, List<DomainListing.MemberAt> members) {
        return DomainListing.split(listed, Function.identity(), members, "acme");
    }

    @Test
    void aRefAtAnotherDataCentersMemberIsDropped() {
        var members = List.of(new DomainListing.MemberAt(ACME_1, "acme", MemberStatus.up()),
                new DomainListing.MemberAt(GLOBEX, "globex", MemberStatus.up()));
        var split = split(List.of(ACME_1, GLOBEX), members);
        assertEquals(List.of(ACME_1), split.kept());
        assertEquals(List.of(GLOBEX), split.dropped());
    }

    @Test
    void aLocalRefIsThisNode() {
        assertEquals(List.of(LOCAL), split(List.of(LOCAL), List.of()).kept());
    }

    @Test
    void aRefAtNoMemberIsDropped() {
        var members = List.of(new DomainListing.MemberAt(ACME_1, "acme", MemberStatus.up()));
        assertEquals(List.of(STRANGER), split(List.of(ACME_1, STRANGER), members).dropped());
    }

    @Test
    void ownMembersCountFromJoiningToExitingNotDownNorRemoved() {
        for (MemberStatus counted : List.of(MemberStatus.joining(), MemberStatus.weaklyUp(), MemberStatus.up(),
                MemberStatus.leaving(), MemberStatus.exiting())) {
            var members = List.of(new DomainListing.MemberAt(ACME_2, "acme", counted));
            assertEquals(List.of(ACME_2), split(List.of(ACME_2), members).kept(), counted.toString());
        }
        for (MemberStatus gone : List.of(MemberStatus.down(), MemberStatus.removed())) {
            var members = List.of(new DomainListing.MemberAt(ACME_2, "acme", gone));
            assertEquals(List.of(ACME_2), split(List.of(ACME_2), members).dropped(), gone.toString());
        }
    }
}

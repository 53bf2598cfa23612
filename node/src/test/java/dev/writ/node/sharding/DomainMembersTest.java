package dev.writ.node.sharding;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Set;
import org.apache.pekko.actor.Address;
import org.apache.pekko.cluster.MemberStatus;
import org.junit.jupiter.api.Test;

class DomainMembersTest {
    private static final Address ACME_1 = new Address("pekko", "writ", "10.0.0.1", 25520);
    private static final Address ACME_2 = new Address("pekko", "writ", "10.0.0.2", 25520);
    private static final Address GLOBEX = new Address("pekko", "writ", "10.0.1.1", 25520);

    @Test
    void anotherDataCentersMemberIsNotOneOfThisDomainsNodes() {
        var members = List.of(new DomainMembers.MemberAt(ACME_1, "acme", MemberStatus.up()),
                new DomainMembers.MemberAt(GLOBEX, "globex", MemberStatus.up()),
                new DomainMembers.MemberAt(ACME_2, "acme", MemberStatus.up()));
        assertEquals(Set.of(ACME_1, ACME_2), DomainMembers.own(members, "acme"));
        assertEquals(Set.of(GLOBEX), DomainMembers.own(members, "globex"));
    }

    @Test
    void membersCountFromJoiningToExitingNotDownNorRemoved() {
        for (MemberStatus counted : List.of(MemberStatus.joining(), MemberStatus.weaklyUp(), MemberStatus.up(),
                MemberStatus.leaving(), MemberStatus.exiting())) {
            var members = List.of(new DomainMembers.MemberAt(ACME_2, "acme", counted));
            assertEquals(Set.of(ACME_2), DomainMembers.own(members, "acme"), counted.toString());
        }
        for (MemberStatus gone : List.of(MemberStatus.down(), MemberStatus.removed())) {
            var members = List.of(new DomainMembers.MemberAt(ACME_2, "acme", gone));
            assertEquals(Set.of(), DomainMembers.own(members, "acme"), gone.toString());
        }
    }
}

package dev.writ.node.sharding;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.apache.pekko.actor.Address;
import org.apache.pekko.cluster.MemberStatus;
import org.junit.jupiter.api.Test;

class ShardHostsTest {
    private static final Address ACME_1 = new Address("pekko", "writ", "10.0.0.1", 2551);
    private static final Address ACME_2 = new Address("pekko", "writ", "10.0.0.2", 2551);
    private static final Address GLOBEX_1 = new Address("pekko", "writ", "10.0.1.1", 2551);
    private static final Address LOCAL = new Address("pekko", "writ");

    private static final ShardHosts.MemberView SELF = member(ACME_1, "acme", MemberStatus.up(), "region:eu");

    @Test
    void onlyUpMembersOfTheCoordinatorsOwnDataCenterHost() {
        ShardHosts.Split<String> split = ShardHosts.split(Map.of("local", LOCAL, "acme-2", ACME_2, "globex", GLOBEX_1),
                SELF, Optional.empty(), List.of(SELF, member(ACME_2, "acme", MemberStatus.up()),
                        member(GLOBEX_1, "globex", MemberStatus.up())));

        assertThat(split.own()).containsExactlyInAnyOrder("local", "acme-2");
        assertThat(split.foreign()).containsExactly("globex");
        assertThat(split.waiting()).isEmpty();
    }

    @Test
    void aRegionOfAnotherDataCenterIsForeignWhateverRolesItClaims() {
        ShardHosts.Split<String> split = ShardHosts.split(Map.of("globex", GLOBEX_1), SELF, Optional.of("region:eu"),
                List.of(SELF, member(GLOBEX_1, "globex", MemberStatus.up(), "region:eu")));

        assertThat(split.own()).isEmpty();
        assertThat(split.foreign()).containsExactly("globex");
    }

    @Test
    void ownMembersNotUpOrWithoutTheTypesRoleOrNotYetKnownWait() {
        Address acme3 = new Address("pekko", "writ", "10.0.0.3", 2551);
        Address unknown = new Address("pekko", "writ", "10.0.0.9", 2551);
        ShardHosts.Split<String> split = ShardHosts.split(
                Map.of("leaving", ACME_2, "other-region", acme3, "unknown", unknown, "local", LOCAL), SELF,
                Optional.of("region:eu"), List.of(SELF, member(ACME_2, "acme", MemberStatus.leaving(), "region:eu"),
                        member(acme3, "acme", MemberStatus.up(), "region:us")));

        assertThat(split.own()).containsExactly("local");
        assertThat(split.foreign()).isEmpty();
        assertThat(split.waiting()).containsExactlyInAnyOrder("leaving", "other-region", "unknown");
    }

    @Test
    void aCoordinatorOnALeavingMemberHostsNothingLocally() {
        ShardHosts.MemberView leaving = member(ACME_1, "acme", MemberStatus.leaving());
        ShardHosts.Split<String> split = ShardHosts.split(Map.of("local", LOCAL, "acme-2", ACME_2), leaving,
                Optional.empty(), List.of(leaving, member(ACME_2, "acme", MemberStatus.up())));

        assertThat(split.own()).containsExactly("acme-2");
        assertThat(split.waiting()).containsExactly("local");
    }

    private static ShardHosts.MemberView member(Address address, String dataCenter, MemberStatus status, String... roles) {
        return new ShardHosts.MemberView(address, dataCenter, status, Set.of(roles));
    }
}

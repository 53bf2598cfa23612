package dev.writ.node.sharding;

import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.apache.pekko.actor.Address;
import org.apache.pekko.cluster.MemberStatus;

/**
 * Which registered shard regions may host a domain's shards: only those at the address of an Up
 * member of the coordinator's own data center (the domain), with the entity type's role where it has
 * one. A shard coordinator acknowledges a region from any Up member, whatever its data center
 * (docs/trust-model.md, "Known gaps", 5); this is what keeps the others out. Pure: the members are a
 * snapshot handed in.
 */
public final class ShardHosts {
    private ShardHosts() {
    }

    /** What a member is, as far as hosting shards goes. */
    public record MemberView(Address address, String dataCenter, MemberStatus status, Set<String> roles) {
        public MemberView {
            Objects.requireNonNull(address, "address");
            Objects.requireNonNull(dataCenter, "dataCenter");
            Objects.requireNonNull(status, "status");
            roles = Set.copyOf(roles);
        }
    }

    /**
     * The regions split three ways: {@code own} may host; {@code foreign} are at a member of another
     * data center and never will; {@code waiting} are of this data center but not hosts now (not Up,
     * without the role, or at an address the snapshot does not know yet).
     */
    public record Split<R>(Set<R> own, Set<R> foreign, Set<R> waiting) {
        public Split {
            own = Set.copyOf(own);
            foreign = Set.copyOf(foreign);
            waiting = Set.copyOf(waiting);
        }
    }

    /**
     * Splits {@code regions} (each with the address it lives at; a local address is {@code self}'s)
     * for a coordinator running at member {@code self}, for an entity type placed only on members with
     * {@code role} when one is given.
     */
    public static <R> Split<R> split(Map<R, Address> regions, MemberView self, Optional<String> role,
                                     Collection<MemberView> members) {
        Map<Address, MemberView> byAddress = members.stream()
                .collect(Collectors.toMap(MemberView::address, Function.identity(), (a, b) -> a));
        byAddress.put(self.address(), self);
        Set<R> own = new LinkedHashSet<>();
        Set<R> foreign = new LinkedHashSet<>();
        Set<R> waiting = new LinkedHashSet<>();
        regions.forEach((region, address) -> {
            MemberView member = address.hasLocalScope() ? self : byAddress.get(address);
            if (member == null) {
                waiting.add(region);
            } else if (!member.dataCenter().equals(self.dataCenter())) {
                foreign.add(region);
            } else if (member.status().equals(MemberStatus.up())
                    && role.map(member.roles()::contains).orElse(true)) {
                own.add(region);
            } else {
                waiting.add(region);
            }
        });
        return new Split<>(own, foreign, waiting);
    }
}

package dev.writ.chaos;

import dev.writ.chaos.nemesis.BurstNemesis;
import dev.writ.chaos.nemesis.ClockSkewNemesis;
import dev.writ.chaos.nemesis.DatabaseOutageNemesis;
import dev.writ.chaos.nemesis.DomainPartitionNemesis;
import dev.writ.chaos.nemesis.JoinLeaveNemesis;
import dev.writ.chaos.nemesis.KillNemesis;
import dev.writ.chaos.nemesis.MixedNemesis;
import dev.writ.chaos.nemesis.Nemesis;
import dev.writ.chaos.nemesis.OneWayPartitionNemesis;
import dev.writ.chaos.nemesis.PartitionNemesis;
import dev.writ.chaos.nemesis.PauseNemesis;
import dev.writ.chaos.nemesis.RegionOutageNemesis;
import dev.writ.chaos.nemesis.RegionPartitionNemesis;
import dev.writ.chaos.nemesis.RollingRestartNemesis;
import dev.writ.chaos.nemesis.SequencerOutageNemesis;
import dev.writ.chaos.nemesis.SequencerPartitionKillNemesis;
import dev.writ.chaos.sut.DrillRegions;
import dev.writ.chaos.sut.SystemUnderTest;
import dev.writ.chaos.workload.LoadControl;
import dev.writ.fabric.Topology;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/** The named drills of {@code writ drill <scenario>}: which nemesis, and whether it can run here. */
public enum Scenario {
    PARTITION("partition", "cut the network between one node and the rest (halves with 4+ nodes); needs root + iproute2"),
    ONE_WAY_PARTITION("one-way-partition", "lose what one node sends the others (mute) or what they send it (deaf),"
            + " one direction only; needs root + iproute2"),
    KILL("kill", "kill -9 one node's JVM, restart it"),
    PAUSE("pause", "SIGSTOP one node's JVM, SIGCONT it"),
    SEQUENCER_OUTAGE("sequencer-outage", "stop the dev chain's block production, or kill and restart it"),
    DB_OUTAGE("db-outage", "stop the domain's journal database (PostgreSQL immediate shutdown), start it again"),
    CLOCK_SKEW("clock-skew", "run one node's clock 10-90 s ahead or behind, then put it back"),
    DOMAIN_PARTITION("domain-partition", "a partner domain (globex) joins; cut every link between it and acme, so "
            + "each domain's beacons are hidden from the other; needs root + iproute2"),
    ROLLING_RESTART("rolling-restart", "stop each node in turn gracefully (SIGTERM: it leaves the cluster), start it "
            + "again on the same data and ports, wait until it is HEALTHY before the next"),
    BURST("burst", "offer " + BurstNemesis.FACTOR + "x the steady load for the fault window, then the steady load again"),
    REGION_PARTITION("region-partition", "the domain across two regions (relays on every link between them, no root);"
            + " cut every link between the region holding the database's primary and the other, both ways"),
    REGION_OUTAGE("region-outage", "the domain across two regions, the database's primary and a minority of the nodes"
            + " in one, its synchronous standby in the other; lose the first region (kill -9 of its nodes and of the"
            + " primary, every link to it cut), promote the standby; healing rejoins the lost primary as a standby"
            + " (pg_rewind); a second outage would lose us, the majority, and is refused"),
    REGION_OUTAGE_QUORUM("region-outage-quorum", "the domain across three regions, each a minority of the nodes, the"
            + " database's primary in one and a synchronous standby in each other (quorum commit); every fault loses"
            + " the region holding the primary then (kill -9 of its nodes and server, every link to it cut) and promotes"
            + " the most advanced standby; healing rejoins the lost server as a standby, so every cycle loses a region (two cycles at least)"),
    JOIN_LEAVE("join-leave", "a new node (a 4th JVM, fresh data dir) joins the domain, then one node leaves gracefully"
            + " (SIGTERM, not restarted during the fault); healing restarts it and retires the new one"),
    SEQUENCER_PARTITION_KILL("sequencer-partition-kill", "while the dev chain's sequencer is out (as sequencer-outage),"
            + " cut one node off from the others and kill -9 another; heal all; needs root + iproute2"),
    MIXED("mixed", "each fault drawn at random from the scenarios available here (one domain, one region; not an operator's"
            + " planned change: rolling-restart, join-leave)");

    static final String NO_NAMESPACES = "not available: network partitions need Linux network namespaces (run as "
            + "root with iproute2); this run would put every node on 127.0.0.1";

    private final String cliName;
    private final String description;

    Scenario(String cliName, String description) {
        this.cliName = cliName;
        this.description = description;
    }

    public String cliName() {
        return cliName;
    }

    public String description() {
        return description;
    }

    public static Optional<Scenario> parse(String name) {
        return Arrays.stream(values()).filter(s -> s.cliName.equals(name)).findFirst();
    }

    /** Why this scenario cannot run on this machine, or empty when it can. */
    public Optional<String> unavailable(boolean namespaces) {
        if ((this == PARTITION || this == ONE_WAY_PARTITION || this == DOMAIN_PARTITION || this == SEQUENCER_PARTITION_KILL)
                && !namespaces) {
            return Optional.of(NO_NAMESPACES);
        }
        return Optional.empty();
    }

    /** Whether the drill runs a second, partner domain beside acme. */
    public boolean twoDomains() {
        return this == DOMAIN_PARTITION;
    }

    /** Whether the drill's domain spans two or three regions ({@link DrillRegions}) instead of one. */
    public boolean regional() {
        return this == REGION_PARTITION || this == REGION_OUTAGE || this == REGION_OUTAGE_QUORUM;
    }

    /**
     * The nodes that may join the domain of {@code nodes} nodes during the drill (laid out, not
     * started: each gets its namespace with the others): {@code acme-<nodes + 1>} for a join.
     */
    public List<String> spareNodes(int nodes) {
        return this == JOIN_LEAVE ? List.of(spareNode(nodes)) : List.of();
    }

    private static String spareNode(int nodes) {
        return SystemUnderTest.DOMAIN + "-" + (nodes + 1);
    }

    /** The domain this scenario runs against, {@code nodes} nodes. */
    public Topology topology(int nodes) {
        return switch (this) {
            case REGION_PARTITION -> DrillRegions.twoRegions(nodes);
            case REGION_OUTAGE -> DrillRegions.primaryInMinority(nodes);
            case REGION_OUTAGE_QUORUM -> DrillRegions.threeRegions(nodes);
            default -> Topology.singleDomain(SystemUnderTest.DOMAIN, nodes);
        };
    }

    /**
     * How many fault cycles the schedule runs at least, whatever the duration: a rolling restart
     * is whole only when every one of the domain's {@code nodes} was restarted once; the
     * three-region outage only when the region its first outage promoted into was lost in turn
     * (after the lost server's rejoin), two.
     */
    public int minimumCycles(int nodes) {
        return switch (this) {
            case ROLLING_RESTART -> nodes;
            case REGION_OUTAGE_QUORUM -> 2;
            default -> 1;
        };
    }

    /**
     * Whether the clients go to another node when theirs refuses the connection: an operator
     * stopping a node on purpose expects clients to do what a real one does (the request never
     * left, so it is safe to send elsewhere). The other drills judge what a client pinned to a
     * node sees.
     */
    public boolean clientsFailOver() {
        return this == ROLLING_RESTART || this == JOIN_LEAVE;
    }

    /**
     * Whether the scenario is an operator's planned change (nodes stopped gracefully, clients that
     * fail over) rather than a fault: {@code mixed} does not draw it, since its clients stay pinned
     * to their nodes and would see the planned stop as lost requests.
     */
    boolean operatorAction() {
        return clientsFailOver();
    }

    /** The nemesis this scenario drives against {@code sut}, whose clients' load is {@code load}. */
    Nemesis nemesis(SystemUnderTest sut, LoadControl load) {
        return switch (this) {
            case PARTITION -> new PartitionNemesis(sut);
            case ONE_WAY_PARTITION -> new OneWayPartitionNemesis(sut);
            case KILL -> new KillNemesis(sut);
            case PAUSE -> new PauseNemesis(sut);
            case DB_OUTAGE -> new DatabaseOutageNemesis(sut);
            case CLOCK_SKEW -> new ClockSkewNemesis(sut);
            case SEQUENCER_OUTAGE -> new SequencerOutageNemesis(sut);
            case DOMAIN_PARTITION -> new DomainPartitionNemesis(sut);
            case ROLLING_RESTART -> new RollingRestartNemesis(sut);
            case BURST -> new BurstNemesis(load);
            case REGION_PARTITION -> new RegionPartitionNemesis(sut);
            case REGION_OUTAGE, REGION_OUTAGE_QUORUM -> new RegionOutageNemesis(sut);
            case JOIN_LEAVE -> new JoinLeaveNemesis(sut, spareNode(sut.fabric().nodeIds().size()));
            case SEQUENCER_PARTITION_KILL -> new SequencerPartitionKillNemesis(sut);
            case MIXED -> {
                List<Nemesis> choices = new ArrayList<>();
                for (Scenario s : values()) {
                    if (s != MIXED && !s.operatorAction() && !s.twoDomains() && !s.regional() && s.unavailable(sut.network().isPresent()).isEmpty()) {
                        choices.add(s.nemesis(sut, load));
                    }
                }
                yield new MixedNemesis(choices);
            }
        };
    }
}

package dev.writ.chaos.sut;

import dev.writ.fabric.region.ReplicatedDatabase;
import java.nio.file.Path;
import java.time.Duration;

/**
 * The region drills' database when the domain has a standby: a {@link ReplicatedDatabase} (a
 * primary and a synchronous standby, the replication link delayed like the other links between
 * regions) under the drill's work directory, where the drills' leftover removal finds its servers.
 */
public final class RegionDatabase implements DrillDatabase {
    private final ReplicatedDatabase servers;
    private final String primaryRegion;
    private final String standbyRegion;

    private RegionDatabase(ReplicatedDatabase servers, String primaryRegion, String standbyRegion) {
        this.servers = servers;
        this.primaryRegion = primaryRegion;
        this.standbyRegion = standbyRegion;
    }

    static RegionDatabase start(Path dir, Duration oneWay, String primaryRegion, String standbyRegion) {
        return new RegionDatabase(ReplicatedDatabase.start(dir, oneWay), primaryRegion, standbyRegion);
    }

    /** The two servers, to lose the primary and promote the standby. */
    public ReplicatedDatabase servers() {
        return servers;
    }

    @Override
    public String baseUrl() {
        return servers.baseUrl();
    }

    @Override
    public String describe() {
        return "PostgreSQL primary in " + primaryRegion + " with a synchronous standby in " + standbyRegion + " ("
                + servers.baseUrl() + ")";
    }

    @Override
    public void close() {
        servers.close();
    }
}

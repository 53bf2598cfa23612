package dev.writ.chaos.sut;

import dev.writ.fabric.DatabaseRegions;
import dev.writ.fabric.region.ReplicatedDatabase;
import java.nio.file.Path;
import java.time.Duration;

/**
 * The region drills' database when the domain has standbys: a {@link ReplicatedDatabase} (a primary
 * and a synchronous standby in each other database region, quorum commit, the replication links
 * delayed like the other links between regions) under the drill's work directory, where the drills'
 * leftover removal finds its servers. Each server is named by its region, so the region holding
 * the primary now is {@code servers().primary()}.
 */
public final class RegionDatabase implements DrillDatabase {
    private final ReplicatedDatabase servers;

    private RegionDatabase(ReplicatedDatabase servers) {
        this.servers = servers;
    }

    static RegionDatabase start(Path dir, Duration oneWay, DatabaseRegions placed) {
        return new RegionDatabase(ReplicatedDatabase.start(dir, oneWay, placed.servers()));
    }

    /** The servers, to lose the primary, promote a standby and rejoin the lost one. */
    public ReplicatedDatabase servers() {
        return servers;
    }

    @Override
    public String baseUrl() {
        return servers.baseUrl();
    }

    @Override
    public String describe() {
        return "PostgreSQL servers by region, synchronous commit to any one standby: " + servers.describe() + " ("
                + servers.baseUrl() + ")";
    }

    @Override
    public void close() {
        servers.close();
    }
}

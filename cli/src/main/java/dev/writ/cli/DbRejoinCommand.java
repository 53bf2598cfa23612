package dev.writ.cli;

import dev.writ.fabric.FabricException;
import dev.writ.fabric.region.PostgresServer;
import dev.writ.fabric.region.RejoinRefusal;
import dev.writ.fabric.region.StandbyRejoin;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * `writ db rejoin`: the old primary, its region back after a promotion, made a synchronous standby of
 * the new primary ({@link StandbyRejoin}; docs/regions.md, "Rebuilding the old primary as a standby").
 */
@Command(name = "rejoin", mixinStandardHelpOptions = true,
        description = {"Make a lost primary, back after the standby was promoted in its place, a synchronous standby of",
                "the new primary: pg_rewind when its data directory has checksums or wal_log_hints, else a fresh",
                "pg_basebackup (the old directory moved aside, never deleted); then it starts on --port following",
                "--primary under --name, which is added to the primary's synchronous_standby_names (quorum,",
                "ANY 1), and returns once the primary reports it sync or quorum. Run it where the data directory",
                "is, with the machine's PostgreSQL binaries (-Dwrit.pg-bin, else the newest /usr/lib/postgresql/<v>/bin).",
                "Refused, nothing changed: REJOIN_TARGET_IS_PRIMARY (it runs and accepts writes: fence it),",
                "REJOIN_WOULD_DISCARD_COMMITS (it holds commits past the divergence), REJOIN_PRIMARY_IN_RECOVERY,",
                "REJOIN_PRIMARY_UNREACHABLE, REJOIN_OTHER_CLUSTER, REJOIN_UNRELATED_TIMELINE.",
                "Exit 0: rejoined and synchronous; 1: refused; 2: bad usage; 3: failed part way (see the message)."})
final class DbRejoinCommand implements Callable<Integer> {
    static final int REJOINED = 0;
    static final int REFUSED = 1;
    static final int USAGE = 2;
    static final int FAILED = 3;

    @Spec
    private CommandSpec spec;

    @Option(names = "--data-dir", required = true, paramLabel = "<dir>",
            description = "the lost primary's data directory")
    private Path dataDir;

    @Option(names = "--port", required = true, paramLabel = "<port>",
            description = "the port it serves on (127.0.0.1), as before its region was lost")
    private int port;

    @Option(names = "--primary", required = true, paramLabel = "<host:port>",
            description = "the promoted primary, as this server reaches it (superuser postgres, no password)")
    private String primary;

    @Option(names = "--name", required = true, paramLabel = "<name>",
            description = "its application_name in the primary's synchronous_standby_names: its region")
    private String name;

    @Option(names = "--discard-diverged-commits",
            description = "accept discarding the commits it holds past the divergence (with synchronous commit,"
                    + " none was acknowledged to a client)")
    private boolean discardDivergedCommits;

    @Option(names = "--timeout", defaultValue = "60s", converter = HoconDuration.class, paramLabel = "<duration>",
            description = "how long to wait for it to become synchronous (default: ${DEFAULT-VALUE})")
    private Duration timeout;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        int colon = primary.lastIndexOf(':');
        int primaryPort;
        try {
            primaryPort = Integer.parseInt(primary.substring(colon + 1));
        } catch (NumberFormatException | StringIndexOutOfBoundsException e) {
            colon = -1;
            primaryPort = -1;
        }
        if (colon <= 0 || primaryPort <= 0) {
            out.println("--primary is host:port, got " + primary);
            out.flush();
            return USAGE;
        }
        try {
            StandbyRejoin.Outcome o = new StandbyRejoin(primary.substring(0, colon), primaryPort)
                    .rejoin(PostgresServer.existing(dataDir, port), name, discardDivergedCommits, timeout);
            out.println("rejoined " + dataDir + " as standby " + name + " of " + primary + " by " + o.method() + " ("
                    + o.why() + "); diverged at " + o.divergedAt() + ", " + o.discardedCommits()
                    + " diverged commit(s) discarded; sync_state " + o.syncState());
            o.keptAside().ifPresent(p -> out.println("the old data directory is kept at " + p));
            out.flush();
            return REJOINED;
        } catch (RejoinRefusal.Refused e) {
            out.println("REFUSED: " + e.getMessage());
            out.flush();
            return REFUSED;
        } catch (IllegalArgumentException e) {
            out.println("MALFORMED: " + e.getMessage());
            out.flush();
            return USAGE;
        } catch (FabricException e) {
            out.println("FAILED: " + e.getMessage());
            out.flush();
            return FAILED;
        }
    }
}

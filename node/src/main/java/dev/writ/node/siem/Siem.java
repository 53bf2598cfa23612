package dev.writ.node.siem;

import dev.writ.node.config.NodeSettings;
import dev.writ.node.evidence.EvidenceLog;
import dev.writ.node.evidence.EvidenceStore;
import dev.writ.node.health.HealthState;
import java.io.IOException;
import java.sql.SQLException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executor;
import javax.sql.DataSource;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.dispatch.ExecutionContexts;

/**
 * Starts the SIEM export of this node's own lanes when {@code writ.siem.enabled} (docs/siem.md):
 * one exporter per node, no singleton, since a lane has one writer and so one exporter.
 */
public final class Siem {
    private Siem() {
    }

    public static void start(NodeSettings node, SiemSettings settings, EvidenceLog evidence, EvidenceStore store,
                             DataSource pool, HealthState health, Clock clock, ActorSystem<?> system, Executor upkeep)
            throws IOException, SQLException {
        if (!settings.enabled()) {
            return;
        }
        SiemCursor cursor = new SiemCursor(pool, node.domain(), (int) Math.max(1, node.askTimeout().toSeconds()));
        if (node.journal().createSchema()) {
            cursor.createSchema();
        }
        List<EventSink> sinks = new ArrayList<>();
        if (settings.file().isPresent()) {
            sinks.add(new RotatingFileSink(settings.file().get()));
        }
        settings.http().ifPresent(http -> sinks.add(new HttpCollectorSink(http)));
        SiemExporter exporter = new SiemExporter(settings, store, cursor, node.domain(), evidence.laneNames(),
                health::get, new HealthFindings(node.domain(), node.nodeId()), clock::millis, sinks);
        system.scheduler().scheduleWithFixedDelay(settings.pollInterval(), settings.pollInterval(), exporter,
                ExecutionContexts.fromExecutor(upkeep));
    }
}

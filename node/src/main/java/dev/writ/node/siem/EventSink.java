package dev.writ.node.siem;

import java.io.IOException;
import java.util.List;

/**
 * Where OCSF events go. {@link #deliver} returns only once the sink holds every line durably (the
 * file forced to disk, the collector answered 2xx); it throws otherwise, and the exporter's cursor
 * for this sink stays where it was (at least once).
 */
interface EventSink {
    /** A stable name, the sink's key in the cursor table. */
    String name();

    void deliver(List<String> lines) throws IOException;
}

package dev.writ.node.console;

import dev.writ.node.evidence.EvidenceStore;
import dev.writ.node.refusal.Refusal;
import dev.writ.node.refusal.RefusalCode;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.pekko.NotUsed;
import org.apache.pekko.http.javadsl.model.ContentTypes;
import org.apache.pekko.http.javadsl.model.HttpEntities;
import org.apache.pekko.http.javadsl.model.HttpResponse;
import org.apache.pekko.http.javadsl.model.headers.RawHeader;
import org.apache.pekko.stream.javadsl.Source;
import org.apache.pekko.util.ByteString;

/**
 * The console's live view, as server-sent events: every push interval the fabric and anchoring
 * status, and each decision recorded since the last push that matches the stream's filters. One
 * poll at a time per stream, on the reads dispatcher; the stream ends when its session does (the
 * page logs in again). At most {@code max-streams} at once, so open pages cannot take the reads.
 */
final class ConsoleStream {
    private final ConsoleReads reads;
    private final EvidenceStore store;
    private final String domain;
    private final ConsoleSessions sessions;
    private final Clock clock;
    private final Duration interval;
    private final long lookbackMillis;
    private final int maxStreams;
    private final AtomicInteger open = new AtomicInteger();

    ConsoleStream(ConsoleReads reads, EvidenceStore store, String domain, ConsoleSessions sessions, Clock clock,
                  Duration interval, Duration lookback, int maxStreams) {
        this.reads = reads;
        this.store = store;
        this.domain = domain;
        this.sessions = sessions;
        this.clock = clock;
        this.interval = interval;
        this.lookbackMillis = lookback.toMillis();
        this.maxStreams = maxStreams;
    }

    HttpResponse open(String session, String agent, String target) throws Refusal {
        if (open.incrementAndGet() > maxStreams) {
            open.decrementAndGet();
            throw new Refusal(RefusalCode.CONSOLE_BUSY, "", "the console serves " + maxStreams
                    + " live streams at most (writ.console.max-sessions); close a page");
        }
        DecisionCursor cursor = new DecisionCursor(lookbackMillis);
        boolean[] first = {true};
        Source<ByteString, NotUsed> events = Source.tick(Duration.ZERO, interval, "tick")
                .mapMaterializedValue(c -> NotUsed.getInstance())
                .takeWhile(t -> live(session))
                .mapAsync(1, t -> frame(cursor, first, agent, target))
                .map(ByteString::fromString)
                .concat(Source.single(ByteString.fromString("event: logout\ndata: {}\n\n")))
                .watchTermination((mat, done) -> {
                    done.whenComplete((d, f) -> open.decrementAndGet());
                    return mat;
                });
        return HttpResponse.create()
                .withEntity(HttpEntities.create(ContentTypes.parse("text/event-stream"), events))
                .addHeader(RawHeader.create("Cache-Control", "no-store"))
                .addHeader(RawHeader.create("X-Content-Type-Options", "nosniff"));
    }

    private boolean live(String session) {
        try {
            sessions.require(Optional.of(session), clock.millis());
            return true;
        } catch (Refusal expired) {
            return false;
        }
    }

    private CompletionStage<String> frame(DecisionCursor cursor, boolean[] first, String agent, String target) {
        return reads.read(() -> {
            long now = clock.millis();
            StringBuilder out = new StringBuilder();
            event(out, "fabric", reads.views().fabric().now().toString());
            event(out, "anchoring", reads.views().anchoring().status().toString());
            // the first push sends the newest decisions; later ones what was recorded since
            long from = first[0] ? 0 : cursor.readFrom(now);
            first[0] = false;
            List<Decisions.Row> fresh = cursor.next(store.recent(domain, Decisions.KINDS, from, 2 * reads.feedSize()), now);
            for (Decisions.Row row : fresh) {
                if (row.matches(agent, target)) {
                    event(out, "decision", row.json().toString());
                }
            }
            return out.toString();
        }).exceptionally(f -> {
            Refusal refusal = ConsoleHttp.refusalOf(f);
            return "event: failure\ndata: " + ConsoleJson.object().put("code", refusal.code().name())
                    .put("detail", refusal.detail()) + "\n\n";
        });
    }

    private static void event(StringBuilder out, String name, String json) {
        out.append("event: ").append(name).append("\ndata: ").append(json).append("\n\n");
    }
}

package dev.writ.chaos.workload;

import static org.assertj.core.api.Assertions.assertThat;

import dev.writ.chaos.history.Event;
import dev.writ.chaos.history.EventType;
import dev.writ.chaos.history.HistoryFile;
import dev.writ.fabric.FabricIdentity;
import dev.writ.protocol.testing.RawHttpServer;
import java.net.URI;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A drill client that fails over (rolling-restart, join-leave) sends a request whose connection a
 * stopping node closed before any answer to the next node, byte for byte the same proposal, so
 * the copy is answered from evidence if the first was read (D35, D118); a pinned client records
 * the unknown outcome.
 */
class DrillClientFailOverTest {
    private static final List<String> NODES = List.of("acme-1", "acme-2");

    @TempDir
    Path dir;
    private FabricIdentity identity;
    private ExecutorService secondPep;

    @BeforeEach
    void identity() {
        identity = FabricIdentity.openOrCreate("acme", dir.resolve("identity"));
        secondPep = Executors.newSingleThreadExecutor();
    }

    @AfterEach
    void stop() {
        secondPep.shutdownNow();
    }

    @Test
    void aProposalClosedBeforeAnyAnswerGoesToTheNextNodeAsTheSameBytes() throws Exception {
        try (RawHttpServer stopping = RawHttpServer.closingBeforeAnswer();
             RawHttpServer serving = RawHttpServer.answering(200, "{\"decision\":\"DENY\"}")) {
            List<Event> history = propose(stopping.uri(), serving.uri(), true);

            Event completion = history.get(history.size() - 1);
            assertThat(completion.type()).isEqualTo(EventType.OK);
            assertThat(completion.node()).isEqualTo("acme-2");
            assertThat(completion.value()).isEqualTo("DENY");
            assertThat(stopping.bodies()).hasSize(1);
            assertThat(serving.bodies()).hasSize(1);
            assertThat(serving.bodies().get(0)).isEqualTo(stopping.bodies().get(0));
        }
    }

    @Test
    void aPinnedClientRecordsTheUnknownOutcomeAndSendsNothingElsewhere() throws Exception {
        try (RawHttpServer stopping = RawHttpServer.closingBeforeAnswer();
             RawHttpServer serving = RawHttpServer.answering(200, "{\"decision\":\"DENY\"}")) {
            List<Event> history = propose(stopping.uri(), serving.uri(), false);

            Event completion = history.get(history.size() - 1);
            assertThat(completion.type()).isEqualTo(EventType.INFO);
            assertThat(completion.node()).isEqualTo("acme-1");
            assertThat(completion.value()).contains("before any answer");
            assertThat(serving.bodies()).isEmpty();
        }
    }

    /** One proposal sent first to acme-1; the history written. */
    private List<Event> propose(URI first, URI second, boolean failOver) {
        Map<String, URI> nodes = new LinkedHashMap<>();
        nodes.put("acme-1", first);
        nodes.put("acme-2", second);
        Workload workload = new Workload(7, NODES, "acme", "t");
        Step step = workload.next();
        assertThat(step).as("a fresh workload starts with a proposal").isInstanceOf(Step.Propose.class);
        try (HistoryFile history = HistoryFile.create(dir.resolve("history-" + failOver + ".jsonl"), e -> { })) {
            DrillClient client = new DrillClient(nodes, identity, Map.of("acme-1", identity, "acme-2", identity),
                    history, workload, secondPep, failOver);
            client.perform("c1", new Step.Propose("acme-1", ((Step.Propose) step).proposal()));
            return history.events();
        }
    }
}

package dev.writ.node.anchoring;

import dev.writ.protocol.wire.LaneRange;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class BatchPlanTest {

    private static LaneRange range(String lane, long first, long last) {
        return LaneRange.newBuilder().setLane(lane).setFirstSeq(first).setLastSeq(last).build();
    }

    @Test
    void aFirstBatchStartsEveryLaneAtSeqZero() {
        assertThat(BatchPlan.next(Map.of("n1-0", 4L, "n1-1", 2L), Map.of(), 100))
                .containsExactly(range("n1-0", 0, 4), range("n1-1", 0, 2));
    }

    @Test
    void rangesContinueRightAfterWhatIsCovered() {
        assertThat(BatchPlan.next(Map.of("n1-0", 10L, "n1-1", 7L), Map.of("n1-0", 4L, "n1-1", 2L), 100))
                .containsExactly(range("n1-0", 5, 10), range("n1-1", 3, 7));
    }

    @Test
    void lanesComeInNameOrder() {
        Map<String, Long> heads = new HashMap<>();
        heads.put("zeta-0", 0L);
        heads.put("alpha-1", 0L);
        heads.put("alpha-0", 0L);
        heads.put("mid-3", 0L);
        assertThat(BatchPlan.next(heads, Map.of(), 100)).extracting(LaneRange::getLane)
                .containsExactly("alpha-0", "alpha-1", "mid-3", "zeta-0");
    }

    @Test
    void maxRecordsCapsTheBatchAcrossLanes() {
        assertThat(BatchPlan.next(Map.of("a", 9L, "b", 9L, "c", 9L), Map.of(), 15))
                .containsExactly(range("a", 0, 9), range("b", 0, 4));
    }

    @Test
    void maxRecordsCapsWithinTheFirstLane() {
        assertThat(BatchPlan.next(Map.of("a", 99L, "b", 9L), Map.of("a", 9L), 5))
                .containsExactly(range("a", 10, 14));
    }

    @Test
    void aFullyCoveredLaneIsSkippedAndTheNextOneStillGetsTheBudget() {
        assertThat(BatchPlan.next(Map.of("a", 9L, "b", 3L), Map.of("a", 9L), 2))
                .containsExactly(range("b", 0, 1));
    }

    @Test
    void nothingNewPlansAnEmptyBatch() {
        assertThat(BatchPlan.next(Map.of("a", 9L, "b", 3L), Map.of("a", 9L, "b", 3L), 100)).isEmpty();
        assertThat(BatchPlan.next(Map.of(), Map.of(), 100)).isEmpty();
        assertThat(BatchPlan.next(Map.of(), Map.of("a", 3L), 100)).isEmpty();
    }

    @Test
    void aZeroBudgetPlansNothing() {
        assertThat(BatchPlan.next(Map.of("a", 9L), Map.of(), 0)).isEmpty();
    }

    @Test
    void aCoverageAheadOfTheHeadPlansNothingForThatLane() {
        assertThat(BatchPlan.next(Map.of("a", 3L, "b", 1L), Map.of("a", 7L), 100)).containsExactly(range("b", 0, 1));
    }

    // ---------------------------------------------------------------- properties

    record Lanes(Map<String, Long> heads, Map<String, Long> covered) {
    }

    @Provide
    Arbitrary<Lanes> lanes() {
        Arbitrary<long[]> lane = Combinators.combine(
                Arbitraries.longs().between(0, 10_000),
                Arbitraries.longs().between(-1, 10_000)).as((head, covered) -> new long[]{head, Math.min(covered, head)});
        return Arbitraries.maps(Arbitraries.strings().withCharRange('a', 'e').ofMinLength(1).ofMaxLength(3), lane)
                .ofMaxSize(6)
                .map(m -> {
                    Map<String, Long> heads = new HashMap<>();
                    Map<String, Long> covered = new HashMap<>();
                    m.forEach((name, hc) -> {
                        heads.put(name, hc[0]);
                        if (hc[1] >= 0) {
                            covered.put(name, hc[1]);
                        }
                    });
                    return new Lanes(heads, covered);
                });
    }

    @Property
    void rangesAreContiguousWithCoverageWithinHeadsAndWithinBudget(@ForAll("lanes") Lanes lanes,
                                                                   @ForAll @IntRange(min = 0, max = 30_000) int max) {
        List<LaneRange> plan = BatchPlan.next(lanes.heads(), lanes.covered(), max);

        long total = 0;
        String previous = "";
        for (LaneRange r : plan) {
            assertThat(lanes.heads()).containsKey(r.getLane());
            assertThat(r.getLane()).isGreaterThan(previous);
            previous = r.getLane();
            assertThat(r.getFirstSeq()).isEqualTo(lanes.covered().getOrDefault(r.getLane(), -1L) + 1);
            assertThat(r.getLastSeq()).isBetween(r.getFirstSeq(), lanes.heads().get(r.getLane()));
            total += r.getLastSeq() - r.getFirstSeq() + 1;
        }
        assertThat(total).isLessThanOrEqualTo(max);

        long pending = BatchPlan.unsealed(lanes.heads(), lanes.covered());
        // Nothing is left out that fits: the batch is either everything pending or exactly full.
        assertThat(total).isEqualTo(Math.min(pending, max));
    }

    @Property
    void sealingBatchByBatchCoversEveryRecordExactlyOnce(@ForAll("lanes") Lanes lanes,
                                                         @ForAll @IntRange(min = 1, max = 5_000) int max) {
        Map<String, Long> covered = new HashMap<>(lanes.covered());
        for (int batch = 0; batch < 100_000; batch++) {
            List<LaneRange> plan = BatchPlan.next(lanes.heads(), covered, max);
            if (plan.isEmpty()) {
                break;
            }
            for (LaneRange r : plan) {
                assertThat(r.getFirstSeq()).isEqualTo(covered.getOrDefault(r.getLane(), -1L) + 1);
                covered.put(r.getLane(), r.getLastSeq());
            }
        }
        lanes.heads().forEach((lane, head) -> assertThat(covered.get(lane)).isEqualTo(head));
    }

    @Property
    void theBacklogIsWhatTheNextBatchesCover(@ForAll("lanes") Lanes lanes, @ForAll @IntRange(min = 1, max = 5_000) int max) {
        Map<String, Long> covered = new HashMap<>(lanes.covered());
        long backlog = BatchPlan.unsealed(lanes.heads(), covered);
        long sealed = 0;
        for (int batch = 0; batch < 100_000; batch++) {
            List<LaneRange> plan = BatchPlan.next(lanes.heads(), covered, max);
            if (plan.isEmpty()) {
                break;
            }
            for (LaneRange r : plan) {
                sealed += r.getLastSeq() - r.getFirstSeq() + 1;
                covered.put(r.getLane(), r.getLastSeq());
            }
            assertThat(BatchPlan.unsealed(lanes.heads(), covered)).isEqualTo(backlog - sealed);
        }
        assertThat(sealed).isEqualTo(backlog);
    }
}

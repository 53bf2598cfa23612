package dev.writ.node.expiry;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class ExpiryScheduleTest {
    @Test
    void nothingIsDueBeforeItsTime() {
        ExpirySchedule schedule = new ExpirySchedule();
        schedule.add(1_000, 10);
        assertThat(schedule.takeDue(999)).isEmpty();
        assertThat(schedule.size()).isEqualTo(1);
        assertThat(schedule.takeDue(1_000)).contains(new ExpirySchedule.Due(10, 10));
        assertThat(schedule.size()).isZero();
        assertThat(schedule.takeDue(5_000)).isEmpty();
    }

    @Test
    void theDueEntriesAreTakenAsTheSpanOfTheirIssuanceTimesAndTheOthersStay() {
        ExpirySchedule schedule = new ExpirySchedule();
        schedule.add(2_000, 50); // a long writ issued early
        schedule.add(1_000, 60);
        schedule.add(1_100, 70);
        schedule.add(3_000, 80);
        assertThat(schedule.takeDue(1_500)).contains(new ExpirySchedule.Due(60, 70));
        assertThat(schedule.takeDue(2_500)).contains(new ExpirySchedule.Due(50, 50));
        assertThat(schedule.takeDue(3_000)).contains(new ExpirySchedule.Due(80, 80));
        assertThat(schedule.size()).isZero();
    }

    @Test
    void manyEntriesInAnyOrderComeOutByDueTime() {
        ExpirySchedule schedule = new ExpirySchedule();
        SplittableRandom random = new SplittableRandom(7);
        List<Long> dues = new ArrayList<>();
        for (int i = 0; i < 10_000; i++) {
            long due = random.nextLong(1_000_000);
            dues.add(due);
            schedule.add(due, due / 10);
        }
        dues.sort(null);
        for (int i = 0; i < dues.size(); i += 1_000) {
            long now = dues.get(i);
            Optional<ExpirySchedule.Due> taken = schedule.takeDue(now);
            assertThat(taken).isPresent();
            assertThat(taken.get().lastIssuedMillis()).isLessThanOrEqualTo(now / 10);
            long left = dues.stream().filter(d -> d > now).count();
            assertThat(schedule.size()).as("entries still to come after %d", now).isEqualTo((int) left);
        }
    }
}

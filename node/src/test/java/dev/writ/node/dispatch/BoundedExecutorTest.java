package dev.writ.node.dispatch;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.RejectedExecutionException;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class BoundedExecutorTest {
    @Test
    void aTaskBeyondTheCapacityIsRefusedAtOnceAndAFinishedTaskFreesItsPlace() {
        List<Runnable> held = new ArrayList<>();
        BoundedExecutor reads = new BoundedExecutor("reads", held::add, 2);
        reads.execute(() -> { });
        reads.execute(() -> { });

        assertThatThrownBy(() -> reads.execute(() -> { })).isInstanceOf(RejectedExecutionException.class)
                .hasMessageContaining("reads is full");
        assertThat(held).as("the refused task never reached the pool").hasSize(2);
        held.get(0).run();
        reads.execute(() -> { });
        assertThat(held).hasSize(3);
    }

    @Test
    void aPoolThatRefusesGivesThePlaceBack() {
        BoundedExecutor reads = new BoundedExecutor("reads", task -> {
            throw new RejectedExecutionException("shut down");
        }, 1);
        assertThatThrownBy(() -> reads.execute(() -> { })).hasMessage("shut down");
        assertThatThrownBy(() -> reads.execute(() -> { })).as("not 'full': the place was given back").hasMessage("shut down");
    }
}

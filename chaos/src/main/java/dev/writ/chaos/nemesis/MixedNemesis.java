package dev.writ.chaos.nemesis;

import dev.writ.chaos.history.FaultKind;
import java.util.List;
import java.util.Random;

/** Each fault drawn at random from several nemeses; healing heals the one drawn last. */
public final class MixedNemesis implements Nemesis {
    private final List<Nemesis> choices;
    private Nemesis current;

    public MixedNemesis(List<Nemesis> choices) {
        if (choices.isEmpty()) {
            throw new IllegalArgumentException("a mixed nemesis needs at least one nemesis");
        }
        this.choices = List.copyOf(choices);
    }

    @Override
    public FaultKind kind() {
        if (current == null) {
            throw new IllegalStateException("no fault drawn yet");
        }
        return current.kind();
    }

    @Override
    public Fault start(Random random) {
        current = choices.get(random.nextInt(choices.size()));
        return current.start(random);
    }

    @Override
    public String heal() {
        return current.heal();
    }
}

package dev.writ.chaos.nemesis;

import dev.writ.chaos.history.FaultKind;
import java.util.Random;

/**
 * Injects one kind of fault into the system under test and heals it. {@link #start} and
 * {@link #heal} alternate, and the drill records both in the history; a nemesis keeps whatever it
 * needs to undo its last fault.
 */
public interface Nemesis {
    /** The kind of fault this nemesis injects (a mixed nemesis: the one it drew last), as the history records it. */
    FaultKind kind();

    /** Starts a fault, choosing its target with {@code random}; returns what it did. */
    Fault start(Random random);

    /** Undoes the last fault and waits until every node is back; returns what it did. */
    String heal();

    /** What a fault hit. */
    record Fault(String node, String description) {
    }
}

package dev.writ.demo;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;

/**
 * How a demo tells its story: each step, what it showed, and every result other than the story
 * expects, printed where it happened and kept for the demo's last line and exit code.
 */
final class Narration {
    private final PrintStream out;
    private final List<String> failures = new ArrayList<>();

    Narration(PrintStream out) {
        this.out = out;
    }

    /** A step's heading. */
    void step(String text) {
        out.println(text);
    }

    /** What a step showed. */
    void say(String text) {
        out.println("   -> " + text);
    }

    /** {@code actual} shown when it is {@code expected}, a failure otherwise. */
    void expect(String actual, String expected, String detail) {
        if (actual.equals(expected)) {
            say(actual + ": " + detail);
        } else {
            fail("expected " + expected + ", got " + actual + " (" + detail + ")");
        }
    }

    /** A result the story did not expect. */
    void fail(String text) {
        failures.add(text);
        out.println("   !! " + text);
    }

    /** Prints how {@code demo} ended; 0 when every step went as the story says, 1 otherwise. */
    int finish(String demo) {
        out.println(failures.isEmpty() ? demo + " finished: every step went as expected; all processes stopped."
                : demo + " finished with " + failures.size() + " unexpected result(s): " + failures);
        return failures.isEmpty() ? 0 : 1;
    }
}

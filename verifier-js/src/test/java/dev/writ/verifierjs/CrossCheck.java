package dev.writ.verifierjs;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Runs both verifiers on the same argument lists and asserts the same outcome for each. */
final class CrossCheck {
    /** One verification: what it is, for the failure message, and its arguments. */
    record Run(String what, List<String> args) {
    }

    private CrossCheck() {
    }

    /** @return writ-verify's outcomes, in the order of {@code runs}, once each equals writ verify's */
    static List<Outcome> assertSameOutcomes(List<Run> runs, Path workDir) throws Exception {
        List<Outcome> js = JsVerify.run(runs.stream().map(Run::args).toList(), workDir);
        assertThat(js).hasSameSizeAs(runs);
        List<String> differences = new ArrayList<>();
        for (int i = 0; i < runs.size(); i++) {
            Outcome java = JavaVerify.run(runs.get(i).args());
            if (!java.equals(js.get(i))) {
                differences.add(runs.get(i).what() + "\n    java: " + java + "\n    js:   " + js.get(i));
            }
        }
        assertThat(differences).as("runs where writ-verify and writ verify differ").isEmpty();
        return js;
    }
}

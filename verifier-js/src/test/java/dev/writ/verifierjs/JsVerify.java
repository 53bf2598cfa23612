package dev.writ.verifierjs;

import com.nimbusds.jose.util.JSONArrayUtils;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.text.ParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * writ-verify, the npm package of this module, run by `node` as a separate process. Many runs share
 * one process (scripts/batch-verify.js calls the command's own run() for each), so a hundred
 * bundles cost one node start.
 */
final class JsVerify {
    private static final Path PACKAGE = Path.of("").toAbsolutePath();
    private static final long TIMEOUT_SECONDS = 120;

    private JsVerify() {
    }

    /** One outcome per argument list, in order; {@code --json} is added to each. */
    static List<Outcome> run(List<List<String>> runs, Path workDir) throws IOException, InterruptedException {
        List<List<String>> withJson = runs.stream().map(args -> {
            List<String> argv = new ArrayList<>(List.of("--json"));
            argv.addAll(args);
            return argv;
        }).toList();
        Path input = Files.createTempFile(workDir, "runs", ".json");
        Files.writeString(input, JSONArrayUtils.toJSONString(new ArrayList<>(withJson)));
        Path output = Files.createTempFile(workDir, "results", ".json");
        Process node = new ProcessBuilder("node", PACKAGE.resolve("scripts/batch-verify.js").toString(), input.toString())
                .directory(PACKAGE.toFile())
                .redirectOutput(output.toFile())
                .redirectError(ProcessBuilder.Redirect.INHERIT)
                .start();
        if (!node.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
            node.destroyForcibly();
            throw new AssertionError("writ-verify did not finish " + runs.size() + " runs in " + TIMEOUT_SECONDS + " s");
        }
        String printed = Files.readString(output, StandardCharsets.UTF_8);
        if (node.exitValue() != 0) {
            throw new AssertionError("the batch runner failed (exit " + node.exitValue() + "): " + printed);
        }
        List<Object> results;
        try {
            results = JSONArrayUtils.parse(printed);
        } catch (ParseException e) {
            throw new AssertionError("the batch runner printed no JSON array: " + printed, e);
        }
        List<Outcome> outcomes = new ArrayList<>();
        for (Object result : results) {
            Map<?, ?> r = (Map<?, ?>) result;
            outcomes.add(Outcome.of(((Number) r.get("exit")).intValue(), (String) r.get("out")));
        }
        return outcomes;
    }
}

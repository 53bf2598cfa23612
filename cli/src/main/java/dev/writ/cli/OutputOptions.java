package dev.writ.cli;

import picocli.CommandLine.Option;

/** `-o text|json` (or `--json`): for people by default, one JSON object for scripts. */
final class OutputOptions {
    enum Format { text, json }

    @Option(names = {"-o", "--output"}, defaultValue = "text", paramLabel = "text|json",
            description = "text (default) or json: one JSON object on stdout, errors included")
    private Format format;

    @Option(names = "--json", description = "the same as -o json")
    private boolean json;

    boolean json() {
        return json || format == Format.json;
    }
}

package dev.writ.cli;

import dev.writ.authority.ca.CaDirectory;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/** The `--ca <dir>` option every `ca` subcommand that works on an existing CA shares. */
final class CaDirectoryOption {
    @Option(names = "--ca", required = true, paramLabel = "<dir>", description = "the CA directory (from `writ ca init`)")
    private Path dir;

    CaDirectory directory() {
        return CaDirectory.at(dir);
    }

    Path path() {
        return dir;
    }
}

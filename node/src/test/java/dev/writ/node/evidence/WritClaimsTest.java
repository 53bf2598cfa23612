package dev.writ.node.evidence;

import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;

/** Writ claims on H2 in a file (the embedded default), two pools standing for two nodes. */
class WritClaimsTest extends WritClaimsContract {
    @TempDir
    Path dir;

    @Override
    String jdbcUrl() {
        return "jdbc:h2:file:" + dir.resolve("claims").toAbsolutePath();
    }

    @Override
    Dialect dialect() {
        return Dialect.H2;
    }
}

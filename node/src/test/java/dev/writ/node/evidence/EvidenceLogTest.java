package dev.writ.node.evidence;

import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;

/** The evidence log and store on H2 in a file (the embedded default). */
class EvidenceLogTest extends EvidenceLogContract {
    @TempDir
    Path dir;

    @Override
    String jdbcUrl() {
        return "jdbc:h2:file:" + dir.resolve("ev").toAbsolutePath();
    }

    @Override
    Dialect dialect() {
        return Dialect.H2;
    }
}

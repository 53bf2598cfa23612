package dev.writ.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class DbRejoinCommandTest {

    @Test
    void aPrimaryThatIsNotHostAndPortIsBadUsage() {
        CliRun run = CliRun.of("db", "rejoin", "--data-dir", "target/nowhere", "--port", "5999", "--primary", "db-us",
                "--name", "eu");
        assertThat(run.exit()).isEqualTo(DbRejoinCommand.USAGE);
        assertThat(run.out()).contains("--primary is host:port");
    }

    @Test
    void aPrimaryThatDoesNotAnswerIsRefusedBeforeAnythingIsTouched() {
        CliRun run = CliRun.of("db", "rejoin", "--data-dir", "target/nowhere", "--port", "5999", "--primary",
                "127.0.0.1:1", "--name", "eu");
        assertThat(run.exit()).isEqualTo(DbRejoinCommand.REFUSED);
        assertThat(run.out()).startsWith("REFUSED: REJOIN_PRIMARY_UNREACHABLE");
    }

    @Test
    void aNameThatCannotBeAStandbysNameIsBadUsage() {
        CliRun run = CliRun.of("db", "rejoin", "--data-dir", "target/nowhere", "--port", "5999", "--primary",
                "127.0.0.1:1", "--name", "eu west");
        assertThat(run.exit()).isEqualTo(DbRejoinCommand.USAGE);
        assertThat(run.out()).startsWith("MALFORMED:");
    }
}

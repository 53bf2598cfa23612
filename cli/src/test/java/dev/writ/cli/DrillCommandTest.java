package dev.writ.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class DrillCommandTest {
    @TempDir
    Path dir;

    private static int run(String... args) {
        return new CommandLine(new WritCommand()).execute(args);
    }

    @Test
    void unknownScenariosMissingScenariosAndBadDurationsAreUsageErrors() {
        assertThat(run("drill", "earthquake")).isEqualTo(2);
        assertThat(run("drill")).isEqualTo(2);
        assertThat(run("drill", "kill", "--duration", "soon")).isEqualTo(2);
    }

    @Test
    void contradictoryOrImpossibleLoadsAreUsageErrors() {
        String out = dir.resolve("load").toString();
        assertThat(run("drill", "kill", "--rate", "20", "--load", "0.5", "--out", out)).isEqualTo(2);
        assertThat(run("drill", "kill", "--load", "2", "--out", out)).as("a share above 1").isEqualTo(2);
        assertThat(run("drill", "kill", "--rate", "0", "--out", out)).isEqualTo(2);
        assertThat(run("drill", "kill", "--capacity", "100", "--out", out)).as("a capacity without --load").isEqualTo(2);
        assertThat(run("drill", "campaign", "--runs", "2", "--seed", "1", "--scenarios", "kill", "--load", "0",
                "--out", out)).isEqualTo(2);
        assertThat(Files.exists(dir.resolve("load"))).as("nothing ran").isFalse();
    }

    @Test
    void aPartitionWithoutNamespacesSaysItIsNotAvailableWithItsOwnExitCode() {
        assertThat(run("drill", "partition", "--no-namespaces", "--out", dir.toString())).isEqualTo(3);
    }

    @Test
    void aCampaignRefusesBadArgumentsBeforeRunningAnyDrill() {
        String out = dir.resolve("campaign").toString();
        assertThat(run("drill", "campaign", "--runs", "0", "--seed", "1", "--scenarios", "kill", "--out", out)).isEqualTo(2);
        assertThat(run("drill", "campaign", "--runs", "2", "--seed", "1", "--scenarios", "kill,earthquake", "--out", out))
                .isEqualTo(2);
        assertThat(run("drill", "campaign", "--runs", "2", "--seed", "1", "--scenarios", "mixed", "--out", out)).isEqualTo(2);
        assertThat(run("drill", "campaign", "--runs", "2", "--seed", "1", "--scenarios", "kill", "--duration", "5s",
                "--out", out)).as("no room for a fault").isEqualTo(2);
        assertThat(run("drill", "campaign", "--runs", "2", "--scenarios", "kill", "--out", out)).as("no seed").isEqualTo(2);
        assertThat(run("drill", "campaign", "--runs", "2", "--seed", "1", "--scenarios", "kill,partition", "--no-namespaces",
                "--out", out)).isEqualTo(3);
        assertThat(Files.exists(dir.resolve("campaign"))).as("nothing ran").isFalse();
    }

    @Test
    void listingTheScenariosSucceeds() {
        assertThat(run("drill", "--list")).isZero();
    }

    @Test
    void recheckingARecordedDoubleRedemptionFails() throws Exception {
        Path history = dir.resolve("history.jsonl");
        Files.writeString(history, String.join("\n",
                "{\"index\":0,\"micros\":1000,\"process\":\"c0\",\"type\":\"INVOKE\",\"f\":\"redeem\",\"node\":\"acme-1\",\"key\":\"j1\"}",
                "{\"index\":1,\"micros\":2000,\"process\":\"c0b\",\"type\":\"INVOKE\",\"f\":\"redeem\",\"node\":\"acme-2\",\"key\":\"j1\"}",
                "{\"index\":2,\"micros\":3000,\"process\":\"c0\",\"type\":\"OK\",\"f\":\"redeem\",\"node\":\"acme-1\",\"key\":\"j1\"}",
                "{\"index\":3,\"micros\":4000,\"process\":\"c0b\",\"type\":\"OK\",\"f\":\"redeem\",\"node\":\"acme-2\",\"key\":\"j1\"}",
                ""));

        assertThat(run("drill", "--check", history.toString())).isEqualTo(1);
    }

    @Test
    void durationsAreSecondsUnlessAUnitSaysOtherwise() {
        assertThat(DrillCommand.parseDuration("90")).isEqualTo(Duration.ofSeconds(90));
        assertThat(DrillCommand.parseDuration("45s")).isEqualTo(Duration.ofSeconds(45));
        assertThat(DrillCommand.parseDuration("5m")).isEqualTo(Duration.ofMinutes(5));
        assertThatThrownBy(() -> DrillCommand.parseDuration("5h")).isInstanceOf(IllegalArgumentException.class);
    }
}

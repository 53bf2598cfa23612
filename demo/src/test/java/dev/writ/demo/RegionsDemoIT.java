package dev.writ.demo;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * `bin/writ demo regions` end to end on the example topology: three node JVMs in two regions, a
 * replicated PostgreSQL, the primary's region lost and the standby promoted. Opt-in (it takes
 * about two minutes on 2 shared cores, most of it starting the JVMs):
 * {@code it-slot mvn -B -o verify -pl demo -Dit.test=RegionsDemoIT -Dwrit.it.demo-regions=true}.
 */
@EnabledIfSystemProperty(named = "writ.it.demo-regions", matches = "true")
class RegionsDemoIT {
    private static final Path EXAMPLE = Path.of("..", "examples", "topology-one-domain-two-regions.conf");

    @Test
    void theOtherRegionServesAfterThePrimarysRegionIsLostWithSingleUseHeldAndEveryProcessStopped() throws Exception {
        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        PrintStream out = new PrintStream(new Tee(printed, System.out), true, StandardCharsets.UTF_8);
        Path work = Path.of("target", "it-demo-regions-" + UUID.randomUUID()).toAbsolutePath();

        int exit = new RegionsDemo(out, work, EXAMPLE).run();

        String story = printed.toString(StandardCharsets.UTF_8);
        assertThat(exit).as(story).isZero();
        assertThat(story).doesNotContain("!! ")
                .contains("RATE_LIMIT_EXCEEDED: eu admitted", "this region's share 0.333 of 50")
                .contains("standby promoted in")
                .contains("REPLAYED: the writ the PEP in us redeemed before the loss")
                .contains("REPLAYED: and a second time")
                .containsPattern("RTO \\d+\\.\\d s");
        // node JVMs name their config file and PostgreSQL servers their data directory, both under the work directory
        assertThat(ProcessHandle.allProcesses().filter(ProcessHandle::isAlive)
                .map(p -> p.info().commandLine().orElse("")).filter(c -> c.contains(work.toString())))
                .as("no node JVM or PostgreSQL server outlives the demo").isEmpty();
    }

    /** Prints to the test's output as it goes (a slow step shows where it is) and keeps a copy to check. */
    private static final class Tee extends OutputStream {
        private final OutputStream a;
        private final OutputStream b;

        Tee(OutputStream a, OutputStream b) {
            this.a = a;
            this.b = b;
        }

        @Override
        public void write(int x) throws java.io.IOException {
            a.write(x);
            b.write(x);
        }

        @Override
        public void write(byte[] bytes, int off, int len) throws java.io.IOException {
            a.write(bytes, off, len);
            b.write(bytes, off, len);
        }
    }
}

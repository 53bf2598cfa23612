package dev.writ.chaos.drill;

import static org.assertj.core.api.Assertions.assertThat;

import dev.writ.chaos.Scenario;
import dev.writ.chaos.history.Event;
import dev.writ.chaos.history.EventType;
import dev.writ.chaos.history.FaultKind;
import dev.writ.chaos.history.FaultOutcome;
import dev.writ.chaos.history.HistoryFile;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * The acme domain across three regions, a node in each (eu acme-1, us acme-2, ap acme-3), on a
 * database with the primary in eu and a synchronous standby in us and in ap (quorum commit), under
 * proposals and redemptions through the nodes of every region. Two fault cycles: each loses the
 * region holding the primary then — its node and its server killed, its links cut — and promotes
 * the most advanced standby; each heal rejoins the lost server as a standby (what {@code writ db
 * rejoin} does) and restarts the node. So the second outage loses the region promoted by the first.
 * Every invariant holds over the evidence read from the last primary: no acknowledged proposal or
 * redemption lost across two promotions, no writ redeemed twice; after each loss every surviving
 * region's node redeems again before the heal. Prints the RTO of each outage.
 *
 * <p>Opt-in ({@code -Dwrit.drill.region-outage-quorum=true}): the CI drills' 32 s schedule, but the
 * scenario runs two fault cycles at least, and with three database servers and two rejoins that
 * takes it past the CI drills' budget (chaos/README.md, measured).
 */
@EnabledIfSystemProperty(named = "writ.drill.region-outage-quorum", matches = "true")
class RegionOutageQuorumDrillIT {
    private static final Map<String, String> REGION_OF = Map.of("acme-1", "eu", "acme-2", "us", "acme-3", "ap");
    private static final Pattern PROMOTED = Pattern.compile("the standby in (\\w+) promoted");

    @Test
    void losingTheRegionThatHoldsThePrimaryTwiceLosesNoAcknowledgedActionAndTheOthersServeAgain() throws Exception {
        Scenario scenario = Scenario.REGION_OUTAGE_QUORUM;
        ShortDrills.runAndCheck(scenario);

        Path out = Path.of("target", "drill-" + scenario.cliName()).toAbsolutePath();
        List<Event> history = HistoryFile.read(out.resolve("history.jsonl"));
        List<Event> losses = history.stream().filter(e -> e.isNemesis() && e.f().equals("start") && e.type() == EventType.INVOKE)
                .toList();
        List<Event> faults = history.stream().filter(e -> e.isNemesis() && e.f().equals("start")
                && e.fault() == FaultKind.REGION_OUTAGE).toList();
        List<Event> heals = history.stream().filter(e -> e.isNemesis() && e.f().equals("heal") && e.type() == EventType.INVOKE)
                .toList();
        List<Event> healed = history.stream().filter(e -> e.isNemesis() && e.f().equals("heal") && e.type() == EventType.INFO)
                .toList();
        assertThat(faults).hasSize(2).allMatch(f -> f.outcome() == FaultOutcome.INJECTED);
        assertThat(healed).hasSize(2).allMatch(h -> h.outcome() == FaultOutcome.HEALED)
                .allMatch(h -> h.value().contains("rejoined as a standby"));

        for (String node : REGION_OF.keySet()) {
            for (String f : List.of("propose", "redeem")) {
                assertThat(history).as("%s acknowledged a %s before the first loss", node, f).anyMatch(e -> !e.isNemesis()
                        && node.equals(e.node()) && e.type() == EventType.OK && e.f().equals(f)
                        && e.micros() < losses.get(0).micros());
            }
        }
        String lost = "eu";
        for (int i = 0; i < 2; i++) {
            Event fault = faults.get(i);
            assertThat(fault.value()).as("outage %d loses the region holding the primary then", i + 1)
                    .startsWith("region " + lost + " lost");
            Matcher promoted = PROMOTED.matcher(fault.value());
            assertThat(promoted.find()).isTrue();
            long loss = losses.get(i).micros();
            long healAt = heals.get(i).micros();
            long rto = 0;
            for (Map.Entry<String, String> survivor : REGION_OF.entrySet()) {
                if (survivor.getValue().equals(lost)) {
                    continue;
                }
                Event first = history.stream().filter(e -> !e.isNemesis() && survivor.getKey().equals(e.node())
                        && e.type() == EventType.OK && e.f().equals("redeem") && e.micros() > fault.micros()
                        && e.micros() < healAt).findFirst()
                        .orElseThrow(() -> new AssertionError(survivor.getKey() + " in " + survivor.getValue()
                                + " redeemed nothing after the promotion of outage " + fault.value()));
                rto = Math.max(rto, first.micros() - loss);
                System.out.printf("region-outage-quorum: outage %d (%s lost, %s promoted): %s in %s redeemed again %d ms"
                        + " after the loss%n", i + 1, lost, promoted.group(1), survivor.getKey(), survivor.getValue(),
                        (first.micros() - loss) / 1000);
            }
            System.out.printf("region-outage-quorum: outage %d RTO %d ms (loss to every surviving region redeeming)%n", i + 1,
                    rto / 1000);
            lost = promoted.group(1);
        }
    }
}

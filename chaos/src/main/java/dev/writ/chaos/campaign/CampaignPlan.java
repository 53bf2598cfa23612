package dev.writ.chaos.campaign;

import dev.writ.chaos.Scenario;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Which drills a campaign runs, drawn from its seed alone: run {@code i} is the
 * {@code i % scenarios}-th scenario (each scenario gets its share, in the order given) with the
 * {@code i}-th seed of a generator seeded with the campaign's. The same arguments give the same runs,
 * so an interrupted campaign resumes where it stopped and a run is reproduced with
 * {@code writ drill <scenario> --seed <seed>}. A plan may start at a later run ({@code from}, counted
 * from 1): the runs before it are drawn but not listed, so a long campaign is split over several
 * machines or sessions, each running its part of the same plan.
 */
public record CampaignPlan(int runs, List<Scenario> scenarios, long seed, int from) {
    public CampaignPlan {
        scenarios = List.copyOf(scenarios);
        if (runs < 1) {
            throw new IllegalArgumentException("--runs must be at least 1, got " + runs);
        }
        if (from < 1 || from > runs) {
            throw new IllegalArgumentException("--from must be a run of the plan, 1 to " + runs + ", got " + from);
        }
        if (scenarios.isEmpty()) {
            throw new IllegalArgumentException("a campaign needs at least one scenario");
        }
        if (scenarios.contains(Scenario.MIXED)) {
            throw new IllegalArgumentException("mixed draws its faults at random; name the scenarios a campaign runs");
        }
    }

    /** The whole plan, from its first run. */
    public CampaignPlan(int runs, List<Scenario> scenarios, long seed) {
        this(runs, scenarios, seed, 1);
    }

    /** One planned drill: its place, scenario, seed and the directory (under the campaign's) it writes to. */
    public record Run(int index, Scenario scenario, long seed) {
        public String directory() {
            return String.format("run-%03d-%s-%d", index, scenario.cliName(), seed);
        }
    }

    /** Every run from {@code from} on, in order. */
    public List<Run> list() {
        SplittableRandom random = new SplittableRandom(seed);
        List<Run> out = new ArrayList<>(runs);
        for (int i = 0; i < runs; i++) {
            // drill seeds are printed and typed back by people: keep them positive and short
            Run run = new Run(i, scenarios.get(i % scenarios.size()), random.nextLong() & 0xffffffffL);
            if (i + 1 >= from) {
                out.add(run);
            }
        }
        return out;
    }

    /** The scenarios a campaign runs when none are named: every single scenario (mixed only repeats them). */
    public static List<Scenario> allScenarios() {
        return Arrays.stream(Scenario.values()).filter(s -> s != Scenario.MIXED).toList();
    }
}

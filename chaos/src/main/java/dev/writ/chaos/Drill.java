package dev.writ.chaos;

import dev.writ.chaos.check.Checkers;
import dev.writ.chaos.check.DrillRecord;
import dev.writ.chaos.check.Verdict;
import dev.writ.chaos.history.AnchoringSnapshot;
import dev.writ.chaos.history.Event;
import dev.writ.chaos.history.EventType;
import dev.writ.chaos.history.EvidenceSnapshot;
import dev.writ.chaos.history.FaultKind;
import dev.writ.chaos.history.FaultOutcome;
import dev.writ.chaos.history.HistoryFile;
import dev.writ.chaos.history.ReconciliationSnapshot;
import dev.writ.chaos.nemesis.Nemesis;
import dev.writ.chaos.report.DrillReport;
import dev.writ.chaos.report.ServiceStall;
import dev.writ.chaos.sut.DrillLeftovers;
import dev.writ.chaos.sut.DrillPolicies;
import dev.writ.chaos.sut.SystemUnderTest;
import dev.writ.fabric.ReconciliationClient;
import dev.writ.chaos.workload.CapacityProbe;
import dev.writ.chaos.workload.DrillClient;
import dev.writ.chaos.workload.OpenLoop;
import dev.writ.chaos.workload.PolicyChangePlan;
import dev.writ.chaos.workload.PolicyOperator;
import dev.writ.chaos.workload.Workload;
import java.io.PrintStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One drill, Jepsen's five parts kept apart: the {@link SystemUnderTest} is started, the
 * {@link Workload} generator feeds the {@link DrillClient}s (agents, PEPs, operators) from worker
 * threads, the scenario's {@link Nemesis} injects faults on a schedule from the main thread, where
 * the {@link PolicyOperator} also changes the policy in recovery windows ({@link PolicyChangePlan}), every
 * invocation and completion goes to {@code history.jsonl}, and after healing the drill waits for
 * anchoring to catch up, reads the evidence ({@code evidence.json}) and its anchoring in the
 * database and on chain ({@code anchoring.json}), and the {@link Checkers} judge the recorded drill. The HTML report goes
 * to {@code report.html} in the output directory. Progress lines go to {@code progress}.
 */
public final class Drill {
    private static final Duration PROGRESS_EVERY = Duration.ofSeconds(5);
    /**
     * How long after the schedule the drill waits for every record to be sealed and every batch
     * confirmed on chain; the chain has been healthy since the last heal's recovery period, so
     * this only bounds a stuck submitter, which the anchoring check then reports.
     */
    static final Duration ANCHOR_DRAIN_BOUND = Duration.ofSeconds(60);
    /** A partner domain's evidence is written beside the history as {@code evidence-<domain>.json}. */
    static final String PARTNER_EVIDENCE_PREFIX = "evidence-";

    private final DrillOptions options;
    private final PrintStream progress;
    private final AtomicLong ok = new AtomicLong();
    private final AtomicLong fail = new AtomicLong();
    private final AtomicLong info = new AtomicLong();
    private volatile String currentFault = "none";

    public Drill(DrillOptions options, PrintStream progress) {
        this.options = options;
        this.progress = progress;
    }

    public DrillResult run() throws Exception {
        Scenario scenario = options.scenario();
        Optional<String> unavailable = scenario.unavailable(options.namespaces());
        if (unavailable.isPresent()) {
            say("scenario " + scenario.cliName() + ": " + unavailable.get());
            return new DrillResult(scenario, options.seed(), List.of(), Optional.empty(), unavailable);
        }
        Path out = Files.createDirectories(options.out().toAbsolutePath());
        say("drill " + scenario.cliName() + " (" + scenario.description() + "), seed " + options.seed() + ", "
                + options.duration().toSeconds() + " s, output " + out);
        Instant startedAt = Instant.now();
        Random nemesisRandom = new Random(options.seed() ^ 0x6e656d65L);
        Optional<EvidenceSnapshot> evidence = Optional.empty();
        Optional<AnchoringSnapshot> anchoring = Optional.empty();
        Optional<ReconciliationSnapshot> reconciliation = Optional.empty();
        List<EvidenceSnapshot> partnerEvidence = List.of();
        String evidenceProblem = null;
        List<Event> events;
        String systemDescription;
        // what interrupted drills left (their processes, database, namespaces) would skew this one
        DrillLeftovers.removeAbandoned().lines().forEach(this::say);
        try (SystemUnderTest sut = SystemUnderTest.start(out.resolve("sut"), scenario.topology(options.nodes()),
                scenario.spareNodes(options.nodes()), options.namespaces(),
                scenario.twoDomains(), this::say)) {
            systemDescription = options.nodes() + " node JVMs of domain " + SystemUnderTest.DOMAIN
                    + sut.partner().map(p -> " and " + p.nodeIds().size() + " of partner domain " + SystemUnderTest.PARTNER)
                    .orElse("") + "; "
                    + sut.describeNetwork()
                    + "; " + sut.database().describe() + "; dev chain " + sut.chain().chain().rpcUrl();
            try (HistoryFile history = HistoryFile.create(out.resolve("history.jsonl"), this::count)) {
                systemDescription += "; " + runSchedule(sut, nemesisRandom, history);
                events = history.events();
            }
            // The nodes still write after the schedule (expiries of writs never redeemed, say) and seal those records, so
            // the reads can catch records written after the drain: drain and read both again until they show one anchored
            // state, within SettledReads.BOUND of the schedule's end (SettledReads decides).
            Instant scheduleEnded = Instant.now();
            for (int round = 1; ; round++) {
                AnchoringSnapshot.Drain drain = null;
                try {
                    say("waiting (at most " + ANCHOR_DRAIN_BOUND.toSeconds() + " s) for anchoring to catch up ...");
                    drain = sut.anchoring().awaitDrained(ANCHOR_DRAIN_BOUND);
                    say("anchoring " + (drain.drained() ? "caught up" : "did not catch up") + " after "
                            + drain.waitedMillis() + " ms: " + drain.detail());
                } catch (RuntimeException e) {
                    say("could not wait for anchoring: " + e);
                }
                try {
                    EvidenceSnapshot snapshot = sut.readEvidence();
                    snapshot.write(out.resolve("evidence.json"));
                    evidence = Optional.of(snapshot);
                    evidenceProblem = null;
                    say("evidence read: " + snapshot.records().size() + " records, " + snapshot.keys().size() + " node keys");
                } catch (java.sql.SQLException | RuntimeException e) {
                    evidenceProblem = e.toString();
                    say("could not read the evidence after the drill: " + e);
                }
                if (drain != null) {
                    try {
                        AnchoringSnapshot snapshot = sut.anchoring().read(drain);
                        snapshot.write(out.resolve("anchoring.json"));
                        anchoring = Optional.of(snapshot);
                        say("anchoring read: " + snapshot.batches().size() + " batches, " + snapshot.onChain().size()
                                + " on chain");
                    } catch (java.sql.SQLException | RuntimeException e) {
                        say("could not read the anchoring after the drill: " + e);
                    }
                }
                SettledReads.Decision decision = SettledReads.decide(evidence, anchoring,
                        Duration.between(scheduleEnded, Instant.now()));
                say("reads of round " + round + ": " + decision.why()
                        + (decision.readAgain() ? "; draining and reading both again" : ""));
                if (!decision.readAgain()) {
                    break;
                }
            }
            partnerEvidence = readPartnerEvidence(sut, out);
            reconciliation = readDigests(sut);
            reconciliation.ifPresent(r -> r.write(out.resolve("reconciliation.json")));
            say("stopping the fabric ...");
        }
        List<Verdict> verdicts = Checkers.checkAll(new DrillRecord(events, evidence, partnerEvidence, anchoring,
                reconciliation));
        Path report = DrillReport.write(out, new DrillReport.Meta(scenario.cliName(), scenario.description(),
                options.seed(), startedAt, Duration.between(startedAt, Instant.now()), systemDescription,
                Optional.ofNullable(evidenceProblem)), events, verdicts);
        DrillResult result = new DrillResult(scenario, options.seed(), verdicts, Optional.of(report), Optional.empty());
        printVerdicts(verdicts, progress);
        ServiceStall.of(events).forEach(stall -> say("service during the fault at "
                + String.format(java.util.Locale.ROOT, "%.1f", stall.injectedMicros() / 1e6) + " s: " + stall.describe()));
        say((result.passed() ? "PASSED" : "FAILED") + ": report " + report + "  (re-check: writ drill --check "
                + out.resolve("history.jsonl") + ")");
        return result;
    }

    /** Re-checks a recorded drill: the history, and evidence.json and anchoring.json beside it when present. */
    public static DrillResult recheck(Path historyFile, PrintStream progress) {
        List<Event> events = HistoryFile.read(historyFile);
        Path evidenceFile = historyFile.toAbsolutePath().resolveSibling("evidence.json");
        Optional<EvidenceSnapshot> evidence = Files.exists(evidenceFile)
                ? Optional.of(EvidenceSnapshot.read(evidenceFile)) : Optional.empty();
        Path anchoringFile = historyFile.toAbsolutePath().resolveSibling("anchoring.json");
        Optional<AnchoringSnapshot> anchoring = Files.exists(anchoringFile)
                ? Optional.of(AnchoringSnapshot.read(anchoringFile)) : Optional.empty();
        Path reconciliationFile = historyFile.toAbsolutePath().resolveSibling("reconciliation.json");
        Optional<ReconciliationSnapshot> reconciliation = Files.exists(reconciliationFile)
                ? Optional.of(ReconciliationSnapshot.read(reconciliationFile)) : Optional.empty();
        List<EvidenceSnapshot> partnerEvidence = partnerEvidenceFiles(historyFile.toAbsolutePath().getParent()).stream()
                .map(EvidenceSnapshot::read).toList();
        progress.println("re-checking " + events.size() + " events of " + historyFile
                + evidence.map(e -> " with " + e.records().size() + " evidence records").orElse(" (no evidence.json beside it)")
                + partnerEvidence.stream().map(e -> ", " + e.records().size() + " of partner " + e.domain()).reduce("", String::concat)
                + anchoring.map(a -> ", " + a.batches().size() + " anchor batches").orElse(" (no anchoring.json beside it)"));
        List<Verdict> verdicts = Checkers.checkAll(new DrillRecord(events, evidence, partnerEvidence, anchoring,
                reconciliation));
        printVerdicts(verdicts, progress);
        return new DrillResult(Scenario.MIXED, 0, verdicts, Optional.empty(), Optional.empty());
    }

    /**
     * The partner domain's evidence, in a drill with a partner, written beside the drilled domain's
     * as {@code evidence-<domain>.json}. Empty when there is no partner or its store cannot be read
     * (what its node acknowledged is then UNKNOWN to the checkers: fail-closed).
     */
    private List<EvidenceSnapshot> readPartnerEvidence(SystemUnderTest sut, Path out) {
        try {
            Optional<EvidenceSnapshot> read = sut.readPartnerEvidence();
            read.ifPresent(snapshot -> {
                snapshot.write(out.resolve(PARTNER_EVIDENCE_PREFIX + snapshot.domain() + ".json"));
                say("partner " + snapshot.domain() + "'s evidence read: " + snapshot.records().size() + " records, "
                        + snapshot.keys().size() + " node keys");
            });
            return read.stream().toList();
        } catch (java.sql.SQLException | RuntimeException e) {
            say("could not read the partner domain's evidence after the drill: " + e);
            return List.of();
        }
    }

    /** The partner domains' evidence files beside a recorded history, in name order. */
    static List<Path> partnerEvidenceFiles(Path dir) {
        try (var files = Files.list(dir)) {
            return files.filter(f -> {
                String name = f.getFileName().toString();
                return name.startsWith(PARTNER_EVIDENCE_PREFIX) && name.endsWith(".json");
            }).sorted().toList();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException("cannot list " + dir, e);
        }
    }

    /**
     * Every node's reconciliation digest at the highest cut all of them reach. Read once: unequal
     * digests are the checker's to judge, not something to wait out. Empty when a node cannot be read.
     */
    private Optional<ReconciliationSnapshot> readDigests(SystemUnderTest sut) {
        try {
            Map<String, URI> nodes = sut.nodes();
            Map<String, Long> cut = ReconciliationClient.commonCut(nodes.values());
            Map<URI, String> byUri = ReconciliationClient.digestsAt(nodes.values(), cut);
            Map<String, String> digests = new LinkedHashMap<>();
            nodes.forEach((id, uri) -> digests.put(id, byUri.get(uri)));
            say("reconciliation digests read from " + digests.size() + " nodes at " + cut);
            return Optional.of(new ReconciliationSnapshot(cut, digests));
        } catch (java.io.IOException | RuntimeException e) {
            say("could not read the reconciliation digests after the drill: " + e);
            return Optional.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        }
    }

    static void printVerdicts(List<Verdict> verdicts, PrintStream out) {
        for (Verdict v : verdicts) {
            out.printf("  %-8s %-32s %s%n", v.status(), v.invariant(), v.summary());
            for (String example : v.counterexamples()) {
                out.println("           " + example.replace("\n", "\n           "));
            }
        }
    }

    /** Runs the load and the nemesis's schedule; returns the load offered, for the report. */
    private String runSchedule(SystemUnderTest sut, Random random, HistoryFile history)
            throws InterruptedException {
        Map<String, URI> nodes = sut.nodes();
        String runTag = Long.toString(Math.abs(options.seed()) % 1_000_000, 36) + Long.toString(System.nanoTime() % 46656, 36);
        Workload workload = new Workload(options.seed(), sut.fabric().nodeIds(), SystemUnderTest.DOMAIN, runTag,
                sut.partner().map(p -> new Workload.Partner(SystemUnderTest.PARTNER_NODE, SystemUnderTest.PARTNER,
                        SystemUnderTest.PARTNER_TARGET)));
        ExecutorService secondPeps = Executors.newCachedThreadPool();
        DrillClient client = new DrillClient(nodes, sut.fabric().identity(SystemUnderTest.DOMAIN), sut.identities(),
                history, workload, secondPeps, options.scenario().clientsFailOver());
        PolicyOperator operator = new PolicyOperator(sut.chain(), history, DrillPolicies.FIRST_VERSION);
        PolicyChangePlan policyChanges = PolicyChangePlan.draw(options.seed());
        AtomicBoolean stop = new AtomicBoolean();
        OptionalDouble capacity = options.load().needsMeasurement()
                ? OptionalDouble.of(CapacityProbe.measure(client, workload, history, this::say)) : OptionalDouble.empty();
        double rate = options.load().rate(capacity);
        say(String.format(java.util.Locale.ROOT, "load: %.1f operations/s, open loop (%s)", rate,
                options.load().describe()));
        OpenLoop load = new OpenLoop(client, workload, rate);
        Nemesis nemesis = options.scenario().nemesis(sut, load);
        load.start();
        long start = System.nanoTime();
        long end = start + options.duration().toNanos();
        Thread reporter = progressReporter(start, stop);
        try {
            Thread.sleep(options.warmup().toMillis());
            long cycle = options.faultFor().plus(options.recoverFor()).toNanos();
            int minimumCycles = options.scenario().minimumCycles(options.nodes());
            long lastHeal = -1;
            int heals = 0;
            while (heals < minimumCycles || System.nanoTime() + cycle <= end) {
                history.append(Event.NEMESIS, EventType.INVOKE, "start", null, null, null, null);
                Nemesis.Fault fault;
                FaultOutcome started = FaultOutcome.INJECTED;
                try {
                    fault = nemesis.start(random);
                } catch (RuntimeException e) {
                    fault = new Nemesis.Fault(null, "the fault could not be injected: " + e.getMessage());
                    started = FaultOutcome.NOT_INJECTED;
                }
                FaultKind kind = nemesis.kind();
                currentFault = fault.description();
                history.nemesis("start", fault.node(), fault.description(), kind, started);
                say("fault: " + fault.description());
                Thread.sleep(options.faultFor().toMillis());
                history.append(Event.NEMESIS, EventType.INVOKE, "heal", null, null, null, null);
                say("healing ...");
                String healed;
                FaultOutcome outcome = FaultOutcome.HEALED;
                try {
                    healed = nemesis.heal();
                } catch (RuntimeException e) {
                    // recorded, not thrown: the checkers judge what the system did, and the report shows why
                    healed = "healing did not complete: " + e.getMessage();
                    outcome = FaultOutcome.HEAL_FAILED;
                }
                currentFault = "none";
                Event healEvent = history.nemesis("heal", fault.node(), healed, kind, outcome);
                lastHeal = healEvent.micros();
                say("healed: " + healed.lines().findFirst().orElse(""));
                recover(policyChanges.after(heals++), operator, workload);
            }
            awaitResumption(history, lastHeal);
            return String.format(java.util.Locale.ROOT, "load %.1f operations/s open loop (%s%s)", rate,
                    options.load().describe(), capacity.isPresent()
                            ? String.format(java.util.Locale.ROOT, ": %.1f/s measured", capacity.getAsDouble()) : "");
        } finally {
            stop.set(true);
            load.close();
            if (load.notOffered() > 0) {
                say(load.notOffered() + " operations not offered: every client process had one in flight");
            }
            secondPeps.shutdown();
            secondPeps.awaitTermination(DrillClient.REQUEST_TIMEOUT.toMillis() * 2, TimeUnit.MILLISECONDS);
            reporter.interrupt();
        }
    }

    /** The recovery window, with the operator's policy change in it when the plan has one for this heal. */
    private void recover(Optional<Duration> policyChange, PolicyOperator operator, Workload workload)
            throws InterruptedException {
        long until = System.nanoTime() + options.recoverFor().toNanos();
        if (policyChange.isPresent()) {
            Thread.sleep(policyChange.get().toMillis());
            say("operator: changing the drill policy ...");
            Event done = operator.changePolicy();
            say("policy change: " + done.type() + " v" + done.policy() + (done.value() == null ? "" : ", " + done.value()));
            if (done.type() == EventType.OK) {
                workload.policyChanged();
            }
        }
        long left = until - System.nanoTime();
        if (left > 0) {
            Thread.sleep(left / 1_000_000);
        }
    }

    /** Clients go on until a proposal was admitted and a writ redeemed after the last heal, or the resume bound passed. */
    private void awaitResumption(HistoryFile history, long healMicros) throws InterruptedException {
        long deadline = System.nanoTime() + Checkers.RESUME_BOUND.toNanos();
        while (System.nanoTime() < deadline) {
            boolean admitted = false;
            boolean redeemed = false;
            for (Event e : history.events()) {
                if (e.micros() >= healMicros && e.type() == EventType.OK) {
                    admitted |= e.f().equals("propose") && "ALLOW".equals(e.value());
                    redeemed |= e.f().equals("redeem");
                }
            }
            if (admitted && redeemed) {
                return;
            }
            Thread.sleep(500);
        }
    }

    private Thread progressReporter(long start, AtomicBoolean stop) {
        Thread t = new Thread(() -> {
            while (!stop.get()) {
                try {
                    Thread.sleep(PROGRESS_EVERY.toMillis());
                } catch (InterruptedException e) {
                    return;
                }
                say(String.format("[%4ds] ok %d, fail %d, info %d | fault: %s", (System.nanoTime() - start) / 1_000_000_000,
                        ok.get(), fail.get(), info.get(), currentFault));
            }
        }, "drill-progress");
        t.setDaemon(true);
        t.start();
        return t;
    }

    private void count(Event e) {
        if (e.isNemesis()) {
            return;
        }
        switch (e.type()) {
            case OK -> ok.incrementAndGet();
            case FAIL -> fail.incrementAndGet();
            case INFO -> info.incrementAndGet();
            default -> {
                // invocations are counted when they complete
            }
        }
    }

    private synchronized void say(String line) {
        progress.println("drill: " + line);
        progress.flush();
    }
}

package dev.writ.bench;

/**
 * Spreads the benchmark's actions over many agents so that no agent meets the demo policy's
 * per-agent limits (50 admissions a minute, 5,000 spent an hour, approval above 500): action
 * {@code i} is proposed by agent {@code payments-bench-<run>-<i / actionsPerAgent>}, and every
 * amount is at most {@link #MAX_AMOUNT}. With the default 12 actions per agent, an agent spends
 * at most 12 x 400 = 4,800 and proposes 12 times in total, whatever the rate. The run tag keeps a
 * second run against the same database away from the first run's budgets.
 */
public final class AgentRotation {
    public static final int MAX_AMOUNT = 400;
    public static final int DEMO_SPEND_LIMIT = 5000;
    public static final int DEMO_RATE_LIMIT_PER_MINUTE = 50;
    public static final int DEFAULT_ACTIONS_PER_AGENT = DEMO_SPEND_LIMIT / MAX_AMOUNT;

    private final String domain;
    private final String runTag;
    private final int actionsPerAgent;

    public AgentRotation(String domain, String runTag, int actionsPerAgent) {
        if (actionsPerAgent < 1) {
            throw new IllegalArgumentException("actionsPerAgent must be at least 1, got " + actionsPerAgent);
        }
        if (!runTag.matches("[A-Za-z0-9]{1,16}")) {
            throw new IllegalArgumentException("a run tag is 1-16 letters or digits, got '" + runTag + "'");
        }
        this.domain = domain;
        this.runTag = runTag;
        this.actionsPerAgent = actionsPerAgent;
    }

    public int actionsPerAgent() {
        return actionsPerAgent;
    }

    /** The SPIFFE id of the agent that proposes action {@code i}; matches {@code spiffe://<domain>/agent/payments-*}. */
    public String agentFor(long i) {
        return "spiffe://" + domain + "/agent/payments-bench-" + runTag + "-" + (i / actionsPerAgent);
    }

    /** The amount of action {@code i}: 1..400, spread evenly, below the approval threshold. */
    public static int amountFor(long i) {
        return (int) (Math.floorMod(i * 7919L, MAX_AMOUNT) + 1);
    }
}

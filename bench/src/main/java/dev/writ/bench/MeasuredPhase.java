package dev.writ.bench;

/**
 * One measured phase: the generator's figures and what it cost the processes.
 *
 * @param atIssuer   redemptions only: redemptions sent to the node that minted their writ
 * @param mintErrors redemptions only: proposals of the unmeasured mint pass that got no writ
 */
public record MeasuredPhase(PhaseResult result, PhaseCost cost, long atIssuer, long mintErrors) {
}

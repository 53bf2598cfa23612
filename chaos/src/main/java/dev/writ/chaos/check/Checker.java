package dev.writ.chaos.check;

/** One invariant checked over a recorded drill. Pure: the same record gives the same verdict. */
public interface Checker {
    Verdict check(DrillRecord record);
}

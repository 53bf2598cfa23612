package dev.writ.chaos.history;

/**
 * What an event of the history says, as in Jepsen: an operation was invoked, or it completed
 * with OK (it certainly happened), FAIL (it certainly did not) or INFO (nobody knows: a timeout,
 * a broken connection). A checker must treat INFO as "may have happened".
 */
public enum EventType {
    INVOKE, OK, FAIL, INFO
}

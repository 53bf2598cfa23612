package dev.writ.chaos.workload;

import dev.writ.protocol.wire.ActionProposal;

/** A writ an agent was given, with the proposal it was given for (its action is the mutation to redeem). */
public record IssuedWrit(String jti, String writ, ActionProposal proposal) {
}

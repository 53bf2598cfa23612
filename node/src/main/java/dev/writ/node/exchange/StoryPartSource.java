package dev.writ.node.exchange;

import dev.writ.node.refusal.Refusal;
import dev.writ.protocol.wire.DomainPart;

/**
 * This domain's part of a cross-boundary writ's story, as its endpoint serves it to the other
 * domain for a proof bundle (the bundles package assembles it). Blocking.
 */
public interface StoryPartSource {

    /**
     * The records this domain holds of {@code jti}, with their anchor batches, inclusion proofs, the
     * domain's keys and a manifest signed by this node; a Refusal when it serves none (not a
     * cross-boundary writ, unknown here).
     */
    DomainPart part(String jti) throws Refusal;
}

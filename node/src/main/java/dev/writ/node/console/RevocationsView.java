package dev.writ.node.console;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.writ.node.evidence.EvidenceStore;
import dev.writ.node.evidence.StoredRecord;
import dev.writ.node.exchange.PartnerDomains;
import dev.writ.node.revocation.RevocationReach;
import dev.writ.node.revocation.RevocationState;
import dev.writ.protocol.wire.DomainContinuity;
import dev.writ.protocol.wire.EvidenceKind;
import dev.writ.protocol.wire.RevocationEntry;
import java.util.Optional;
import java.util.Set;

/**
 * Revocations per domain: this domain's newest entries with their epochs, from its REVOCATION
 * records (each with when it was revoked and when the node recorded it); the epoch this node holds
 * and whether that view is fresh; and, for each partner domain, the epoch its beacon announced and
 * the epoch held here. Each entry this node took says how long it took to reach every node of the
 * domain ({@link RevocationReach}); others say they were taken elsewhere. Reads the evidence store: call it on the reads dispatcher.
 */
final class RevocationsView {
    private final EvidenceStore store;
    private final RevocationState state;
    private final RevocationReach reach;
    private final PartnerDomains partners;
    private final String domain;
    private final int limit;

    RevocationsView(EvidenceStore store, RevocationState state, RevocationReach reach, PartnerDomains partners,
                    String domain, int limit) {
        this.store = store;
        this.state = state;
        this.reach = reach;
        this.partners = partners;
        this.domain = domain;
        this.limit = limit;
    }

    ObjectNode now() {
        ObjectNode o = ConsoleJson.object().put("domain", domain).put("heldEpoch", state.current().epoch())
                .put("stale", state.isStale()).put("stalenessBoundMillis", state.bound().toMillis());
        ArrayNode entries = o.putArray("entries");
        for (StoredRecord r : store.recent(domain, Set.of(EvidenceKind.REVOCATION), 0, limit)) {
            Decisions.parse(r, RevocationEntry::parseFrom).ifPresent(e -> entries.add(ConsoleJson.record(r)
                    .put("epoch", e.getEpoch()).put("revokedKind", e.getKind().name()).put("revokedSubject", e.getSubject())
                    .put("reason", e.getReason()).put("issuer", e.getIssuer()).put("revokedAtMillis", e.getRevokedAtMillis())
                    .put("recordedAfterMillis", r.timeMillis() - e.getRevokedAtMillis())
                    .set("reach", reach(reach.of(e.getEpoch())))));
        }
        ArrayNode others = o.putArray("partners");
        for (DomainContinuity c : partners.continuity()) {
            others.addObject().put("domain", c.getDomain()).put("heldEpoch", c.getRevocationEpoch())
                    .put("announcedEpoch", c.getBeaconRevocationEpoch()).put("verdict", c.getVerdict())
                    .put("beaconAgeMillis", c.getBeaconAgeMillis());
        }
        return o;
    }

    /**
     * How long an epoch took to reach every node: known only where it was taken (and since that
     * node started); elsewhere it says so.
     */
    static ObjectNode reach(Optional<RevocationReach.Reach> reach) {
        ObjectNode o = ConsoleJson.object().put("takenHere", reach.isPresent());
        reach.ifPresent(r -> {
            o.put("confirmed", r.confirmed()).put("nodes", r.nodes()).put("reachedAll", r.tookMillis().isPresent());
            r.tookMillis().ifPresent(took -> o.put("tookMillis", took));
        });
        return o;
    }
}

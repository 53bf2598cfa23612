package dev.writ.protocol.bundle;

import dev.writ.protocol.wire.BundleItem;
import dev.writ.protocol.wire.DomainKey;
import dev.writ.protocol.wire.DomainPart;
import dev.writ.protocol.wire.ProofBundle;
import dev.writ.protocol.wire.SignedAnchorBatch;
import dev.writ.protocol.wire.SignedStoryManifest;
import java.util.List;
import java.util.Optional;

/**
 * One domain's share of a bundle, checked alike whoever signed it: the issuing domain's fields of
 * the {@link ProofBundle} itself, or the redeeming domain's {@link DomainPart} of a cross-boundary writ.
 */
record Part(String domain, List<BundleItem> items, List<SignedAnchorBatch> anchors, List<DomainKey> keys,
            Optional<SignedStoryManifest> manifest) {

    static Part issuing(ProofBundle bundle) {
        return new Part(bundle.getDomain(), bundle.getItemsList(), bundle.getAnchorsList(), bundle.getKeysList(),
                bundle.hasManifest() ? Optional.of(bundle.getManifest()) : Optional.empty());
    }

    static Part of(DomainPart part) {
        return new Part(part.getDomain(), part.getItemsList(), part.getAnchorsList(), part.getKeysList(),
                part.hasManifest() ? Optional.of(part.getManifest()) : Optional.empty());
    }
}

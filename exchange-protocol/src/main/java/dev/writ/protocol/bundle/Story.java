package dev.writ.protocol.bundle;

import dev.writ.protocol.evidence.VerifiedRecord;
import dev.writ.protocol.wire.EvidenceKind;
import java.util.List;
import java.util.Optional;

/** A bundle's evidence items after their signatures and payload hashes held. */
record Story(List<Item> items) {

    record Item(VerifiedRecord record, byte[] payload, dev.writ.protocol.wire.BundleItem wire) {
        EvidenceKind kind() {
            return record.body().getKind();
        }
    }

    List<Item> ofKind(EvidenceKind kind) {
        return items.stream().filter(i -> i.kind() == kind).toList();
    }

    Optional<Item> single(EvidenceKind kind) {
        List<Item> found = ofKind(kind);
        return found.size() == 1 ? Optional.of(found.get(0)) : Optional.empty();
    }
}

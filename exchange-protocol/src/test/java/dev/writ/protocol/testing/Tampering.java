package dev.writ.protocol.testing;

import com.google.protobuf.ByteString;
import dev.writ.protocol.bundle.DomainKeys;
import dev.writ.protocol.bundle.StoryManifests;
import dev.writ.protocol.crypto.Hashes;
import dev.writ.protocol.crypto.SigningKey;
import dev.writ.protocol.wire.BundleItem;
import dev.writ.protocol.wire.DomainKey;
import dev.writ.protocol.wire.DomainPart;
import dev.writ.protocol.wire.EvidenceBody;
import dev.writ.protocol.wire.EvidenceKind;
import dev.writ.protocol.wire.InclusionProof;
import dev.writ.protocol.wire.MissingPart;
import dev.writ.protocol.wire.ProofBundle;
import dev.writ.protocol.wire.StoryManifest;
import java.util.List;

/** The ways an attacker or a bug changes a bundle, each of which the verifier must notice. */
public final class Tampering {
    private Tampering() {
    }

    /** One byte of the writ's payload part changed (a claim edited after signing). */
    public static ProofBundle flipWritByte(ProofBundle bundle) {
        String writ = bundle.getWrit();
        int at = writ.indexOf('.') + 10;
        char c = writ.charAt(at);
        String changed = writ.substring(0, at) + (c == 'A' ? 'B' : 'A') + writ.substring(at + 1);
        return bundle.toBuilder().setWrit(changed).build();
    }

    /** The evidence record of one kind taken out (e.g. hiding the decision). */
    public static ProofBundle removeRecord(ProofBundle bundle, EvidenceKind kind) {
        ProofBundle.Builder out = bundle.toBuilder().clearItems();
        for (BundleItem item : bundle.getItemsList()) {
            if (kindOf(item) != kind) {
                out.addItems(item);
            }
        }
        return out.build();
    }

    /** One record listed a second time (e.g. to make one redemption look like two). */
    public static ProofBundle duplicateRecord(ProofBundle bundle, EvidenceKind kind) {
        for (BundleItem item : bundle.getItemsList()) {
            if (kindOf(item) == kind) {
                return bundle.toBuilder().addItems(item).build();
            }
        }
        throw new IllegalArgumentException("the bundle has no " + kind + " record");
    }

    /** A manifest signed by {@code key} listing exactly the bundle's items as they now are (forged to match a trim). */
    public static ProofBundle resignManifest(ProofBundle bundle, SigningKey key) {
        List<byte[]> hashes = bundle.getItemsList().stream()
                .map(i -> Hashes.sha256(i.getRecord().getBody().toByteArray())).toList();
        return bundle.toBuilder().setManifest(StoryManifests.seal(key, bundle.getDomain(),
                jtiOf(bundle), hashes, bundle.getExportedAtMillis())).build();
    }

    /** The redeeming domain's part taken out, with no note that it is missing (hiding who redeemed the writ). */
    public static ProofBundle dropPartnerPart(ProofBundle bundle) {
        return bundle.toBuilder().clearRedeeming().build();
    }

    /** The redeeming domain's part replaced by the exporter's note that it could not be obtained. */
    public static ProofBundle markPartnerPartMissing(ProofBundle bundle, String reason) {
        return bundle.toBuilder().clearRedeeming().addMissing(MissingPart.newBuilder()
                .setDomain(bundle.getRedeeming().getDomain()).setReason(reason)).build();
    }

    /** One byte of a payload of the redeeming domain's part changed (e.g. the receipt's mutation). */
    public static ProofBundle flipPartnerPayloadByte(ProofBundle bundle, EvidenceKind kind) {
        DomainPart.Builder part = bundle.getRedeeming().toBuilder();
        for (int i = 0; i < part.getItemsCount(); i++) {
            BundleItem item = part.getItems(i);
            if (kindOf(item) == kind) {
                byte[] payload = item.getPayload().toByteArray();
                payload[payload.length - 1] ^= 1;
                part.setItems(i, item.toBuilder().setPayload(ByteString.copyFrom(payload)));
                return bundle.toBuilder().setRedeeming(part).build();
            }
        }
        throw new IllegalArgumentException("the redeeming part has no " + kind + " record");
    }

    /** The record of one kind taken out of the redeeming domain's part (e.g. hiding its redemption). */
    public static ProofBundle removePartnerRecord(ProofBundle bundle, EvidenceKind kind) {
        DomainPart.Builder part = bundle.getRedeeming().toBuilder().clearItems();
        for (BundleItem item : bundle.getRedeeming().getItemsList()) {
            if (kindOf(item) != kind) {
                part.addItems(item);
            }
        }
        return bundle.toBuilder().setRedeeming(part).build();
    }

    private static String jtiOf(ProofBundle bundle) {
        try {
            return StoryManifest.parseFrom(bundle.getManifest().getManifest()).getJti();
        } catch (com.google.protobuf.InvalidProtocolBufferException e) {
            throw new IllegalArgumentException("fixture manifests always parse", e);
        }
    }

    /** The inclusion proof of one record with one sibling hash changed. */
    public static ProofBundle corruptInclusionProof(ProofBundle bundle, int itemIndex) {
        BundleItem item = bundle.getItems(itemIndex);
        InclusionProof proof = item.getInclusion();
        byte[] sibling = proof.getPath(0).toByteArray();
        sibling[0] ^= 0x01;
        InclusionProof wrong = proof.toBuilder().setPath(0, ByteString.copyFrom(sibling)).build();
        return bundle.toBuilder().setItems(itemIndex, item.toBuilder().setInclusion(wrong)).build();
    }

    /** The domain's public key replaced by another key under the original key id. */
    public static ProofBundle swapKey(ProofBundle bundle) {
        DomainKey original = bundle.getKeys(0);
        DomainKey other = DomainKeys.toWire(SigningKey.generate().verifyingKey(), original.getRole());
        return bundle.toBuilder().setKeys(0, other.toBuilder().setKeyId(original.getKeyId())).build();
    }

    private static EvidenceKind kindOf(BundleItem item) {
        try {
            return EvidenceBody.parseFrom(item.getRecord().getBody()).getKind();
        } catch (com.google.protobuf.InvalidProtocolBufferException e) {
            throw new IllegalArgumentException("fixture records always parse", e);
        }
    }
}

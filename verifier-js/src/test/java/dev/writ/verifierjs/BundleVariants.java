package dev.writ.verifierjs;

import com.google.protobuf.ByteString;
import dev.writ.protocol.bundle.BundleFiles;
import dev.writ.protocol.bundle.StoryManifests;
import dev.writ.protocol.crypto.Hashes;
import dev.writ.protocol.crypto.KeyEncoding;
import dev.writ.protocol.crypto.SignaturePurpose;
import dev.writ.protocol.crypto.SigningKey;
import dev.writ.protocol.testing.StoryFixture;
import dev.writ.protocol.testing.Tampering;
import dev.writ.protocol.wire.AnchorBatch;
import dev.writ.protocol.wire.BundleItem;
import dev.writ.protocol.wire.DomainKey;
import dev.writ.protocol.wire.EvidenceBody;
import dev.writ.protocol.wire.EvidenceKind;
import dev.writ.protocol.wire.EvidenceRecord;
import dev.writ.protocol.wire.LaneRange;
import dev.writ.protocol.wire.ProofBundle;
import dev.writ.protocol.wire.SignedAnchorBatch;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * Bundles for the cross-check, written into one directory: a fresh valid story (JSON and binary,
 * allowed and escalated), every tampering of {@code Tampering}, hand-made breakages of each check,
 * files that are no bundle, and seeded random changes of the binary and the JSON form. Nothing here says
 * what a verifier must answer: the Java verifier is the reference.
 */
final class BundleVariants {
    static final String DOMAIN_KEYS = "domain.jwks.json";
    static final String STRANGER_KEYS = "stranger.jwks.json";
    static final String WRONG_KID_KEYS = "wrong-kid.jwks.json";
    static final String NOT_KEYS = "not-a-key-set.jwks.json";
    static final String SYMMETRIC_KEYS = "symmetric.jwks.json";
    private static final int RANDOM_MUTATIONS = 40;
    private static final long SEED = 20261207L;

    private final Path dir;
    private final Map<String, Path> bundles = new LinkedHashMap<>();

    private BundleVariants(Path dir) {
        this.dir = dir;
    }

    /** Writes the variants and the key sets into {@code dir}; answers the bundle files by name. */
    static Map<String, Path> write(Path dir) throws IOException {
        return new BundleVariants(dir).writeAll();
    }

    private Map<String, Path> writeAll() throws IOException {
        Files.createDirectories(dir);
        StoryFixture story = new StoryFixture();
        SigningKey nodeKey = story.nodeKey();
        ProofBundle valid = story.bundle();
        SigningKey stranger = SigningKey.generate();
        keys(DOMAIN_KEYS, "{\"keys\":[" + KeyEncoding.toJwk(nodeKey.verifyingKey()).toJSONString() + "]}");
        keys(STRANGER_KEYS, "{\"keys\":[" + KeyEncoding.toJwk(stranger.verifyingKey()).toJSONString() + "]}");
        keys(WRONG_KID_KEYS, KeyEncoding.toJwk(nodeKey.verifyingKey()).toJSONString()
                .replaceFirst("\"kid\":\"[^\"]+\"", "\"kid\":\"" + KeyEncoding.toJwk(stranger.verifyingKey()).getKeyID() + "\"")
                .transform(jwk -> "{\"keys\":[" + jwk + "]}"));
        keys(NOT_KEYS, "{\"keys\":\"none\"}");
        keys(SYMMETRIC_KEYS, "{\"keys\":[{\"kty\":\"oct\",\"k\":\"c2VjcmV0LXNlY3JldC1zZWNyZXQtc2VjcmV0\"},"
                + KeyEncoding.toJwk(nodeKey.verifyingKey()).toJSONString() + "]}");

        json("valid", valid);
        binary("valid", valid);
        json("escalated", new StoryFixture(nodeKey, true).bundle());
        json("sender-constrained", new StoryFixture(nodeKey, false, SigningKey.generate().id().toString()).bundle());
        json("flipped-writ-byte", Tampering.flipWritByte(valid));
        for (EvidenceKind kind : List.of(EvidenceKind.PROPOSAL, EvidenceKind.DECISION, EvidenceKind.ISSUANCE,
                EvidenceKind.REDEMPTION, EvidenceKind.OUTCOME)) {
            json("removed-" + kind, Tampering.removeRecord(valid, kind));
            json("duplicated-" + kind, Tampering.duplicateRecord(valid, kind));
        }
        ProofBundle trimmed = Tampering.removeRecord(Tampering.removeRecord(valid, EvidenceKind.REDEMPTION), EvidenceKind.OUTCOME);
        json("trimmed-resigned-by-domain", Tampering.resignManifest(trimmed, nodeKey));
        json("trimmed-resigned-by-stranger", Tampering.resignManifest(trimmed, stranger));
        json("outcome-without-redemption", Tampering.resignManifest(Tampering.removeRecord(valid, EvidenceKind.REDEMPTION), nodeKey));
        for (int i = 0; i < valid.getItemsCount(); i++) {
            json("wrong-inclusion-proof-" + i, Tampering.corruptInclusionProof(valid, i));
        }
        json("swapped-key", Tampering.swapKey(valid));
        json("no-manifest", valid.toBuilder().clearManifest().build());
        json("manifest-of-another-writ", valid.toBuilder().setManifest(StoryManifests.seal(nodeKey, valid.getDomain(),
                "another-jti", valid.getItemsList().stream().map(i -> Hashes.sha256(i.getRecord().getBody().toByteArray())).toList(),
                valid.getExportedAtMillis())).build());
        json("version-2", valid.toBuilder().setVersion(2).build());
        json("no-domain", valid.toBuilder().setDomain("").build());
        json("other-domain", valid.toBuilder().setDomain("globex").build());
        json("no-keys", valid.toBuilder().clearKeys().build());
        json("stranger-key-added", valid.toBuilder().addKeys(DomainKey.newBuilder()
                .setKeyId(ByteString.copyFrom(stranger.id().bytes()))
                .setPublicKey(ByteString.copyFrom(stranger.verifyingKey().raw())).setRole("node")).build());
        json("short-key-id", valid.toBuilder().setKeys(0, valid.getKeys(0).toBuilder()
                .setKeyId(valid.getKeys(0).getKeyId().substring(1))).build());
        json("small-order-key", valid.toBuilder().setKeys(0, DomainKey.newBuilder()
                .setKeyId(ByteString.copyFrom(thumbprint(new byte[32]))).setPublicKey(ByteString.copyFrom(new byte[32]))
                .setRole("node")).build());
        json("no-anchors", valid.toBuilder().clearAnchors().build());
        json("unanchored-record", valid.toBuilder().setItems(0, valid.getItems(0).toBuilder().clearInclusion()).build());
        json("inclusion-in-missing-batch", valid.toBuilder().setItems(1, valid.getItems(1).toBuilder()
                .setInclusion(valid.getItems(1).getInclusion().toBuilder().setBatchSeq(7))).build());
        json("inclusion-at-wrong-leaf", valid.toBuilder().setItems(1, valid.getItems(1).toBuilder()
                .setInclusion(valid.getItems(1).getInclusion().toBuilder().setLeafIndex(
                        valid.getItems(1).getInclusion().getLeafIndex() + 1))).build());
        json("record-signature-flipped", valid.toBuilder().setItems(2, valid.getItems(2).toBuilder()
                .setRecord(valid.getItems(2).getRecord().toBuilder().setSignature(flip(valid.getItems(2).getRecord().getSignature())))).build());
        json("payload-flipped", valid.toBuilder().setItems(3, valid.getItems(3).toBuilder()
                .setPayload(flip(valid.getItems(3).getPayload()))).build());
        json("record-of-another-domain", valid.toBuilder().setItems(0, foreign(valid.getItems(0), nodeKey)).build());
        SignedAnchorBatch anchor = valid.getAnchors(0);
        json("anchor-signature-flipped", valid.toBuilder().setAnchors(0, anchor.toBuilder().setSignature(flip(anchor.getSignature()))).build());
        // Unanchored, so the chain is asked for the batch by number: 2^63, beyond a long.
        json("anchor-batch-beyond-a-long", valid.toBuilder().setAnchors(0, resign(anchor, AnchorBatch.parseFrom(anchor.getBatch())
                .toBuilder().setBatchSeq(Long.MIN_VALUE).build(), nodeKey).toBuilder().clearAnchor()).build());
        json("anchor-batch-empty", valid.toBuilder().setAnchors(0, anchor.toBuilder().setBatch(ByteString.EMPTY)).build());
        AnchorBatch batch = AnchorBatch.parseFrom(anchor.getBatch());
        AnchorBatch.Builder shifted = batch.toBuilder();
        for (int i = 0; i < shifted.getRangesCount(); i++) {
            LaneRange range = shifted.getRanges(i);
            shifted.setRanges(i, range.toBuilder().setFirstSeq(range.getFirstSeq() + 1).setLastSeq(range.getLastSeq() + 1));
        }
        // Signed by the domain, same root, but its ranges put every record one leaf off.
        json("anchor-ranges-shifted", valid.toBuilder().setAnchors(0, resign(anchor, shifted.build(), nodeKey)).build());
        json("anchor-of-another-domain", valid.toBuilder().setAnchors(0, resign(anchor, batch.toBuilder().setDomain("globex").build(),
                nodeKey)).build());
        json("writ-not-a-jws", valid.toBuilder().setWrit("a.b").build());
        json("writ-empty", valid.toBuilder().setWrit("").build());
        json("writ-alg-none", valid.toBuilder().setWrit(replaceHeader(valid.getWrit(), "{\"alg\":\"none\"}")).build());
        json("writ-embedded-jwk", valid.toBuilder().setWrit(replaceHeader(valid.getWrit(),
                "{\"alg\":\"EdDSA\",\"typ\":\"application/sae+jwt\",\"kid\":\"x\",\"jwk\":{}}")).build());
        json("writ-wrong-typ", valid.toBuilder().setWrit(replaceHeader(valid.getWrit(), "{\"alg\":\"EdDSA\",\"typ\":\"JWT\"}")).build());
        json("writ-padded", valid.toBuilder().setWrit(valid.getWrit() + "=").build());

        text("unknown-field.json", BundleFiles.toJson(valid).replaceFirst("\\{", "{\"signedBy\": \"me\","));
        text("proto-field-names.json", BundleFiles.toJson(valid).replace("\"exportedAtMillis\"", "\"exported_at_millis\""));
        text("text-after-the-object.json", BundleFiles.toJson(valid) + "\n{}\n");
        text("comment-after-the-object.json", BundleFiles.toJson(valid) + " // exported by hand\n");
        text("single-quoted-name.json", BundleFiles.toJson(valid).replaceFirst("\"version\"", "'version'"));
        text("nested-too-deep.json", "{\"keys\": " + "[".repeat(5000) + "]".repeat(5000) + "}");
        text("not-json.json", "{ this is not JSON");
        text("array.json", "[1, 2, 3]");
        text("empty.pb", "");
        byte[] bytes = valid.toByteArray();
        raw("truncated.pb", java.util.Arrays.copyOf(bytes, bytes.length / 2));
        Random random = new Random(SEED);
        for (int i = 0; i < RANDOM_MUTATIONS; i++) {
            byte[] mutated = bytes.clone();
            for (int changes = 1 + random.nextInt(3); changes > 0; changes--) {
                mutated[random.nextInt(mutated.length)] = (byte) random.nextInt(256);
            }
            raw("random-" + i + ".pb", mutated);
        }
        // The JSON form changed at random, one character, from characters that keep it close to JSON.
        String json = BundleFiles.toJson(valid);
        String alphabet = "AZaz09+/=_-\"{}[]:,. 1e";
        for (int i = 0; i < RANDOM_MUTATIONS; i++) {
            int at = random.nextInt(json.length());
            text("random-" + i + ".json", json.substring(0, at) + alphabet.charAt(random.nextInt(alphabet.length())) + json.substring(at + 1));
        }
        return bundles;
    }

    private void keys(String name, String content) throws IOException {
        Files.writeString(dir.resolve(name), content + "\n");
    }

    private void json(String name, ProofBundle bundle) throws IOException {
        Path file = dir.resolve(name + ".json");
        BundleFiles.writeJson(bundle, file);
        bundles.put(file.getFileName().toString(), file);
    }

    private void binary(String name, ProofBundle bundle) throws IOException {
        raw(name + ".pb", bundle.toByteArray());
    }

    private void text(String name, String content) throws IOException {
        raw(name, content.getBytes(StandardCharsets.UTF_8));
    }

    private void raw(String name, byte[] content) throws IOException {
        Path file = dir.resolve(name);
        Files.write(file, content);
        bundles.put(name, file);
    }

    private static ByteString flip(ByteString bytes) {
        byte[] changed = bytes.toByteArray();
        changed[changed.length / 2] ^= 0x01;
        return ByteString.copyFrom(changed);
    }

    /** The item's record re-signed by the domain's own key, but naming another domain. */
    private static BundleItem foreign(BundleItem item, SigningKey key) throws IOException {
        byte[] body = EvidenceBody.parseFrom(item.getRecord().getBody()).toBuilder().setDomain("globex").build().toByteArray();
        return item.toBuilder().setRecord(EvidenceRecord.newBuilder().setBody(ByteString.copyFrom(body))
                .setSignature(ByteString.copyFrom(key.sign(SignaturePurpose.EVIDENCE_RECORD, body)))).build();
    }

    private static SignedAnchorBatch resign(SignedAnchorBatch signed, AnchorBatch batch, SigningKey key) {
        return signed.toBuilder().setBatch(batch.toByteString())
                .setSignature(ByteString.copyFrom(key.sign(SignaturePurpose.ANCHOR_BATCH, batch.toByteArray()))).build();
    }

    private static String replaceHeader(String compact, String headerJson) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(headerJson.getBytes(StandardCharsets.UTF_8))
                + compact.substring(compact.indexOf('.'));
    }

    /** The RFC 7638 thumbprint of a raw Ed25519 key, as a key id. */
    private static byte[] thumbprint(byte[] raw) {
        return Hashes.sha256(("{\"crv\":\"Ed25519\",\"kty\":\"OKP\",\"x\":\""
                + Base64.getUrlEncoder().withoutPadding().encodeToString(raw) + "\"}").getBytes(StandardCharsets.US_ASCII));
    }
}

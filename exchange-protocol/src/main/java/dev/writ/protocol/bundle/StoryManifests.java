package dev.writ.protocol.bundle;

import com.google.protobuf.ByteString;
import dev.writ.protocol.Fault;
import dev.writ.protocol.ProtocolException;
import dev.writ.protocol.Wire;
import dev.writ.protocol.crypto.KeyId;
import dev.writ.protocol.crypto.KeyRing;
import dev.writ.protocol.crypto.SignaturePurpose;
import dev.writ.protocol.crypto.SigningKey;
import dev.writ.protocol.wire.SignedStoryManifest;
import dev.writ.protocol.wire.StoryManifest;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;

/**
 * The exporting node's signed statement of which records make up a writ's story. Without it a
 * bundle with its REDEMPTION and OUTCOME left out is a valid story of an unused writ: nothing in
 * the remaining records says more were exported.
 */
public final class StoryManifests {
    /** Far above any story (a few dozen 32-byte hashes); bounds what a verifier parses. */
    private static final int MAX_MANIFEST_BYTES = 256 * 1024;

    private StoryManifests() {
    }

    public static SignedStoryManifest seal(SigningKey key, String domain, String jti, List<byte[]> recordHashes,
                                           long exportedAtMillis) {
        StoryManifest.Builder manifest = StoryManifest.newBuilder()
                .setDomain(domain).setJti(jti).setExportedAtMillis(exportedAtMillis);
        recordHashes.forEach(h -> manifest.addRecordHashes(ByteString.copyFrom(h)));
        byte[] bytes = manifest.build().toByteArray();
        return SignedStoryManifest.newBuilder()
                .setManifest(ByteString.copyFrom(bytes))
                .setKeyId(ByteString.copyFrom(key.id().bytes()))
                .setSignature(ByteString.copyFrom(key.sign(SignaturePurpose.STORY_MANIFEST, bytes)))
                .build();
    }

    /** The manifest, once its signature holds under a key of its domain. */
    static StoryManifest open(SignedStoryManifest signed, KeyRing keys) throws ProtocolException {
        byte[] bytes = signed.getManifest().toByteArray();
        StoryManifest manifest = Wire.parse(StoryManifest.parser(), bytes, MAX_MANIFEST_BYTES, "story manifest");
        keys.require(KeyId.ofBytes(signed.getKeyId().toByteArray()), manifest.getDomain())
                .verify(SignaturePurpose.STORY_MANIFEST, bytes, signed.getSignature().toByteArray());
        return manifest;
    }

    /**
     * STORY_TRIMMED unless the bundle's record hashes are exactly the manifest's, in its order.
     *
     * @return a one-line summary for the check's detail
     */
    static String requireExactly(StoryManifest manifest, List<byte[]> itemHashes) throws ProtocolException {
        List<String> signed = manifest.getRecordHashesList().stream().map(h -> hex(h.toByteArray())).toList();
        List<String> present = itemHashes.stream().map(StoryManifests::hex).toList();
        if (signed.equals(present)) {
            return present.size() + " records, exactly those the domain signed as the story at export";
        }
        Set<String> missing = new HashSet<>(signed);
        missing.removeAll(present);
        Set<String> extra = new HashSet<>(present);
        extra.removeAll(signed);
        String what = !missing.isEmpty() || !extra.isEmpty()
                ? missing.size() + " signed record(s) missing, " + extra.size() + " record(s) not in the manifest"
                : "the records are not in the signed order";
        throw new ProtocolException(Fault.STORY_TRIMMED, "the domain exported " + signed.size()
                + " records as the story of " + manifest.getJti() + ", the bundle has " + present.size() + ": " + what);
    }

    private static String hex(byte[] bytes) {
        return HexFormat.of().formatHex(bytes);
    }
}

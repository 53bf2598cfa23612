package dev.writ.contracts.anchor;

import com.google.protobuf.InvalidProtocolBufferException;
import dev.writ.contracts.chain.AgentRegistryContract;
import dev.writ.contracts.chain.Bytes32;
import dev.writ.contracts.chain.ChainClient;
import dev.writ.contracts.chain.DomainKey;
import dev.writ.protocol.Fault;
import dev.writ.protocol.ProtocolException;
import dev.writ.protocol.crypto.KeyRing;
import dev.writ.protocol.crypto.VerifyingKey;
import dev.writ.protocol.wire.AnchorBatch;
import dev.writ.protocol.wire.BundleItem;
import dev.writ.protocol.wire.DomainPart;
import dev.writ.protocol.wire.EvidenceBody;
import dev.writ.protocol.wire.ProofBundle;
import dev.writ.protocol.wire.SignedAnchorBatch;
import dev.writ.protocol.wire.SignedStoryManifest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import okhttp3.OkHttpClient;
import org.web3j.protocol.Web3j;
import org.web3j.protocol.http.HttpService;

/**
 * {@code writ verify --rpc --agent-registry}: the keys to pin, taken from the AgentRegistry on chain
 * instead of from a file or the bundle. For each domain whose part the bundle carries (the issuing
 * domain's and, in a cross-boundary bundle, the redeeming domain's), each key the part lists is
 * trusted for that domain only if the registry holds it under that domain with the same public key,
 * valid, in its {@code [validFrom, validUntil)}, at the time of every record of the part it signed,
 * and not revoked, or revoked only after everything of the part it signed was on chain: a revoked
 * key counts when every record and anchor batch it signed is anchored in a block before the block
 * of its {@code KeyRevoked} event (the registry keeps no revocation time in its state), and it did not
 * sign the part's manifest (nothing anchors a manifest, so a stolen key could date one at will). A
 * key that fails any of these is left out, so the verifier's {@code keys.trusted} refuses the part.
 * The blocks are the bundle's; {@code anchors.onchain} proves them against EvidenceAnchor.
 */
public final class OnChainKeys {
    private OnChainKeys() {
    }

    /** UNKNOWN_KEY when the registry cannot be read: without it nothing is pinned. */
    public static KeyRing read(String rpcUrl, String registryAddress, ProofBundle bundle, Duration timeout)
            throws ProtocolException {
        OkHttpClient http = new OkHttpClient.Builder().callTimeout(timeout).connectTimeout(timeout).readTimeout(timeout).build();
        ChainClient chain = new ChainClient(Web3j.build(new HttpService(rpcUrl, http)), 0, Duration.ofMillis(50), timeout);
        try {
            AgentRegistryContract registry = new AgentRegistryContract(chain, registryAddress);
            List<KeyRing.Entry> entries = new ArrayList<>();
            entries.addAll(trusted(registry, bundle.getDomain(), bundle.getKeysList(), bundle.getItemsList(),
                    bundle.getAnchorsList(), bundle.getManifest()));
            if (bundle.hasRedeeming()) {
                DomainPart part = bundle.getRedeeming();
                entries.addAll(trusted(registry, part.getDomain(), part.getKeysList(), part.getItemsList(),
                        part.getAnchorsList(), part.getManifest()));
            }
            return KeyRing.of(entries);
        } catch (RuntimeException e) {
            throw new ProtocolException(Fault.UNKNOWN_KEY, "the keys cannot be read from the AgentRegistry at "
                    + registryAddress + " (" + rpcUrl + "): " + e.getMessage());
        } finally {
            chain.close();
        }
    }

    private static List<KeyRing.Entry> trusted(AgentRegistryContract registry, String domain,
                                               List<dev.writ.protocol.wire.DomainKey> keys, List<BundleItem> items,
                                               List<SignedAnchorBatch> anchors, SignedStoryManifest manifest) {
        List<KeyRing.Entry> out = new ArrayList<>();
        Bytes32 domainId = Bytes32.keccakOf(domain);
        for (dev.writ.protocol.wire.DomainKey listed : keys) {
            byte[] id = listed.getKeyId().toByteArray();
            if (id.length != 32) {
                continue;
            }
            DomainKey held = registry.key(domainId, new Bytes32(id));
            if (!held.exists() || !Arrays.equals(held.publicKey().bytes(), listed.getPublicKey().toByteArray())
                    || !validWhenSigned(held, id, items)) {
                continue;
            }
            if (held.revoked() && !anchoredBefore(registry.keyRevokedInBlock(domainId, new Bytes32(id)), id, items,
                    anchors, manifest)) {
                continue;
            }
            try {
                out.add(new KeyRing.Entry(domain, VerifyingKey.fromRaw(held.publicKey().bytes())));
            } catch (ProtocolException e) {
                // a registered key BouncyCastle refuses is no key to pin
            }
        }
        return out;
    }

    /**
     * Whether everything the revoked key signed in the part was on chain before {@code revokedIn}: each
     * record it signed is in a batch anchored in an earlier block, each batch it signed is anchored in
     * one, and the manifest is another key's. No revocation block found: not trusted (fail closed).
     */
    private static boolean anchoredBefore(OptionalLong revokedIn, byte[] id, List<BundleItem> items,
                                          List<SignedAnchorBatch> anchors, SignedStoryManifest manifest) {
        if (revokedIn.isEmpty() || Arrays.equals(manifest.getKeyId().toByteArray(), id)) {
            return false;
        }
        Map<Long, Long> blockOfBatch = new HashMap<>();
        for (SignedAnchorBatch signed : anchors) {
            try {
                long block = signed.hasAnchor() ? signed.getAnchor().getBlockNumber() : 0;
                if (block <= 0 || block >= revokedIn.getAsLong()) {
                    if (Arrays.equals(signed.getKeyId().toByteArray(), id)) {
                        return false;
                    }
                    continue;
                }
                blockOfBatch.put(AnchorBatch.parseFrom(signed.getBatch()).getBatchSeq(), block);
            } catch (InvalidProtocolBufferException e) {
                return false;
            }
        }
        for (BundleItem item : items) {
            try {
                EvidenceBody body = EvidenceBody.parseFrom(item.getRecord().getBody());
                if (Arrays.equals(body.getKeyId().toByteArray(), id)
                        && (!item.hasInclusion() || !blockOfBatch.containsKey(item.getInclusion().getBatchSeq()))) {
                    return false;
                }
            } catch (InvalidProtocolBufferException e) {
                return false;
            }
        }
        return true;
    }

    /** The key's validity holds at the time of each record it signed. */
    private static boolean validWhenSigned(DomainKey held, byte[] id, List<BundleItem> items) {
        for (BundleItem item : items) {
            try {
                EvidenceBody body = EvidenceBody.parseFrom(item.getRecord().getBody());
                long seconds = Math.floorDiv(body.getTimeMillis(), 1000);
                if (Arrays.equals(body.getKeyId().toByteArray(), id)
                        && (seconds < held.validFrom() || seconds >= held.validUntil())) {
                    return false;
                }
            } catch (InvalidProtocolBufferException e) {
                return false;
            }
        }
        return true;
    }
}

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
import dev.writ.protocol.wire.BundleItem;
import dev.writ.protocol.wire.EvidenceBody;
import dev.writ.protocol.wire.ProofBundle;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import okhttp3.OkHttpClient;
import org.web3j.protocol.Web3j;
import org.web3j.protocol.http.HttpService;

/**
 * {@code writ verify --rpc --agent-registry}: the keys to pin, taken from the AgentRegistry on chain
 * instead of from a file or the bundle. For each domain whose part the bundle carries (the issuing
 * domain's and, in a cross-boundary bundle, the redeeming domain's), each key the part lists is
 * trusted for that domain only if the registry holds it under that domain with the same public key,
 * not revoked (revocation is final and undated on chain, so a revoked key's past signatures are not
 * trusted either: fail closed), and valid, in its {@code [validFrom, validUntil)}, at the time of
 * every record of the part it signed. A key that fails any of these is left out, so the verifier's
 * {@code keys.trusted} refuses the part.
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
            entries.addAll(trusted(registry, bundle.getDomain(), bundle.getKeysList(), bundle.getItemsList()));
            if (bundle.hasRedeeming()) {
                entries.addAll(trusted(registry, bundle.getRedeeming().getDomain(), bundle.getRedeeming().getKeysList(),
                        bundle.getRedeeming().getItemsList()));
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
                                               List<dev.writ.protocol.wire.DomainKey> keys, List<BundleItem> items) {
        List<KeyRing.Entry> out = new ArrayList<>();
        Bytes32 domainId = Bytes32.keccakOf(domain);
        for (dev.writ.protocol.wire.DomainKey listed : keys) {
            byte[] id = listed.getKeyId().toByteArray();
            if (id.length != 32) {
                continue;
            }
            DomainKey held = registry.key(domainId, new Bytes32(id));
            if (!held.exists() || held.revoked() || !Arrays.equals(held.publicKey().bytes(), listed.getPublicKey().toByteArray())
                    || !validWhenSigned(held, id, items)) {
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

package dev.writ.protocol.crypto;

import dev.writ.protocol.Fault;
import dev.writ.protocol.ProtocolException;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The public keys a verifier trusts, each bound to the domain that owns it. A signature is only
 * accepted for a domain if the signing key is registered to that domain (invariant 8: cluster
 * membership is not trust).
 */
public final class KeyRing {
    /** A trusted key and the domain it speaks for. */
    public record Entry(String domain, VerifyingKey key) {
    }

    private final Map<KeyId, Entry> entries;

    private KeyRing(Map<KeyId, Entry> entries) {
        this.entries = Map.copyOf(entries);
    }

    public static KeyRing of(Collection<Entry> entries) {
        Map<KeyId, Entry> byId = new LinkedHashMap<>();
        for (Entry entry : entries) {
            byId.put(entry.key().id(), entry);
        }
        return new KeyRing(byId);
    }

    public static KeyRing of(String domain, VerifyingKey... keys) {
        Map<KeyId, Entry> byId = new LinkedHashMap<>();
        for (VerifyingKey key : keys) {
            byId.put(key.id(), new Entry(domain, key));
        }
        return new KeyRing(byId);
    }

    public Optional<Entry> find(KeyId id) {
        return Optional.ofNullable(entries.get(id));
    }

    /** The key with this id, if it is registered to {@code domain}; otherwise a typed refusal. */
    public VerifyingKey require(KeyId id, String domain) throws ProtocolException {
        Entry entry = entries.get(id);
        if (entry == null) {
            throw new ProtocolException(Fault.UNKNOWN_KEY, "no trusted key " + id);
        }
        if (!entry.domain().equals(domain)) {
            throw new ProtocolException(Fault.KEY_MISMATCH,
                    "key " + id + " belongs to domain " + entry.domain() + ", not " + domain);
        }
        return entry.key();
    }

    public Collection<Entry> entries() {
        return entries.values();
    }
}

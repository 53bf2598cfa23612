package dev.writ.protocol.envelope;

import dev.writ.protocol.wire.EnvelopeHeader;
import dev.writ.protocol.wire.ProofEnvelope;

/**
 * An envelope whose signature, key and payload hash hold. Its hash (SHA-256 of the header bytes)
 * is what the next envelope of the same domain names as its previous hash.
 */
public record OpenedEnvelope(ProofEnvelope envelope, EnvelopeHeader header, byte[] payload, byte[] hash) {
    public OpenedEnvelope {
        payload = payload.clone();
        hash = hash.clone();
    }

    @Override
    public byte[] payload() {
        return payload.clone();
    }

    @Override
    public byte[] hash() {
        return hash.clone();
    }
}

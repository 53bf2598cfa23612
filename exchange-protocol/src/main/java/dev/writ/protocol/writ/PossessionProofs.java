package dev.writ.protocol.writ;

import com.google.protobuf.ByteString;
import com.google.protobuf.InvalidProtocolBufferException;
import dev.writ.protocol.Canonical;
import dev.writ.protocol.Fault;
import dev.writ.protocol.ProtocolException;
import dev.writ.protocol.crypto.Hashes;
import dev.writ.protocol.crypto.SignaturePurpose;
import dev.writ.protocol.crypto.SigningKey;
import dev.writ.protocol.crypto.VerifyingKey;
import dev.writ.protocol.wire.Action;
import dev.writ.protocol.wire.PossessionProof;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Optional;

/**
 * Proofs that whoever presents a sender-constrained writ holds the agent key it names (`cnf.jkt`,
 * D61): made by the agent for one PEP and one mutation, checked by the PEP ({@code PepGuard}) and
 * again by the node before the writ's claim. Pure: the time comes in as an argument.
 *
 * <p>No replay cache: a proof names one jti, and a writ is redeemed once (its claim row), so a
 * proof sent again can only meet a spent writ (REPLAYED). Its age bounds how long a proof made
 * for a writ a PEP has not yet redeemed can wait.
 */
public final class PossessionProofs {
    /** A proof is a few hundred bytes; anything larger is refused before it is parsed. */
    public static final int MAX_BYTES = 1024;

    private PossessionProofs() {
    }

    /** SHA-256 of the Action's deterministic protobuf bytes: what receipts and proofs name as the mutation. */
    public static byte[] mutationHash(Action mutation) {
        return Hashes.sha256(Canonical.bytes(mutation));
    }

    /**
     * The agent's proof that it hands the writ {@code jti}, bound to the contract of hash
     * {@code contractHash}, to {@code pepId} for exactly {@code mutation}, at {@code now}.
     */
    public static PossessionProof prove(SigningKey agentKey, String jti, byte[] contractHash, Action mutation,
                                        String pepId, Instant now) {
        PossessionProof unsigned = PossessionProof.newBuilder()
                .setJti(jti)
                .setContractHash(ByteString.copyFrom(contractHash))
                .setMutationHash(ByteString.copyFrom(mutationHash(mutation)))
                .setPepId(pepId)
                .setProvedAtMillis(now.toEpochMilli())
                .setAgentKey(ByteString.copyFrom(agentKey.verifyingKey().raw()))
                .build();
        return unsigned.toBuilder()
                .setSignature(ByteString.copyFrom(agentKey.sign(SignaturePurpose.POSSESSION_PROOF, signedBytes(unsigned))))
                .build();
    }

    /**
     * As {@link #prove(SigningKey, String, byte[], Action, String, Instant)}, for the compact writ the
     * agent was given: its jti and {@code cnt} are read from it unverified, since the agent only
     * states which writ it presents; the PEP and the node verify the writ itself.
     *
     * @throws ProtocolException the text is not a writ whose claims can be read
     */
    public static PossessionProof prove(SigningKey agentKey, String compactWrit, Action mutation, String pepId,
                                        Instant now) throws ProtocolException {
        WritClaims claims = WritVerifier.readClaims(compactWrit);
        byte[] contractHash;
        try {
            contractHash = Base64.getUrlDecoder().decode(claims.contractHash());
        } catch (IllegalArgumentException e) {
            throw new ProtocolException(Fault.CLAIMS_INVALID, "the writ's cnt is not base64url", e);
        }
        return prove(agentKey, claims.jti(), contractHash, mutation, pepId, now);
    }

    /** A proof from its bytes, bounded before parsing (a PEP that is handed one by an agent). */
    public static PossessionProof parse(byte[] bytes) throws ProtocolException {
        if (bytes.length > MAX_BYTES) {
            throw new ProtocolException(Fault.POP_INVALID, "a possession proof is at most " + MAX_BYTES
                    + " bytes, got " + bytes.length);
        }
        try {
            return PossessionProof.parseFrom(bytes);
        } catch (InvalidProtocolBufferException e) {
            throw new ProtocolException(Fault.POP_INVALID, "not a possession proof: " + e.getMessage(), e);
        }
    }

    /**
     * Requires, for a writ with {@code cnf}, a proof by the key it names, for this writ, this
     * mutation and this PEP, made at most {@code maxAge} before {@code now} and at most
     * {@code clockSkew} after. A bearer writ needs none, and any proof sent with it is not looked at.
     *
     * @param proof the proof presented with the writ, if any
     * @throws ProtocolException POP_REQUIRED, POP_INVALID or POP_STALE
     */
    public static void require(WritClaims writ, Optional<PossessionProof> proof, Action mutation, String pepId,
                               Instant now, Duration maxAge, Duration clockSkew) throws ProtocolException {
        if (!writ.senderConstrained()) {
            return;
        }
        String jti = writ.jti();
        PossessionProof p = proof.orElseThrow(() -> new ProtocolException(Fault.POP_REQUIRED, "writ " + jti
                + " is bound to its agent's key (cnf.jkt " + writ.confirmationKey() + "): present it with the agent's"
                + " possession proof"));
        if (p.getSerializedSize() > MAX_BYTES) {
            throw invalid(jti, "the proof is larger than " + MAX_BYTES + " bytes");
        }
        VerifyingKey key;
        try {
            key = VerifyingKey.fromRaw(p.getAgentKey().toByteArray());
        } catch (ProtocolException e) {
            throw invalid(jti, "its agent_key is not an Ed25519 public key");
        }
        if (!key.id().toString().equals(writ.confirmationKey())) {
            throw invalid(jti, "made with key " + key.id() + ", not the writ's " + writ.confirmationKey());
        }
        if (!p.getJti().equals(jti)) {
            throw invalid(jti, "made for another writ");
        }
        if (!Base64.getUrlEncoder().withoutPadding().encodeToString(p.getContractHash().toByteArray())
                .equals(writ.contractHash())) {
            throw invalid(jti, "made for another contract than the writ's");
        }
        if (!p.getMutationHash().equals(ByteString.copyFrom(mutationHash(mutation)))) {
            throw invalid(jti, "made for another mutation");
        }
        if (!p.getPepId().equals(pepId)) {
            throw invalid(jti, "made for PEP " + p.getPepId() + ", not " + pepId);
        }
        try {
            key.verify(SignaturePurpose.POSSESSION_PROOF, signedBytes(p), p.getSignature().toByteArray());
        } catch (ProtocolException e) {
            throw invalid(jti, "its signature does not hold");
        }
        Instant provedAt = Instant.ofEpochMilli(p.getProvedAtMillis());
        if (provedAt.isAfter(now.plus(clockSkew))) {
            throw new ProtocolException(Fault.POP_STALE, "the possession proof for writ " + jti + " is dated "
                    + provedAt + ", ahead of " + now + " by more than " + clockSkew);
        }
        if (provedAt.isBefore(now.minus(maxAge))) {
            throw new ProtocolException(Fault.POP_STALE, "the possession proof for writ " + jti + " was made at "
                    + provedAt + ", more than " + maxAge + " before " + now + "; the agent proves again");
        }
    }

    private static byte[] signedBytes(PossessionProof proof) {
        return Canonical.bytes(proof.toBuilder().clearSignature().build());
    }

    private static ProtocolException invalid(String jti, String detail) {
        return new ProtocolException(Fault.POP_INVALID, "the possession proof for writ " + jti + " does not hold: " + detail);
    }
}

package dev.writ.protocol.client;

import com.google.protobuf.ByteString;
import dev.writ.protocol.ProtocolException;
import dev.writ.protocol.crypto.KeyRing;
import dev.writ.protocol.receipt.OpenedReceipt;
import dev.writ.protocol.receipt.Receipts;
import dev.writ.protocol.wire.Action;
import dev.writ.protocol.wire.OutcomeRecord;
import dev.writ.protocol.wire.OutcomeRequest;
import dev.writ.protocol.wire.OutcomeResponse;
import dev.writ.protocol.wire.PossessionProof;
import dev.writ.protocol.wire.RedemptionReceipt;
import dev.writ.protocol.wire.RedemptionRequest;
import dev.writ.protocol.wire.RedemptionResponse;
import dev.writ.protocol.writ.PossessionProofs;
import dev.writ.protocol.writ.Writ;
import dev.writ.protocol.writ.WritClaims;
import dev.writ.protocol.writ.WritVerifier;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeSet;

/**
 * What an enforcement point (PEP) embeds so that nothing executes without a redeemed writ
 * (invariant 1). {@link #redeem} answers a {@link VerifiedReceipt} or throws; there is no boolean to
 * forget.
 *
 * <p>The order of the checks is the point:
 * <ol>
 *   <li><b>Offline, the writ</b> ({@link WritVerifier}: size, alg EdDSA, typ, trusted key of the
 *       writ's domain, signature, claims, window ± skew). A forged, foreign or expired writ costs no
 *       round trip and never reaches the node, so a flood of junk cannot load the broker through
 *       this PEP, and the refusal does not depend on the node being reachable.</li>
 *   <li><b>Offline, the scope</b>: the mutation must be exactly the writ's action (target = sub,
 *       operation, the same parameters with the same values and no others, classification). A
 *       mutation outside the writ is refused before it can spend the writ.</li>
 *   <li><b>Offline, the presenter</b>: a writ that names its agent's key ({@code cnf.jkt}) comes
 *       with that key's {@link PossessionProofs proof} for this writ, this mutation and this PEP,
 *       made within {@link #POSSESSION_MAX_AGE}; whoever only copied the writ has none (D61). The
 *       proof goes on to the node, which checks it again.</li>
 *   <li><b>Online, the redemption</b>: the node enforces single use, revocation, policy epoch and
 *       drift, and persists the redemption before it answers (invariant 2).</li>
 *   <li><b>Offline, the receipt</b>: signed by a trusted key of the writ's domain, and naming this
 *       jti, this writ's hash, this mutation's hash, the writ's contract and this PEP. A PEP never
 *       trusts a receipt it cannot verify: otherwise whoever sits between it and the node could
 *       answer "redeemed" for any writ, or replay another writ's receipt.</li>
 * </ol>
 *
 * <p>The mutation hash is {@link #mutationHash(Action)}: SHA-256 of the Action's deterministic
 * protobuf serialization (map entries sorted by key), so that node and PEP agree on it although
 * the Action crossed JSON on the way. The node must hash the same way.
 */
public final class PepGuard {
    /** How old a possession proof may be when this PEP checks it: the node's writ.redemption.possession-max-age default. */
    public static final Duration POSSESSION_MAX_AGE = Duration.ofSeconds(60);

    private final WritClient client;
    private final KeyRing trusted;
    private final String pepId;
    private final Duration clockSkew;
    private final Clock clock;
    private final WritVerifier verifier;

    /**
     * A guard that redeems as the PEP of {@code client}'s {@link WritClient.Builder#pepCredential PEP
     * credential}: its requests are signed, and receipts must name its certificate's id.
     *
     * @param client    the node API, with a PEP credential
     * @param trusted   the keys of the domains whose writs this PEP accepts, bound to their domain
     *                  (e.g. {@link WritClient#keys(String)}, better pinned from the chain)
     * @param clockSkew tolerance for the difference between this PEP's clock and the node's
     * @param clock     the PEP's clock
     */
    public PepGuard(WritClient client, KeyRing trusted, Duration clockSkew, Clock clock) {
        this(client, trusted, client.pepCredential().orElseThrow(() -> new IllegalArgumentException(
                "the client has no PEP credential (WritClient.Builder.pepCredential)")).pepId().uri(), clockSkew, clock);
    }

    /**
     * A guard naming itself {@code pepId}: for a client without a PEP credential, which only a node
     * with {@code writ.identity.pep-credentials = optional} serves; with one, {@code pepId} must be
     * its certificate's id.
     *
     * @param pepId this enforcement point's id, as the node knows it and as receipts name it
     */
    public PepGuard(WritClient client, KeyRing trusted, String pepId, Duration clockSkew, Clock clock) {
        this.client = Objects.requireNonNull(client, "client");
        this.trusted = Objects.requireNonNull(trusted, "trusted");
        if (pepId == null || pepId.isBlank()) {
            throw new IllegalArgumentException("a PEP id is required");
        }
        client.pepCredential().filter(c -> !c.pepId().uri().equals(pepId)).ifPresent(c -> {
            throw new IllegalArgumentException("the client redeems as " + c.pepId() + ", not " + pepId);
        });
        this.pepId = pepId;
        if (clockSkew == null || clockSkew.isNegative()) {
            throw new IllegalArgumentException("the clock skew must be zero or positive, got " + clockSkew);
        }
        this.clockSkew = clockSkew;
        this.clock = Objects.requireNonNull(clock, "clock");
        this.verifier = new WritVerifier(trusted, clockSkew);
    }

    /**
     * Redeems {@code compactWrit} for exactly {@code mutation}, and answers the verified receipt:
     * only then may the PEP execute the mutation, once.
     *
     * @param observed live-state values the writ's contract's drift predicates name (may be empty)
     * @throws PepRefusal          refused, here or by the node; see {@link PepRefusal#stage()}
     * @throws WritClientException no usable answer from the node; the writ may or may not be spent.
     *                             Do not execute.
     */
    public VerifiedReceipt redeem(String compactWrit, Action mutation, Map<String, String> observed)
            throws PepRefusal, WritClientException {
        return redeem(compactWrit, Optional.empty(), mutation, observed);
    }

    /**
     * As {@link #redeem(String, Action, Map)}, for a writ presented with its agent's possession
     * proof ({@link AgentCredential#prove}), which a writ naming the agent's key requires.
     *
     * @throws PepRefusal POP_REQUIRED, POP_INVALID or POP_STALE (stage POSSESSION) when the presenter
     *                    did not prove the writ's key; otherwise as {@link #redeem(String, Action, Map)}
     */
    public VerifiedReceipt redeem(String compactWrit, PossessionProof proof, Action mutation, Map<String, String> observed)
            throws PepRefusal, WritClientException {
        return redeem(compactWrit, Optional.of(Objects.requireNonNull(proof, "proof")), mutation, observed);
    }

    private VerifiedReceipt redeem(String compactWrit, Optional<PossessionProof> proof, Action mutation,
                                   Map<String, String> observed) throws PepRefusal, WritClientException {
        Writ writ = verifyOffline(compactWrit, mutation);
        try {
            PossessionProofs.require(writ.claims(), proof, mutation, pepId, clock.instant(), POSSESSION_MAX_AGE, clockSkew);
        } catch (ProtocolException e) {
            throw new PepRefusal(e.fault().name(), PepRefusal.Stage.POSSESSION, e.detail(), e);
        }
        RedemptionRequest.Builder request = RedemptionRequest.newBuilder()
                .setWrit(writ.compact())
                .setMutation(mutation)
                .putAllObserved(observed == null ? Map.of() : observed)
                .setPepId(pepId);
        if (writ.claims().senderConstrained()) {
            request.setPossession(proof.orElseThrow());
        }
        RedemptionResponse response;
        try {
            response = client.redeem(request.build());
        } catch (WritRefusedException e) {
            throw new PepRefusal(e.code(), PepRefusal.Stage.NODE, e.getMessage(), e);
        }
        return verifyReceipt(writ, mutation, response);
    }

    /**
     * Steps 1 and 2 alone, without the node: the writ is authentic, in its window, and
     * {@code mutation} is exactly its action. For a PEP that wants to refuse early (e.g. before
     * taking a lock); {@link #redeem} runs it again.
     */
    public Writ verifyOffline(String compactWrit, Action mutation) throws PepRefusal {
        Objects.requireNonNull(mutation, "mutation");
        Writ writ;
        try {
            writ = verifier.verify(compactWrit, clock.instant());
        } catch (ProtocolException e) {
            throw new PepRefusal(e.fault().name(), PepRefusal.Stage.WRIT, e.detail(), e);
        }
        requireInScope(writ.claims(), mutation);
        return writ;
    }

    /** POST /v1/outcomes for a redemption this guard verified. */
    public OutcomeResponse reportOutcome(VerifiedReceipt redeemed, OutcomeRecord.Status status, String detail,
                                         byte[] resultHash) throws WritRefusedException, WritClientException {
        Objects.requireNonNull(redeemed, "redeemed");
        Objects.requireNonNull(status, "status");
        return client.reportOutcome(OutcomeRequest.newBuilder()
                .setJti(redeemed.jti())
                .setStatus(status)
                .setDetail(detail == null ? "" : detail)
                .setResultHash(resultHash == null ? ByteString.EMPTY : ByteString.copyFrom(resultHash))
                .setPepId(pepId)
                .build());
    }

    /**
     * SHA-256 of the Action's deterministic protobuf bytes (fields in number order, map entries
     * sorted by key): the {@code mutation_hash} of a RedemptionReceipt. Deterministic, because the
     * Action crosses JSON between PEP and node and its map order is not preserved by every hop.
     */
    public static byte[] mutationHash(Action mutation) {
        return PossessionProofs.mutationHash(mutation);
    }

    private static void requireInScope(WritClaims claims, Action mutation) throws PepRefusal {
        WritClaims.Action allowed = claims.action();
        String jti = claims.jti();
        if (!mutation.getTarget().equals(claims.subject()) || !mutation.getTarget().equals(allowed.target())) {
            throw outOfScope(jti, "target " + mutation.getTarget() + " is not the writ's " + claims.subject());
        }
        if (!mutation.getOperation().equals(allowed.operation())) {
            throw outOfScope(jti, "operation " + mutation.getOperation() + " is not the writ's " + allowed.operation());
        }
        if (!mutation.getClassification().equals(allowed.classification())) {
            throw outOfScope(jti, "classification " + mutation.getClassification() + " is not the writ's "
                    + allowed.classification());
        }
        Map<String, String> asked = mutation.getParametersMap();
        TreeSet<String> extra = new TreeSet<>(asked.keySet());
        extra.removeAll(allowed.parameters().keySet());
        if (!extra.isEmpty()) {
            throw outOfScope(jti, "parameters not in the writ: " + extra);
        }
        TreeSet<String> missing = new TreeSet<>(allowed.parameters().keySet());
        missing.removeAll(asked.keySet());
        if (!missing.isEmpty()) {
            throw outOfScope(jti, "parameters of the writ missing from the mutation: " + missing);
        }
        // Names only: parameter values may be personal data and refusals end up in logs.
        TreeSet<String> changed = new TreeSet<>();
        for (Map.Entry<String, String> entry : allowed.parameters().entrySet()) {
            if (!entry.getValue().equals(asked.get(entry.getKey()))) {
                changed.add(entry.getKey());
            }
        }
        if (!changed.isEmpty()) {
            throw outOfScope(jti, "parameters with other values than the writ's: " + changed);
        }
    }

    private VerifiedReceipt verifyReceipt(Writ writ, Action mutation, RedemptionResponse response) throws PepRefusal {
        WritClaims claims = writ.claims();
        if (!response.hasReceipt()) {
            throw receiptFault("MALFORMED", "the node's answer carries no receipt", null);
        }
        OpenedReceipt opened;
        try {
            opened = Receipts.open(response.getReceipt(), trusted, claims.domain());
        } catch (ProtocolException e) {
            throw receiptFault(e.fault().name(), e.detail(), e);
        }
        RedemptionReceipt receipt = opened.receipt();
        requireSame("domain", claims.domain(), receipt.getDomain());
        requireSame("jti", claims.jti(), receipt.getJti());
        if (!response.getJti().isEmpty()) {
            requireSame("answer's jti", claims.jti(), response.getJti());
        }
        requireSame("writ hash", b64(writ.hash()), b64(receipt.getWritHash().toByteArray()));
        requireSame("mutation hash", b64(mutationHash(mutation)), b64(receipt.getMutationHash().toByteArray()));
        requireSame("contract hash", claims.contractHash(), b64(receipt.getContractHash().toByteArray()));
        requireSame("PEP id", pepId, receipt.getPepId());
        Instant redeemedAt = Instant.ofEpochMilli(receipt.getRedeemedAtMillis());
        if (redeemedAt.isBefore(claims.notBefore().minus(clockSkew))
                || !redeemedAt.isBefore(claims.expiresAt().plus(clockSkew))) {
            throw receiptFault(PepRefusal.RECEIPT_MISMATCH, "the receipt says redeemed at " + redeemedAt
                    + ", outside the writ's window " + claims.notBefore() + " .. " + claims.expiresAt(), null);
        }
        return new VerifiedReceipt(writ, opened);
    }

    private static void requireSame(String what, String expected, String actual) throws PepRefusal {
        if (!expected.equals(actual)) {
            throw receiptFault(PepRefusal.RECEIPT_MISMATCH,
                    "the receipt's " + what + " is " + actual + ", expected " + expected, null);
        }
    }

    private static PepRefusal outOfScope(String jti, String detail) {
        return new PepRefusal(PepRefusal.SCOPE_MISMATCH, PepRefusal.Stage.SCOPE,
                "mutation outside writ " + jti + ": " + detail, null);
    }

    private static PepRefusal receiptFault(String code, String detail, Throwable cause) {
        return new PepRefusal(code, PepRefusal.Stage.RECEIPT, detail, cause);
    }

    private static String b64(byte[] bytes) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }
}

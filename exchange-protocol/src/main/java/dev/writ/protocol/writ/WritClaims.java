package dev.writ.protocol.writ;

import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * The claims of a writ: the signed action envelope's claims (docs/sources.md, cryptographic trust
 * layer) plus `dom`, `cnt` and `rev` (docs/decisions.md, D5).
 *
 * <p>Following the signed action envelope, {@code iss} names the agent whose action this is (its
 * SPIFFE id); the
 * domain that signs is {@code dom}, and the signing key is the JOSE {@code kid}.
 * Hashes are unpadded base64url of SHA-256. Times are whole seconds, as in every JWT.
 *
 * @param issuer          iss: the agent's SPIFFE id
 * @param subject         sub: the target system the action is for
 * @param action          act: what exactly may be done
 * @param policy          pol: the policy epoch that allowed it
 * @param modelHash       mod: SHA-256 of the agent's model artifact
 * @param issuedAt        iat
 * @param notBefore       nbf
 * @param expiresAt       exp
 * @param jti             jti: unique id; the key of single use
 * @param context         ctx: session, plan, parent writ, risk, classification
 * @param domain          dom: the issuing domain
 * @param contractHash    cnt: SHA-256 of the ExecutionContract bytes
 * @param revocationEpoch rev: the issuing domain's revocation epoch at issuance
 * @param confirmationKey cnf.jkt (RFC 7800, as DPoP RFC 9449 uses it): the RFC 7638 thumbprint of
 *                        the agent key whose proof of possession the writ's presenter must show,
 *                        "" for a bearer writ (D61)
 */
public record WritClaims(
        String issuer,
        String subject,
        Action action,
        Policy policy,
        String modelHash,
        Instant issuedAt,
        Instant notBefore,
        Instant expiresAt,
        String jti,
        Context context,
        String domain,
        String contractHash,
        long revocationEpoch,
        String confirmationKey) {

    /** A bearer writ: no {@code cnf}, so no proof of possession is asked of its presenter. */
    public WritClaims(String issuer, String subject, Action action, Policy policy, String modelHash, Instant issuedAt,
                      Instant notBefore, Instant expiresAt, String jti, Context context, String domain,
                      String contractHash, long revocationEpoch) {
        this(issuer, subject, action, policy, modelHash, issuedAt, notBefore, expiresAt, jti, context, domain,
                contractHash, revocationEpoch, "");
    }

    public WritClaims {
        Objects.requireNonNull(issuer, "iss");
        Objects.requireNonNull(subject, "sub");
        Objects.requireNonNull(action, "act");
        Objects.requireNonNull(policy, "pol");
        Objects.requireNonNull(modelHash, "mod");
        Objects.requireNonNull(issuedAt, "iat");
        Objects.requireNonNull(notBefore, "nbf");
        Objects.requireNonNull(expiresAt, "exp");
        Objects.requireNonNull(jti, "jti");
        Objects.requireNonNull(context, "ctx");
        Objects.requireNonNull(domain, "dom");
        Objects.requireNonNull(contractHash, "cnt");
        Objects.requireNonNull(confirmationKey, "cnf.jkt");
    }

    /** Whether the writ names a key its presenter must prove ({@code cnf.jkt}). */
    public boolean senderConstrained() {
        return !confirmationKey.isEmpty();
    }

    /** act: operation, target, parameters (canonical strings, sorted) and data classification. */
    public record Action(String operation, String target, Map<String, String> parameters, String classification) {
        public Action {
            Objects.requireNonNull(operation, "act.op");
            Objects.requireNonNull(target, "act.tgt");
            parameters = java.util.Collections.unmodifiableMap(new TreeMap<>(parameters));
            Objects.requireNonNull(classification, "act.cls");
        }
    }

    /** pol: PolicyRegistry address, policy version, block number read at, rules hash. */
    public record Policy(String contractAddress, long version, long blockNumber, String rulesHash) {
        public Policy {
            Objects.requireNonNull(contractAddress, "pol.adr");
            Objects.requireNonNull(rulesHash, "pol.rh");
        }
    }

    /** ctx: session id, plan id, parent writ hash ("" for a root action), risk score, classification. */
    public record Context(String sessionId, String planId, String parentWritHash, int riskScore,
                          String dataClassification) {
        public Context {
            Objects.requireNonNull(sessionId, "ctx.sid");
            Objects.requireNonNull(planId, "ctx.pln");
            Objects.requireNonNull(parentWritHash, "ctx.par");
            Objects.requireNonNull(dataClassification, "ctx.cls");
        }
    }
}

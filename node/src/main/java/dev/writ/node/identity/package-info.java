/**
 * Agent and node identity of a domain (docs/trust-model.md; docs/sources.md, key hierarchy and
 * proof-derived execution identity).
 *
 * <h2>The PKI</h2>
 * A domain has a root CA, created by {@code writ ca init} ({@link dev.writ.authority.ca.CaDirectory}),
 * whose key the operator moves offline, and an intermediate CA the node holds online
 * ({@code writ.identity.ca-dir}). Agent certificates follow the profile of
 * {@link dev.writ.protocol.identity.AgentCertificateProfile}: Ed25519, 24 h by default, SPIFFE id
 * {@code spiffe://<domain>/agent/<name>} as the only URI SAN, the model provenance hash in extension
 * {@code 2.25.105408581158659251048900237679655894567.1}, key usage digitalSignature only and the
 * single EKU "Writ proposal signing" ({@code ….2}). Agents get them from a CSR, offline
 * ({@code writ ca issue}) or over the API ({@link dev.writ.node.identity.CertificateIssuance}, which
 * needs the agent ACTIVE in the on-chain AgentRegistry). Rotation is a new CSR with a new key
 * before expiry; the key never leaves the agent. Node certificates for Artery TLS with mutual
 * authentication come from the same intermediate ({@link dev.writ.authority.ca.NodeTlsMaterial}).
 *
 * <h2>Authenticated proposals</h2>
 * An agent signs the Canonical bytes of its proposal (credential fields cleared) with purpose
 * PROPOSAL and sends its chain and signature inside the proposal, so the proof survives proxies
 * and is kept in the PROPOSAL evidence record. {@link dev.writ.node.identity.AgentAuthentication}
 * is step 1 of admission: chain to the domain root, validity, key usage, SPIFFE domain, SPIFFE id ==
 * the proposal's agent, model hash == the proposal's, signature, and revocation by both paths
 * (ledger AGENT/KEY revocations as this node holds them; the on-chain AgentRegistry when
 * configured). Each failure is a Refusal with its own CERT_* code and a REFUSAL record.
 * {@code writ.identity.agent-certificates = required} (the default: no standing privilege) refuses
 * a proposal without a credential (CERT_REQUIRED); {@code optional}, for trials, admits it on policy
 * alone and still verifies a credential in full when one is sent.
 *
 * <h2>Authenticated PEPs</h2>
 * PEP certificates come from the same intermediate ({@code CertificateAuthority.issuePep}): SPIFFE
 * id {@code spiffe://<domain>/pep/<name>}, no model hash, the single EKU "Writ enforcement"
 * ({@code ….3}). A PEP signs its redemptions and outcome reports (purpose PEP_REQUEST, credential
 * fields cleared) or presents the certificate over HTTPS; {@link dev.writ.node.identity.PepAuthentication}
 * verifies the chain by the agents' path with the PEP profile, the signature, the ledger's KEY
 * revocations, and that {@code pep_id} is the certificate's (docs/decisions.md, D58).
 * {@code writ.identity.pep-credentials = required} (the default) refuses a request without one
 * (PEP_REQUIRED).
 *
 * <h2>Why the writ needs no new claim to be bound to the agent</h2>
 * The writ's {@code iss} is the agent's SPIFFE id, which admission has just matched to the
 * verified certificate; its {@code cnt} is the hash of the ExecutionContract, which carries
 * {@code proposal_hash} (the SHA-256 of the exact proposal bytes, including the agent's certificate
 * chain and signature) and {@code agent_key_id} (the certified key). So a writ commits to the one
 * signed proposal and certificate it was minted for, and a verifier holding the bundle can check
 * the agent's signature offline. Revocation follows the same links at redemption: an AGENT
 * revocation of {@code iss}, a KEY revocation of {@code agent_key_id}, or the agent revoked on
 * chain refuses the writ (invariant 6).
 *
 * <h2>Revocation answers for relying parties</h2>
 * {@link dev.writ.node.identity.OcspResponder} serves OCSP at {@code /v1/ocsp} for certificates a
 * node issued, from the same two sources; {@link dev.writ.protocol.identity.OcspAnswers} reads
 * the answers fail-closed.
 */
package dev.writ.node.identity;

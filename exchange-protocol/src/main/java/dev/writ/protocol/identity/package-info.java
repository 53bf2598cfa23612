/**
 * Agent identity as a partner or PEP verifies it, with nothing but the domain's root certificate:
 * the certificate profile ({@link dev.writ.protocol.identity.AgentCertificateProfile}), chain
 * verification with one {@code CERT_*} fault per failure ({@link dev.writ.protocol.identity.AgentChainVerifier}),
 * CSRs with proof of possession ({@link dev.writ.protocol.identity.AgentCsr}), signed proposals
 * ({@link dev.writ.protocol.identity.ProposalSigning}) and OCSP answers
 * ({@link dev.writ.protocol.identity.OcspAnswers}). Pure: time and revocation sources are arguments.
 * Issuance is the domain CA's ({@code dev.writ.authority.ca}), offline or in the node ({@code dev.writ.node.identity}).
 */
package dev.writ.protocol.identity;

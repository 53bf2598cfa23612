package dev.writ.protocol.identity;

import org.bouncycastle.asn1.ASN1ObjectIdentifier;

/**
 * The certificate profile of Writ agent identity, in one place.
 *
 * <p>Writ's private object identifiers live under the UUID arc {@code 2.25} (ITU-T X.667): an OID
 * made from a random UUID needs no registration and cannot collide with anyone else's, which a
 * made-up enterprise number could.
 * <ul>
 *   <li>{@link #WRIT_ARC} {@code 2.25.105408581158659251048900237679655894567}: Writ.</li>
 *   <li>{@link #MODEL_HASH} {@code <arc>.1}: extension, non-critical, value an OCTET STRING with
 *       the SHA-256 model provenance hash of the agent (docs/sources.md, cryptographic trust
 *       layer: "which agent, running which model version").</li>
 *   <li>{@link #PROPOSAL_SIGNING} {@code <arc>.2}: extended key usage "Writ proposal signing".
 *       Agent certificates carry it as their only, critical, EKU, with key usage digitalSignature
 *       only, so the key can sign proposals and nothing else (no TLS, no certificates).</li>
 *   <li>{@link #ENFORCEMENT} {@code <arc>.3}: extended key usage "Writ enforcement". PEP
 *       certificates ({@code spiffe://<domain>/pep/<id>}, no model hash) carry it as their only,
 *       critical, EKU, with key usage digitalSignature only: the key signs redemptions and outcome
 *       reports (or authenticates them as a TLS client certificate) and nothing else, and an agent
 *       certificate is never taken for a PEP's, nor a PEP's for an agent's.</li>
 * </ul>
 */
public final class AgentCertificateProfile {
    public static final ASN1ObjectIdentifier WRIT_ARC = new ASN1ObjectIdentifier("2.25.105408581158659251048900237679655894567");
    public static final ASN1ObjectIdentifier MODEL_HASH = WRIT_ARC.branch("1");
    public static final ASN1ObjectIdentifier PROPOSAL_SIGNING = WRIT_ARC.branch("2");
    public static final ASN1ObjectIdentifier ENFORCEMENT = WRIT_ARC.branch("3");
    /** The model provenance hash is a SHA-256. */
    public static final int MODEL_HASH_LENGTH = 32;
    /** Leaf + intermediate is what a domain issues; one spare level for a deployment that adds one. */
    public static final int DEFAULT_MAX_CHAIN_LENGTH = 3;
    /** An Ed25519 certificate of this profile is about 500 bytes; a much larger one is abuse. */
    public static final int DEFAULT_MAX_CERTIFICATE_BYTES = 4096;

    private AgentCertificateProfile() {
    }
}

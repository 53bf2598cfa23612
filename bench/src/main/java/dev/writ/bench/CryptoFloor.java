package dev.writ.bench;

import com.google.protobuf.ByteString;
import dev.writ.authority.ca.CaDirectory;
import dev.writ.fabric.FabricIdentity;
import dev.writ.protocol.ProtocolException;
import dev.writ.protocol.client.AgentCredential;
import dev.writ.protocol.client.PepCredential;
import dev.writ.protocol.crypto.Hashes;
import dev.writ.protocol.crypto.KeyRing;
import dev.writ.protocol.crypto.SignaturePurpose;
import dev.writ.protocol.crypto.SigningKey;
import dev.writ.protocol.evidence.ChainHead;
import dev.writ.protocol.evidence.EvidenceRecords;
import dev.writ.protocol.identity.AgentChainVerifier;
import dev.writ.protocol.identity.PepSigning;
import dev.writ.protocol.identity.ProposalSigning;
import dev.writ.protocol.identity.VerifiedAgent;
import dev.writ.protocol.identity.VerifiedPep;
import dev.writ.protocol.receipt.Receipts;
import dev.writ.protocol.wire.Action;
import dev.writ.protocol.wire.ActionProposal;
import dev.writ.protocol.wire.EvidenceKind;
import dev.writ.protocol.wire.PossessionProof;
import dev.writ.protocol.wire.RedemptionReceipt;
import dev.writ.protocol.wire.RedemptionRequest;
import dev.writ.protocol.writ.PossessionProofs;
import dev.writ.protocol.writ.WritClaims;
import dev.writ.protocol.writ.WritIssuer;
import dev.writ.protocol.writ.WritVerifier;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;

/**
 * The CPU the cryptography of one action needs, with the real classes of exchange-protocol, a real
 * domain CA ({@link FabricIdentity}) and a bench proposal: the agent signs the proposal; the node
 * verifies the proposal's signature, signs the writ, seals the PROPOSAL, DECISION and ISSUANCE
 * records; at redemption it verifies the PEP's signature over the request, the writ and the agent's
 * proof of possession of the writ's key (D61), seals the REDEMPTION record and the receipt. The agent's and the PEP's certificate chains are verified once
 * per chain and kept (docs/decisions.md, D47), so their check is measured and shown but counted
 * in no action (a bench agent makes many actions with one certificate). Each operation runs single-threaded on this thread, {@code warmup} times, then
 * {@code reps} times measured in thread CPU time (not wall time), so other processes do not inflate it.
 */
public final class CryptoFloor {
    private static final String DOMAIN = BenchMain.DOMAIN;

    private CryptoFloor() {
    }

    /** One operation of an action: µs of CPU per operation, times per action, and whether a node does it. */
    public record Item(String name, int perAction, double micros, boolean node) {
    }

    /** The operations of one action. */
    public record Cost(List<Item> items) {
        public Cost {
            items = List.copyOf(items);
        }

        /** µs of CPU for one whole action, the agent's signature included. */
        public double actionMicros() {
            return items.stream().mapToDouble(i -> i.perAction() * i.micros()).sum();
        }

        /** µs of CPU the nodes spend on one action's cryptography (all but the agent's signature). */
        public double nodeMicros() {
            return items.stream().filter(Item::node).mapToDouble(i -> i.perAction() * i.micros()).sum();
        }
    }

    @FunctionalInterface
    private interface Op {
        Object run() throws ProtocolException;
    }

    /** Measures in {@code dir}, where it creates a throwaway domain CA. */
    public static Cost measure(Path dir, int warmup, int reps) {
        try {
            FabricIdentity identity = FabricIdentity.openOrCreate(DOMAIN, dir);
            Instant now = Instant.now();
            BenchActions actions = new BenchActions(new AgentRotation(DOMAIN, "floor", 1), "floor", Optional.empty());
            ActionProposal unsigned = identity.sign(actions.proposal(0)).toBuilder()
                    .clearAgentCertificates().clearAgentSignature().build();
            AgentCredential agent = identity.agent(unsigned.getAgentId(), FabricIdentity.NO_MODEL);
            ActionProposal signed = agent.sign(unsigned);
            AgentChainVerifier chain = AgentChainVerifier.forRoot(CaDirectory.at(identity.caDir()).rootDer(), 3, 4096);
            SigningKey nodeKey = SigningKey.generate();
            WritIssuer issuer = new WritIssuer(nodeKey);
            WritVerifier verifier = new WritVerifier(KeyRing.of(DOMAIN, nodeKey.verifyingKey()), Duration.ofSeconds(5));
            WritClaims claims = claims(signed, agent.key().verifyingKey().id().toString(), now);
            String compact = issuer.issue(claims).compact();
            ChainHead head = new ChainHead(DOMAIN, "lane-0", 1_000, Hashes.sha256(new byte[] {1}));
            byte[] payloadHash = Hashes.sha256(signed.toByteArray());
            RedemptionReceipt receipt = RedemptionReceipt.newBuilder().setDomain(DOMAIN).setJti(claims.jti())
                    .setWritHash(ByteString.copyFrom(Hashes.sha256(compact.getBytes(StandardCharsets.US_ASCII))))
                    .setContractHash(ByteString.copyFrom(payloadHash)).setMutationHash(ByteString.copyFrom(payloadHash))
                    .setPepId(BenchActions.PEP_ID).setNodeId("node-1").setRedeemedAtMillis(now.toEpochMilli()).build();

            VerifiedAgent certified = chain.verify(signed.getAgentCertificatesList().stream().map(ByteString::toByteArray)
                    .toList(), now, (serial, id, key) -> Optional.empty());
            byte[] proposalBytes = ProposalSigning.signedBytes(signed);
            byte[] proposalSignature = signed.getAgentSignature().toByteArray();
            PepCredential pep = identity.pep("floor");
            RedemptionRequest redemption = pep.sign(RedemptionRequest.newBuilder().setWrit(compact)
                    .setPepId(pep.pepId().uri()).build());
            VerifiedPep verifiedPep = chain.verifyPep(pep.chain(), now);
            Action mutation = signed.getAction();
            PossessionProof proof = agent.prove(compact, mutation, pep.pepId().uri(), now);
            byte[] redemptionBytes = PepSigning.signedBytes(redemption);
            byte[] redemptionSignature = PepSigning.signature(redemption);

            List<Item> items = new ArrayList<>();
            items.add(time("sign proposal (agent)", 1, false, warmup, reps, () -> agent.sign(unsigned)));
            items.add(time("verify agent chain + proposal signature (chain: once per certificate)", 0, true, warmup, reps,
                    () -> ProposalSigning.verify(signed, chain, now, (serial, id, key) -> Optional.empty())));
            items.add(time("verify proposal signature", 1, true, warmup, reps, () -> {
                certified.requireSigned(SignaturePurpose.PROPOSAL, proposalBytes, proposalSignature);
                return certified;
            }));
            items.add(time("sign writ", 1, true, warmup, reps, () -> issuer.issue(claims)));
            items.add(time("seal evidence record (PROPOSAL, DECISION, ISSUANCE, REDEMPTION)", 4, true, warmup, reps,
                    () -> EvidenceRecords.seal(nodeKey, "node-1", head, EvidenceKind.ISSUANCE, claims.jti(), payloadHash,
                            now.toEpochMilli())));
            items.add(time("verify PEP chain (once per certificate)", 0, true, warmup, reps,
                    () -> chain.verifyPep(pep.chain(), now)));
            items.add(time("verify PEP signature over the redemption", 1, true, warmup, reps, () -> {
                verifiedPep.requireSigned(SignaturePurpose.PEP_REQUEST, redemptionBytes, redemptionSignature);
                return verifiedPep;
            }));
            items.add(time("verify writ", 1, true, warmup, reps, () -> verifier.verify(compact, now)));
            items.add(time("prove possession of the writ's key (agent)", 1, false, warmup, reps,
                    () -> agent.prove(compact, mutation, pep.pepId().uri(), now)));
            items.add(time("verify the possession proof (the node's; the PEP checks it too)", 1, true, warmup, reps, () -> {
                PossessionProofs.require(claims, Optional.of(proof), mutation, pep.pepId().uri(), now, Duration.ofMinutes(1),
                        Duration.ofSeconds(2));
                return proof;
            }));
            items.add(time("seal receipt", 1, true, warmup, reps, () -> Receipts.seal(nodeKey, receipt)));
            return new Cost(items);
        } catch (ProtocolException e) {
            throw new IllegalStateException("the crypto floor's fixture is not valid: " + e.getMessage(), e);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the crypto floor's CA root under " + dir, e);
        }
    }

    private static WritClaims claims(ActionProposal p, String agentKeyId, Instant now) {
        String hash = Base64.getUrlEncoder().withoutPadding().encodeToString(Hashes.sha256(p.toByteArray()));
        return new WritClaims(DOMAIN, p.getAgentId(),
                new WritClaims.Action(p.getAction().getOperation(), p.getAction().getTarget(),
                        p.getAction().getParametersMap(), p.getAction().getClassification()),
                new WritClaims.Policy("0x5FbDB2315678afecb367f032d93F642f64180aa3", 1, 1, hash), hash,
                now, now, now.plusSeconds(60), "01JDFLOOR00000000000000000",
                new WritClaims.Context("bench", "", "", 10, "internal"), DOMAIN, hash, 0, agentKeyId);
    }

    private static Item time(String name, int perAction, boolean node, int warmup, int reps, Op op)
            throws ProtocolException {
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        Object sink = null;
        for (int i = 0; i < warmup; i++) {
            sink = op.run();
        }
        long cpu0 = threads.getCurrentThreadCpuTime();
        for (int i = 0; i < reps; i++) {
            sink = op.run();
        }
        long cpu = threads.getCurrentThreadCpuTime() - cpu0;
        if (sink == null) {
            throw new IllegalStateException(name + " returned nothing");
        }
        return new Item(name, perAction, cpu / 1e3 / reps, node);
    }
}

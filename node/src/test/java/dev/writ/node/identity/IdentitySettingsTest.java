package dev.writ.node.identity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.typesafe.config.ConfigFactory;
import dev.writ.node.NodeMain;
import dev.writ.node.config.NodeSettings;
import dev.writ.node.refusal.Refusal;
import dev.writ.node.revocation.RevocationSnapshot;
import dev.writ.protocol.wire.ActionProposal;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.CompletionException;
import org.junit.jupiter.api.Test;

class IdentitySettingsTest {
    private static final String TRIAL = "writ.identity { agent-certificates = optional, operator-credentials = optional,"
            + " pep-credentials = optional }\n";

    private static NodeSettings settings(String override) {
        return NodeSettings.from(NodeMain.compose(ConfigFactory.parseString(override)));
    }

    @Test
    void theDefaultRequiresAgentCertificatesAndOperatorsSoANodeWithoutACaOrOperatorsDoesNotStart() {
        assertThatThrownBy(() -> settings("")).hasMessageContaining("needs writ.identity.ca-dir")
                .hasMessageContaining("writ ca init");
        assertThatThrownBy(() -> settings("writ.identity.ca-dir = \"acme-ca\"")).hasMessageContaining("needs writ.identity.operators")
                .hasMessageContaining("writ ca operator");
        NodeSettings.Identity identity = settings("writ.identity { ca-dir = \"acme-ca\", operators = [{ id = ops, "
                + "public-key-pem = \"x\" }] }").identity();
        assertThat(identity.agentCertificates()).isEqualTo(NodeSettings.AgentCertificates.REQUIRED);
        assertThat(identity.operatorCredentials()).isEqualTo(NodeSettings.OperatorCredentials.REQUIRED);
        assertThat(identity.pepCredentials()).isEqualTo(NodeSettings.PepCredentials.REQUIRED);
        assertThat(identity.registry()).isNull();
        assertThat(identity.agentCertificateValidity()).isEqualTo(Duration.ofHours(24));
        assertThat(identity.maxChainLength()).isEqualTo(3);
        assertThat(identity.maxCertificateBytes()).isEqualTo(4096);
    }

    @Test
    void pepCredentialsRequiredNeedACa() {
        assertThatThrownBy(() -> settings("writ.identity { agent-certificates = optional, operator-credentials = optional }"))
                .hasMessageContaining("pep-credentials = required (the default) needs writ.identity.ca-dir");
        assertThatThrownBy(() -> settings(TRIAL + "writ.identity.pep-credentials = sometimes"))
                .hasMessageContaining("'optional' or 'required'");
    }

    @Test
    void aTrialNodeMayRelaxThemToOptional() {
        NodeSettings.Identity identity = settings(TRIAL).identity();
        assertThat(identity.pepCredentials()).isEqualTo(NodeSettings.PepCredentials.OPTIONAL);
        assertThat(identity.agentCertificates()).isEqualTo(NodeSettings.AgentCertificates.OPTIONAL);
        assertThat(identity.operatorCredentials()).isEqualTo(NodeSettings.OperatorCredentials.OPTIONAL);
        assertThat(identity.caDir()).isNull();
    }

    @Test
    void requiredCertificatesNeedACaAndTheRegistryNeedsTheChain() {
        assertThatThrownBy(() -> settings("writ.identity.agent-certificates = required"))
                .hasMessageContaining("needs writ.identity.ca-dir");
        assertThatThrownBy(() -> settings(TRIAL + "writ.identity.agent-certificates = sometimes"))
                .hasMessageContaining("'optional' or 'required'");
        assertThatThrownBy(() -> settings(TRIAL + "writ.identity.agent-registry.address = \"0x00000000000000000000000000000000000000aa\""))
                .hasMessageContaining("needs writ.chain.rpc-url");
        NodeSettings.Registry registry = settings(TRIAL + "writ.chain { rpc-url = \"http://127.0.0.1:1\", "
                + "evidence-anchor = \"0x00000000000000000000000000000000000000bb\", anchorer-key = \"0x01\" }\n"
                + "writ.identity.agent-registry.address = \"0x00000000000000000000000000000000000000aa\"").identity().registry();
        assertThat(registry.rpcUrl()).isEqualTo("http://127.0.0.1:1");
        assertThat(registry.statusCacheTtl()).isEqualTo(Duration.ofSeconds(1));
        assertThat(registry.chainId()).isEqualTo(31337);
    }

    @Test
    void inRequiredModeAnUnsignedProposalIsRefusedWithCertRequired() {
        NodeSettings.Identity required = new NodeSettings.Identity(NodeSettings.AgentCertificates.REQUIRED, null,
                Duration.ofHours(24), 3, 4096, null, NodeSettings.OperatorCredentials.OPTIONAL, java.util.List.of(),
                Duration.ofSeconds(30), 1024, 16, 0, NodeSettings.PepCredentials.OPTIONAL);
        AgentAuthentication auth = new AgentAuthentication(new NodeIdentity(required, Optional.empty(), Optional.empty(),
                Optional.empty(), Optional.empty()), 0);
        ActionProposal unsigned = ActionProposal.newBuilder().setProposalId("p-1").setAgentId("spiffe://acme/agent/a").build();
        assertThatThrownBy(() -> auth.authenticate(unsigned, java.util.List.of(), RevocationSnapshot.NONE, Instant.now()).toCompletableFuture().join())
                .isInstanceOf(CompletionException.class)
                .hasCauseInstanceOf(Refusal.class)
                .cause().hasFieldOrPropertyWithValue("code", dev.writ.node.refusal.RefusalCode.CERT_REQUIRED);
    }
}

package dev.writ.fabric;

import com.typesafe.config.ConfigFactory;
import dev.writ.authority.ca.CertificateAuthority;
import dev.writ.node.NodeMain;
import dev.writ.node.config.NodeSettings;
import dev.writ.protocol.client.AgentCredential;
import dev.writ.protocol.identity.AgentChainVerifier;
import dev.writ.protocol.identity.SpiffeId;
import dev.writ.protocol.identity.VerifiedAgent;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class FabricIdentityTest {
    @TempDir
    Path dir;

    @Test
    void itsNodeConfigurationRequiresSignedProposalsAndTheOperatorAndIsAcceptedByTheNode() {
        FabricIdentity acme = FabricIdentity.openOrCreate("acme", dir.resolve("acme"));
        StringBuilder text = new StringBuilder("writ.node.domain = acme\n");
        acme.nodeConfig().forEach((k, v) -> text.append(k).append(" = ").append(v).append('\n'));

        NodeSettings settings = NodeSettings.from(NodeMain.compose(ConfigFactory.parseString(text.toString())));

        assertThat(settings.identity().agentCertificates()).isEqualTo(NodeSettings.AgentCertificates.REQUIRED);
        assertThat(settings.identity().operatorCredentials()).isEqualTo(NodeSettings.OperatorCredentials.REQUIRED);
        assertThat(settings.identity().caDir()).isEqualTo(acme.caDir().toAbsolutePath());
        assertThat(settings.identity().operators()).singleElement().satisfies(o -> assertThat(o.id()).isEqualTo(FabricIdentity.OPERATOR));
    }

    @Test
    void agentCredentialsChainToTheDomainsRootAndAreIssuedOncePerAgent() throws Exception {
        FabricIdentity acme = FabricIdentity.openOrCreate("acme", dir.resolve("acme"));

        AgentCredential bot = acme.agent("spiffe://acme/agent/bot");

        assertThat(acme.agent("spiffe://acme/agent/bot")).isSameAs(bot);
        VerifiedAgent verified = AgentChainVerifier.forRoot(CertificateAuthority.encoded(acme.ca().root()))
                .verify(bot.chain(), Instant.now(), (serial, agent, key) -> Optional.empty());
        assertThat(verified.agent()).isEqualTo(SpiffeId.parse("spiffe://acme/agent/bot"));
        assertThatThrownBy(() -> acme.agent("spiffe://globex/agent/bot")).isInstanceOf(FabricException.class)
                .hasMessageContaining("globex");
    }

    @Test
    void aDirectoryThatHoldsAnIdentityIsReusedAndAnotherDomainsIsRefused() {
        FabricIdentity first = FabricIdentity.openOrCreate("acme", dir.resolve("acme"));

        FabricIdentity again = FabricIdentity.openOrCreate("acme", dir.resolve("acme"));

        assertThat(again.ca().root()).isEqualTo(first.ca().root());
        assertThat(again.operator().key().verifyingKey()).isEqualTo(first.operator().key().verifyingKey());
        assertThatThrownBy(() -> FabricIdentity.openOrCreate("globex", dir.resolve("acme")))
                .isInstanceOf(FabricException.class).hasMessageContaining("acme");
    }
}

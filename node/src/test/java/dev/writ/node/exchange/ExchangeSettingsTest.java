package dev.writ.node.exchange;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import org.junit.jupiter.api.Test;

class ExchangeSettingsTest {
    private static final String REGISTRY = "0x5fbdb2315678afecb367f032d93f642f64180aa3";

    private static Config writ(String overrides) {
        return ConfigFactory.parseString(overrides).withFallback(ConfigFactory.defaultReference()).resolve().getConfig("writ");
    }

    @Test
    void offByDefaultAndTargetsBelongToTheOwnDomain() {
        ExchangeSettings s = ExchangeSettings.from(writ(""));
        assertThat(s.enabled()).isFalse();
        assertThat(new PartnerRoster("acme", s.roster()).redeemDomain("payments-api")).isEqualTo("acme");
        assertThat(s.partnersFile()).isEmpty();
    }

    @Test
    void onNeedsTheChainAndTheRegistryAndNamesPartnerTargets() {
        assertThatThrownBy(() -> ExchangeSettings.from(writ("writ.exchange.enabled = on")))
                .hasMessageContaining("writ.chain.rpc-url");
        ExchangeSettings s = ExchangeSettings.from(writ("writ.exchange.enabled = on\nwrit.chain.rpc-url = \"http://x:1\"\n"
                + "writ.exchange.registry-address = \"" + REGISTRY + "\"\n"
                + "writ.exchange.partners = [globex, acme]\n"
                + "writ.exchange.target-owners { \"globex-ledger\" = globex }"));
        assertThat(s.registryAddress()).isEqualTo(REGISTRY);
        PartnerRoster roster = new PartnerRoster("acme", s.roster());
        assertThat(roster.partners()).containsExactly("globex");
        assertThat(roster.speaksWith("globex")).isTrue();
        assertThat(roster.speaksWith("acme")).isTrue();
        assertThat(roster.speaksWith("initech")).isFalse();
        assertThat(roster.redeemDomain("globex-ledger")).isEqualTo("globex");
        assertThat(s.bounds().beaconStalenessMillis()).isEqualTo(3_000);
    }

    @Test
    void aStalenessBoundBelowTwoBeaconsIsRefused() {
        assertThatThrownBy(() -> ExchangeSettings.from(writ("writ.exchange.enabled = on\nwrit.chain.rpc-url = \"http://x:1\"\n"
                + "writ.identity.agent-registry.address = \"" + REGISTRY + "\"\nwrit.exchange.beacon-staleness-bound = 600ms")))
                .hasMessageContaining("twice");
    }

    @Test
    void aTargetOwnerMustBeAConfiguredPartner() {
        assertThatThrownBy(() -> ExchangeSettings.from(writ("writ.exchange.target-owners { \"globex-ledger\" = globex }")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("not in writ.exchange.partners");
    }

    @Test
    void partnersMustBeDomainNamesAndServingNeedsARate() {
        assertThatThrownBy(() -> ExchangeSettings.from(writ("writ.exchange.partners = [\"Globex Corp\"]")))
                .hasMessageContaining("is not a domain name");
        assertThatThrownBy(() -> ExchangeSettings.from(writ("writ.exchange.served-requests-per-second = 0")))
                .hasMessageContaining("at least 1");
    }

    @Test
    void checkpointsHaveSafeDefaultsAndHoldAtLeastTwoIntervals() {
        ExchangeSettings.Checkpoints k = ExchangeSettings.from(writ("")).checkpoints();
        assertThat(k.interval()).isEqualTo(1024);
        assertThat(k.maxHeld()).isGreaterThanOrEqualTo(2 * k.interval());
        assertThatThrownBy(() -> ExchangeSettings.from(writ("writ.exchange.checkpoints { interval = 100, max-held = 150 }")))
                .hasMessageContaining("twice interval");
        assertThatThrownBy(() -> ExchangeSettings.from(writ("writ.exchange.checkpoints.interval = 1")))
                .hasMessageContaining("at least 2");
    }
}

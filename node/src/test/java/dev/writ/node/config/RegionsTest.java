package dev.writ.node.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.typesafe.config.ConfigFactory;
import dev.writ.node.NodeMain;
import java.math.BigDecimal;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RegionsTest {
    private static Regions parse(String writ) {
        return Regions.from(ConfigFactory.parseString(writ)
                .withFallback(ConfigFactory.parseString("node.region = default, regions.budget-shares {}")));
    }

    @Test
    void withoutSharesTheDomainIsOneRegionWithTheEntityNamesOfANodeBeforeRegions() {
        Regions regions = parse("");
        assertThat(regions.split()).isFalse();
        assertThat(regions.role()).isEqualTo("region:default");
        assertThat(regions.names()).containsExactly("default");
        assertThat(regions.share("default")).isEqualByComparingTo("1");
        assertThat(regions.typeName("Budget", "default")).isEqualTo("Budget");
        assertThat(regions.entityId("agent#rule#RATE#0", "default")).isEqualTo("agent#rule#RATE#0");
    }

    @Test
    void withSharesEachRegionHasItsOwnTypeAndIdsThatCarryTheRegion() {
        Regions regions = parse("node.region = west, regions.budget-shares { east = 0.6, west = 0.4 }");
        assertThat(regions.split()).isTrue();
        assertThat(regions.role()).isEqualTo("region:west");
        assertThat(regions.names()).as("this node's region first").containsExactly("west", "east");
        assertThat(regions.share("east")).isEqualByComparingTo("0.6");
        assertThat(regions.typeName("Budget", "east")).isEqualTo("Budget-east");
        assertThat(regions.entityId("agent#rule#RATE#0", "west")).isEqualTo("agent#rule#RATE#0@west");
    }

    @Test
    void sharesThatAddUpToMoreThanTheWholeLimitDoNotStart() {
        assertThatThrownBy(() -> parse("node.region = east, regions.budget-shares { east = 0.6, west = 0.5 }"))
                .hasMessageContaining("add up to 1.1");
    }

    @Test
    void aNodeWhoseRegionHasNoShareOrAShareOutsideZeroToOneDoesNotStart() {
        assertThatThrownBy(() -> parse("node.region = north, regions.budget-shares { east = 0.5, west = 0.5 }"))
                .hasMessageContaining("'north' has no share");
        assertThatThrownBy(() -> parse("node.region = east, regions.budget-shares { east = 0, west = 0.5 }"))
                .hasMessageContaining("must be in (0, 1]");
        assertThatThrownBy(() -> parse("node.region = east, regions.budget-shares { east = half }"))
                .hasMessageContaining("must be a decimal");
        assertThatThrownBy(() -> new Regions("East", Map.of())).hasMessageContaining("lower-case");
        assertThatThrownBy(() -> new Regions("east", Map.of("we@st", BigDecimal.ONE))).hasMessageContaining("region name");
    }

    @Test
    void aNodesSettingsCarryItsRegionsWithTheDefaultOfOneRegion() {
        String trial = "writ.identity { agent-certificates = optional, operator-credentials = optional,"
                + " pep-credentials = optional }\n";
        assertThat(NodeSettings.from(NodeMain.compose(ConfigFactory.parseString(trial))).regions())
                .isEqualTo(Regions.single("default"));
        assertThat(NodeSettings.from(NodeMain.compose(ConfigFactory.parseString(trial
                + "writ.node.region = east, writ.regions.budget-shares { east = 0.5, west = 0.5 }"))).regions())
                .isEqualTo(new Regions("east", Map.of("east", new BigDecimal("0.5"), "west", new BigDecimal("0.5"))));
    }
}

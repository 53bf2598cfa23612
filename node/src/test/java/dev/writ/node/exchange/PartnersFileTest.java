package dev.writ.node.exchange;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A partners file: read at start, then a changed file in force at once, a broken one changing nothing. */
class PartnersFileTest {
    @TempDir
    Path dir;

    private static Config writ(String overrides) {
        return ConfigFactory.parseString(overrides + "\nwrit.node.domain = acme")
                .withFallback(ConfigFactory.defaultReference()).resolve().getConfig("writ");
    }

    private Path file(String text) throws Exception {
        Path f = dir.resolve("partners.conf");
        Files.writeString(f, text);
        return f;
    }

    @Test
    void theFileIsThePartnerListAtStartAndTheOnlyOne() throws Exception {
        Path f = file("partners = [globex, acme]\ntarget-owners { \"globex-ledger\" = globex }\n");
        ExchangeSettings s = ExchangeSettings.from(writ("writ.exchange.partners-file = \"" + f + "\""));
        assertThat(s.partnersFile()).contains(f);
        assertThat(s.roster().partners()).containsExactly("globex");
        assertThat(s.roster().targetOwners()).containsEntry("globex-ledger", "globex");
        assertThatThrownBy(() -> ExchangeSettings.from(writ("writ.exchange.partners-file = \"" + f + "\"\n"
                + "writ.exchange.partners = [initech]"))).hasMessageContaining("must then be empty");
        assertThatThrownBy(() -> ExchangeSettings.from(writ("writ.exchange.partners-file = \"" + dir.resolve("absent.conf")
                + "\""))).hasMessageContaining("cannot be read");
        Files.writeString(f, "partners = []\ntarget-owners { \"globex-ledger\" = globex }\n");
        assertThatThrownBy(() -> ExchangeSettings.from(writ("writ.exchange.partners-file = \"" + f + "\"")))
                .hasMessageContaining("target-owners gives globex-ledger to globex, which is not in partners");
    }

    @Test
    void aChangedFileIsInForceAtTheNextCheckWithoutARestart() throws Exception {
        Path f = file("partners = [globex]\n");
        PartnerRoster roster = new PartnerRoster("acme", PartnersFile.read(f, "acme"));
        PartnersFile watch = new PartnersFile(f, "acme", roster);
        PartnerDomains domains = new PartnerDomains(ExchangeSettings.from(writ("writ.exchange.partners-file = \"" + f + "\"")),
                "acme", java.time.Clock.systemUTC());
        assertThat(roster.speaksWith("globex")).isTrue();
        assertThat(roster.speaksWith("initech")).isFalse();

        Files.writeString(f, "partners = [globex, initech]\ntarget-owners { \"initech-ledger\" = initech }\n");
        watch.run();
        assertThat(roster.partners()).containsExactlyInAnyOrder("globex", "initech");
        assertThat(roster.redeemDomain("initech-ledger")).isEqualTo("initech");

        // Removed: refused at once, fail closed, whatever was held of it.
        Files.writeString(f, "partners = [initech]\n");
        watch.run();
        assertThat(roster.speaksWith("globex")).isFalse();
        assertThat(roster.redeemDomain("initech-ledger")).isEqualTo("acme");
        assertThat(roster.speaksWith("acme")).as("the own domain is never removed").isTrue();

        // The PartnerDomains of a node reads its own roster: a domain not in it is NOT_A_PARTNER, never a gap to repair.
        assertThat(domains.verdict("initech", 0)).isInstanceOfSatisfying(dev.writ.reconciliation.Verdict.Refuse.class,
                r -> assertThat(r.code()).isEqualTo(dev.writ.reconciliation.ContinuityCode.NOT_A_PARTNER));
        assertThat(domains.verdict("globex", 0)).isInstanceOfSatisfying(dev.writ.reconciliation.Verdict.Refuse.class,
                r -> assertThat(r.code()).isEqualTo(dev.writ.reconciliation.ContinuityCode.CONTINUITY_GAP));
    }

    @Test
    void aBrokenOrVanishedFileChangesNothing() throws Exception {
        Path f = file("partners = [globex]\n");
        PartnerRoster roster = new PartnerRoster("acme", PartnersFile.read(f, "acme"));
        PartnersFile watch = new PartnersFile(f, "acme", roster);
        Files.writeString(f, "partners = [globex, \"Initech Corp\"]\n");
        watch.run();
        assertThat(roster.partners()).containsExactly("globex");
        Files.writeString(f, "partners = [globex\n");
        watch.run();
        assertThat(roster.partners()).containsExactly("globex");
        Files.delete(f);
        watch.run();
        assertThat(roster.partners()).containsExactly("globex");
        // mended: taken at the next check
        Files.writeString(f, "partners = []\n");
        watch.run();
        assertThat(roster.partners()).isEmpty();
    }
}

package dev.writ.cli;

import dev.writ.node.exchange.PartnerRoster;
import java.io.IOException;
import java.io.PrintWriter;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * `writ domain partner remove`: a departing domain out of a node's partner list, with every target
 * it owned; from the node's next check of the file its envelopes, writs, story parts and key lookups
 * are refused (NOT_A_PARTNER), as are proposals for the targets it owned here.
 */
@Command(name = "remove", mixinStandardHelpOptions = true,
        description = {"Remove a partner domain, and the targets it owns, from a node's partners file.",
                "The node refuses its envelopes and writs (NOT_A_PARTNER) from its next check of the file, without a restart."})
final class DomainPartnerRemoveCommand extends CaStep {
    @Mixin
    private PartnerListFile list;

    @Option(names = "--domain", required = true, description = "the partner domain")
    private String domain;

    @Override
    public void run(PrintWriter console) throws CaOutput.Refused, IOException {
        PartnerRoster.Roster now = list.read();
        if (!now.partners().contains(domain)) {
            throw new CaOutput.Refused("NOT_A_PARTNER", "domain " + domain + " is not a partner in " + list.file);
        }
        Set<String> partners = new TreeSet<>(now.partners());
        partners.remove(domain);
        Map<String, String> owners = new TreeMap<>(now.targetOwners());
        owners.values().removeIf(domain::equals);
        list.write(partners, owners);
        console.println("domain " + domain + " is no longer a partner in " + list.file);
    }
}

package dev.writ.cli;

import dev.writ.node.exchange.PartnerRoster;
import java.io.PrintWriter;
import java.util.TreeMap;
import java.util.TreeSet;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** `writ domain partner list`: the partners in a node's partners file, each with the targets it owns. */
@Command(name = "list", mixinStandardHelpOptions = true,
        description = {"List the partner domains in a node's partners file, each with the targets it owns."})
final class DomainPartnerListCommand extends CaStep {
    @Mixin
    private PartnerListFile list;

    @Override
    public void run(PrintWriter console) throws CaOutput.Refused {
        PartnerRoster.Roster now = list.read();
        for (String partner : new TreeSet<>(now.partners())) {
            var owned = new TreeMap<>(now.targetOwners()).entrySet().stream().filter(e -> e.getValue().equals(partner))
                    .map(java.util.Map.Entry::getKey).toList();
            console.println(partner + (owned.isEmpty() ? "" : " owns " + String.join(", ", owned)));
        }
    }
}

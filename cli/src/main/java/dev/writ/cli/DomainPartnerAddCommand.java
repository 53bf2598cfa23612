package dev.writ.cli;

import dev.writ.node.exchange.PartnerRoster;
import java.io.IOException;
import java.io.PrintWriter;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * `writ domain partner add`: a domain into a node's partner list, with the targets it owns; the
 * node takes its envelopes and writs from its next check of the file on (its keys still come from
 * the AgentRegistry, its nodes still need the root in the trust store: `writ domain trust add`).
 */
@Command(name = "add", mixinStandardHelpOptions = true,
        description = {"Add a partner domain (and the targets it owns) to a node's partners file.",
                "The node exchanges proof with it and redeems its writs from its next check of the file, without a restart."})
final class DomainPartnerAddCommand extends CaStep {
    @Mixin
    private PartnerListFile list;

    @Option(names = "--domain", required = true, description = "the partner domain")
    private String domain;

    @Option(names = "--owns", paramLabel = "<target>", description = "a target the partner owns (repeatable): "
            + "its writs are redeemed there")
    private List<String> owns = List.of();

    @Override
    public void run(PrintWriter console) throws CaOutput.Refused, IOException {
        DomainName.check(domain);
        PartnerRoster.Roster now = list.read();
        Set<String> partners = new TreeSet<>(now.partners());
        partners.add(domain);
        Map<String, String> owners = new TreeMap<>(now.targetOwners());
        for (String target : owns) {
            PartnerListFile.checkName(target);
            String held = owners.putIfAbsent(target, domain);
            if (held != null && !held.equals(domain)) {
                throw new CaOutput.Refused("TARGET_OWNED", "target " + target + " is owned by domain " + held
                        + " in " + list.file + "; remove that partner first");
            }
        }
        list.write(partners, owners);
        console.println("domain " + domain + " is a partner in " + list.file + (owns.isEmpty() ? "" : ", owning " + owns));
    }
}

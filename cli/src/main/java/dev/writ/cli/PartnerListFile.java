package dev.writ.cli;

import dev.writ.node.exchange.PartnerRoster;
import dev.writ.node.exchange.PartnersFile;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import picocli.CommandLine.Option;

/**
 * The node's {@code writ.exchange.partners-file}, as {@code writ domain partner} reads and writes it:
 * parsed and checked by the node's own {@link PartnersFile}, written whole beside the old one and
 * moved over it, so the node never reads half a list.
 */
final class PartnerListFile {
    @Option(names = "--partners-file", required = true, paramLabel = "<file>",
            description = "the node's writ.exchange.partners-file (created by add when absent)")
    Path file;

    PartnerRoster.Roster read() throws CaOutput.Refused {
        if (!Files.exists(file)) {
            return new PartnerRoster.Roster(Set.of(), Map.of());
        }
        try {
            return PartnersFile.read(file, "");
        } catch (IllegalArgumentException e) {
            throw new CaOutput.Refused("PARTNERS_FILE_INVALID", e.getMessage());
        }
    }

    void write(Set<String> partners, Map<String, String> targetOwners) throws IOException {
        StringBuilder text = new StringBuilder("# writ.exchange.partners-file, written by `writ domain partner`; the node"
                + " takes a change within writ.exchange.partners-file-check-interval.\npartners = [");
        text.append(String.join(", ", new TreeSet<>(partners).stream().map(PartnerListFile::quote).toList())).append("]\n");
        text.append("target-owners {");
        new TreeMap<>(targetOwners).forEach((target, owner) -> text.append("\n  ").append(quote(target)).append(" = ")
                .append(quote(owner)));
        text.append(targetOwners.isEmpty() ? "}\n" : "\n}\n");
        Path absolute = file.toAbsolutePath();
        Files.createDirectories(absolute.getParent());
        Path next = Files.createTempFile(absolute.getParent(), absolute.getFileName().toString(), ".next");
        Files.writeString(next, text, StandardCharsets.UTF_8);
        Files.move(next, absolute, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }

    /** A name fit to be written quoted: no quote, backslash or control character (domain names are checked apart). */
    static void checkName(String name) throws CaOutput.Refused {
        if (name.isEmpty() || name.contains("\"") || name.contains("\\") || name.chars().anyMatch(Character::isISOControl)) {
            throw new CaOutput.Refused("MALFORMED", "not a target name: '" + name + "'");
        }
    }

    private static String quote(String s) {
        return "\"" + s + "\"";
    }
}

package dev.writ.node.exchange;

import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigFactory;
import dev.writ.protocol.crypto.Hashes;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code writ.exchange.partners-file}: the partner list as a HOCON file of {@code partners} and
 * {@code target-owners} (what {@code writ domain partner} edits), read at start and checked again
 * every {@code partners-file-check-interval}. A changed file that holds is put in force at once,
 * partners added and removed without a restart; one that does not hold (unreadable, not HOCON, a
 * target given to a domain not listed) is logged and changes nothing: the list last in force stays,
 * so a broken edit never lets a domain in.
 */
public final class PartnersFile implements Runnable {
    private static final Logger LOG = LoggerFactory.getLogger(PartnersFile.class);

    private final Path file;
    private final String own;
    private final PartnerRoster roster;
    private byte[] lastSeen;

    public PartnersFile(Path file, String own, PartnerRoster roster) {
        this.file = file;
        this.own = own;
        this.roster = roster;
        this.lastSeen = digest(file).orElse(new byte[0]);
    }

    /** The file's list; IllegalArgumentException naming the file when it cannot be read or does not hold. */
    public static PartnerRoster.Roster read(Path file, String own) {
        try {
            return parse(Files.readString(file, StandardCharsets.UTF_8), own);
        } catch (IOException e) {
            throw new IllegalArgumentException("writ.exchange.partners-file " + file + " cannot be read: " + e.getMessage());
        } catch (IllegalArgumentException | ConfigException e) {
            throw new IllegalArgumentException("writ.exchange.partners-file " + file + ": " + e.getMessage());
        }
    }

    private static PartnerRoster.Roster parse(String text, String own) {
        return PartnerRoster.Roster.parse(ConfigFactory.parseString(text).resolve(), own, "");
    }

    /** One check: the file again if its bytes changed since the last check. */
    @Override
    public void run() {
        Optional<byte[]> now = digest(file);
        if (now.isEmpty() || Arrays.equals(now.get(), lastSeen)) {
            return;
        }
        lastSeen = now.get();
        PartnerRoster.Roster next;
        try {
            next = read(file, own);
        } catch (IllegalArgumentException e) {
            LOG.error("The partner list was not changed: {}", e.getMessage());
            return;
        }
        PartnerRoster.Roster before = roster.replace(next);
        Set<String> added = new TreeSet<>(next.partners());
        added.removeAll(before.partners());
        Set<String> removed = new TreeSet<>(before.partners());
        removed.removeAll(next.partners());
        LOG.warn("Partner list changed from {}: partners now {} (added {}, removed {}), target owners {}", file,
                new TreeSet<>(next.partners()), added, removed, next.targetOwners());
    }

    private static Optional<byte[]> digest(Path file) {
        try {
            return Optional.of(Hashes.sha256(Files.readAllBytes(file)));
        } catch (IOException e) {
            LOG.error("writ.exchange.partners-file {} cannot be read; the partner list in force stays: {}", file,
                    e.getMessage());
            return Optional.empty();
        }
    }
}

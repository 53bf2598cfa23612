package dev.writ.fabric.region;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;

/**
 * The standbys a primary waits for, as its {@code synchronous_standby_names}: {@code ANY 1 ("a", "b")},
 * quorum commit (docs/regions.md). A commit returns once it is on the primary and on at least one of
 * them, so losing any one region (the primary's or a standby's) loses no acknowledged commit, and
 * with two standbys the primary keeps committing through the loss of either. No names means no
 * synchronous standby: commits are on the primary alone. Pure.
 */
public record SynchronousStandbys(List<String> names) {
    public SynchronousStandbys {
        names = List.copyOf(names);
        names.forEach(SynchronousStandbys::checkName);
        if (names.stream().distinct().count() != names.size()) {
            throw new IllegalArgumentException("standby names repeat: " + names);
        }
    }

    /** A standby's name (its {@code application_name}, quoted in the setting): letters, digits, '-' and '_'. */
    public static String checkName(String name) {
        if (!name.matches("[A-Za-z0-9_-]+")) {
            throw new IllegalArgumentException("a standby's name (its application_name) is letters, digits, '-' and '_',"
                    + " got '" + name + "'");
        }
        return name;
    }

    /**
     * Reads a {@code synchronous_standby_names} setting: empty, one name, a list, or a list under
     * {@code ANY n}, {@code FIRST n} or {@code n}; the number is dropped (Writ always waits for one).
     */
    public static SynchronousStandbys parse(String setting) {
        String s = setting.strip();
        if (s.isEmpty()) {
            return new SynchronousStandbys(List.of());
        }
        int open = s.indexOf('(');
        if (open >= 0) {
            if (!s.endsWith(")")) {
                throw new IllegalArgumentException("cannot read synchronous_standby_names '" + setting + "'");
            }
            s = s.substring(open + 1, s.length() - 1);
        }
        return new SynchronousStandbys(Arrays.stream(s.split(",")).map(String::strip).map(n -> n.replace("\"", ""))
                .filter(n -> !n.isEmpty()).toList());
    }

    /** These names and {@code name} (kept once). */
    public SynchronousStandbys with(String name) {
        if (names.contains(name)) {
            return this;
        }
        List<String> more = new ArrayList<>(names);
        more.add(name);
        return new SynchronousStandbys(more);
    }

    /** These names but {@code name}: a server that became the primary does not wait for itself. */
    public SynchronousStandbys without(String name) {
        return new SynchronousStandbys(names.stream().filter(n -> !n.equals(name)).toList());
    }

    /** The setting: {@code ANY 1 ("a", "b")}, or empty for none. */
    public String setting() {
        return names.isEmpty() ? "" : names.stream().map(n -> "\"" + n + "\"").collect(Collectors.joining(", ", "ANY 1 (", ")"));
    }
}

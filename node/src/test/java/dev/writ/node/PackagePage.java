package dev.writ.node;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/** Renders the node's package graph as a Markdown page: floors from the top down, and a Mermaid diagram. */
final class PackagePage {
    private PackagePage() {
    }

    static String render(Map<String, Set<String>> uses) {
        Map<String, Integer> floors = new HashMap<>();
        uses.keySet().forEach(p -> floor(p, uses, floors));
        TreeMap<Integer, Set<String>> byFloor = new TreeMap<>();
        floors.forEach((p, f) -> byFloor.computeIfAbsent(f, k -> new TreeSet<>()).add(p));

        StringBuilder out = new StringBuilder();
        out.append("# The node's packages\n\n")
                .append("Generated from the compiled classes by `PackageLayeringTest` (node module); do not edit by hand.\n")
                .append("Each package stands on a floor above everything it uses, so every arrow points down;\n")
                .append("`dev.writ.node` itself (the top) holds `Node`, whose `start` wires the rest.\n\n")
                .append("| floor | package | uses |\n| ---: | --- | --- |\n");
        for (int f : byFloor.descendingKeySet()) {
            for (String p : byFloor.get(f)) {
                out.append("| ").append(f).append(" | `").append(name(p)).append("` | ")
                        .append(String.join(", ", uses.getOrDefault(p, Set.of()).stream().map(u -> "`" + name(u) + "`").toList()))
                        .append(" |\n");
            }
        }
        out.append("\n```mermaid\ngraph TD\n");
        for (var e : uses.entrySet()) {
            for (String to : e.getValue()) {
                out.append("  ").append(id(e.getKey())).append(" --> ").append(id(to)).append('\n');
            }
        }
        out.append("```\n");
        return out.toString();
    }

    private static int floor(String pkg, Map<String, Set<String>> uses, Map<String, Integer> floors) {
        Integer known = floors.get(pkg);
        if (known != null) {
            return known;
        }
        floors.put(pkg, 1); // a cycle would end here; the layering test refuses cycles on its own
        int highest = 0;
        for (String used : new ArrayList<>(uses.getOrDefault(pkg, Set.of()))) {
            highest = Math.max(highest, floor(used, uses, floors));
        }
        floors.put(pkg, highest + 1);
        return highest + 1;
    }

    private static String name(String pkg) {
        return pkg.isEmpty() ? "dev.writ.node" : pkg;
    }

    private static String id(String pkg) {
        return pkg.isEmpty() ? "node" : pkg.replace('.', '_');
    }
}

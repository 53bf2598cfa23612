package dev.writ.node;

import com.tngtech.archunit.core.domain.Dependency;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The house of the node module: its packages depend on each other top-down only (no cycles, and
 * nothing imports the top, where {@link Node} wires them), and {@code docs/node-packages.md} is
 * the picture of the packages as the compiled code has them. When a change moves an arrow, run
 * {@code mvn -pl node -am test -Dtest=PackageLayeringTest -Dsurefire.failIfNoSpecifiedTests=false
 * -Dwrit.docs.write=true} and commit the
 * regenerated page with it.
 */
class PackageLayeringTest {
    private static final String ROOT = "dev.writ.node";
    private static final Path PAGE = Path.of("..", "docs", "node-packages.md");

    private static JavaClasses classes;

    @BeforeAll
    static void importClasses() {
        classes = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages(ROOT);
    }

    @Test
    void packagesFormNoCycle() {
        slices().matching(ROOT + ".(*)..").should().beFreeOfCycles().check(classes);
    }

    @Test
    void onlyTheTopWiresTheNode() {
        noClasses().that().resideOutsideOfPackage(ROOT).should().dependOnClassesThat().resideInAPackage(ROOT)
                .because("the root package is the top floor: Node.start wires the packages, none of them looks up")
                .check(classes);
    }

    @Test
    void thePackagePictureInDocsIsTheCodes() throws IOException {
        String page = PackagePage.render(dependencies());
        if (Boolean.getBoolean("writ.docs.write")) {
            Files.writeString(PAGE, page, StandardCharsets.UTF_8);
        }
        assertThat(Files.exists(PAGE) ? Files.readString(PAGE, StandardCharsets.UTF_8) : "")
                .as("docs/node-packages.md is stale: regenerate it with -Dwrit.docs.write=true (see this test's doc)")
                .isEqualTo(page);
    }

    /** Package (relative to dev.writ.node, "" for the root) to the packages its main classes use. */
    private static Map<String, Set<String>> dependencies() {
        Map<String, Set<String>> uses = new TreeMap<>();
        for (JavaClass c : classes) {
            String from = relative(c.getPackageName());
            Set<String> to = uses.computeIfAbsent(from, k -> new TreeSet<>());
            for (Dependency d : c.getDirectDependenciesFromSelf()) {
                String target = d.getTargetClass().getPackageName();
                if (target.equals(ROOT) || target.startsWith(ROOT + ".")) {
                    String rel = relative(target);
                    if (!rel.equals(from)) {
                        to.add(rel);
                    }
                }
            }
        }
        return uses;
    }

    private static String relative(String pkg) {
        return pkg.equals(ROOT) ? "" : pkg.substring(ROOT.length() + 1);
    }
}

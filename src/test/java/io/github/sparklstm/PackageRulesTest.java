package io.github.sparklstm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The packages' own rules, as each package-info.java states them: "May import:" names the project's packages a
 * package's code may use, and "Without Spark, Hadoop or Scala" marks those whose code may not name them. Read from
 * the sources (imports and fully qualified names alike, comments left out), so an arrow that points up, a circle,
 * or a math package that reaches for Spark fails here rather than in a review.
 */
class PackageRulesTest {

    private static final Path SOURCES = Path.of("src/main/java/io/github/sparklstm");
    private static final Pattern PROJECT =
            Pattern.compile("io\\.github\\.sparklstm\\.((?:[a-z]+\\.)*[a-z]+)\\.[A-Z]");
    private static final Pattern FRAMEWORKS = Pattern.compile("\\b(org\\.apache\\.spark|org\\.apache\\.hadoop|scala)\\.");
    private static final Pattern MAY_IMPORT = Pattern.compile("May import: (.*?)\\.(\\s|$)", Pattern.DOTALL);
    private static final Pattern CODE = Pattern.compile("\\{@code ([a-z.]+)}");

    record Rules(Set<String> mayImport, boolean withoutFrameworks) {
    }

    @Test
    void everyPackageSaysWhatItMayImport() throws IOException {
        for (String pkg : packages().keySet()) {
            assertTrue(Files.exists(SOURCES.resolve(pkg.replace('.', '/')).resolve("package-info.java")),
                    pkg + " has no package-info.java saying what lives there and what it may import");
        }
    }

    @Test
    void importsStayWithinWhatEachPackageMayImport() throws IOException {
        Map<String, Rules> rules = rules();
        List<String> broken = new ArrayList<>();
        packages().forEach((pkg, files) -> {
            Rules allowed = rules.get(pkg);
            for (Path file : files) {
                String code = withoutComments(read(file));
                Matcher m = PROJECT.matcher(code);
                while (m.find()) {
                    String used = m.group(1);
                    if (!used.equals(pkg) && !allowed.mayImport().contains(used)) {
                        broken.add(file + " uses " + used + ", which " + pkg + " may not import");
                    }
                }
                Matcher f = FRAMEWORKS.matcher(code);
                if (allowed.withoutFrameworks() && f.find()) {
                    broken.add(file + " names " + f.group(1) + ": " + pkg + " is without Spark, Hadoop or Scala");
                }
            }
        });
        assertEquals(List.of(), broken);
    }

    @Test
    void theDeclaredImportsPointDownWithoutCircles() throws IOException {
        Map<String, Rules> rules = rules();
        Set<String> done = new HashSet<>();
        for (String pkg : rules.keySet()) {
            visit(pkg, rules, new ArrayList<>(), done);
        }
    }

    private static void visit(String pkg, Map<String, Rules> rules, List<String> path, Set<String> done) {
        if (path.contains(pkg)) {
            throw new AssertionError("packages import each other in a circle: " + String.join(" -> ", path) + " -> "
                    + pkg);
        }
        if (!done.add(pkg)) {
            return;
        }
        assertTrue(rules.containsKey(pkg), path + " may import " + pkg + ", which is no package of the project");
        path.add(pkg);
        for (String next : rules.get(pkg).mayImport()) {
            visit(next, rules, path, done);
        }
        path.remove(path.size() - 1);
        done.add(pkg);
    }

    /* Package name (below the root) -> its Java files, for every package with code. */
    private static Map<String, List<Path>> packages() throws IOException {
        Map<String, List<Path>> packages = new TreeMap<>();
        try (Stream<Path> files = Files.walk(SOURCES)) {
            files.filter(p -> p.toString().endsWith(".java") && !p.endsWith("package-info.java")).forEach(p ->
                    packages.computeIfAbsent(SOURCES.relativize(p.getParent()).toString().replace('/', '.'),
                            k -> new ArrayList<>()).add(p));
        }
        return packages;
    }

    private static Map<String, Rules> rules() throws IOException {
        Map<String, Rules> rules = new TreeMap<>();
        for (String pkg : packages().keySet()) {
            String info = read(SOURCES.resolve(pkg.replace('.', '/')).resolve("package-info.java"))
                    .replaceAll("\\s*\\n\\s*\\*\\s*", " ");
            Matcher m = MAY_IMPORT.matcher(info);
            assertTrue(m.find(), pkg + "'s package-info.java has no \"May import:\" line");
            Set<String> allowed = new TreeSet<>();
            Matcher names = CODE.matcher(m.group(1));
            while (names.find()) {
                allowed.add(names.group(1));
            }
            rules.put(pkg, new Rules(allowed, info.contains("Without Spark, Hadoop or Scala")));
        }
        return rules;
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /* Code without comments, so that a doc naming another package's class is no import. */
    private static String withoutComments(String source) {
        return source.replaceAll("(?s)/\\*.*?\\*/", " ").replaceAll("//[^\\n]*", " ");
    }
}

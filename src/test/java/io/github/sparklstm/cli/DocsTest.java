package io.github.sparklstm.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.sparklstm.config.Config;
import io.github.sparklstm.config.ConfigKey;
import io.github.sparklstm.config.ConfigKeys;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The README and docs/ are what users read: the settings table is the table of settings (generated from
 * ConfigKeys; {@code -Dsparklstm.regenerate=true} writes it anew), the shipped config restates the defaults, the
 * README stays one screenful of what matters, and every link between the pages leads somewhere.
 */
class DocsTest {

    private static final Path CONFIGURATION = Path.of("docs/configuration.md");
    private static final String BEGIN = "<!-- settings: generated from ConfigKeys by DocsTest; do not edit by hand -->";
    private static final String END = "<!-- end of settings -->";
    private static final Pattern LINK = Pattern.compile("\\]\\(([^)#\\s]*)(#[^)\\s]*)?\\)");

    @Test
    void theSettingsTableIsTheTableOfSettings() throws Exception {
        String page = Files.readString(CONFIGURATION, StandardCharsets.UTF_8);
        int begin = page.indexOf(BEGIN);
        int end = page.indexOf(END);
        assertTrue(begin >= 0 && end > begin, CONFIGURATION + " lacks the generated settings' markers");
        String expected = page.substring(0, begin + BEGIN.length()) + "\n" + table() + page.substring(end);
        if (Boolean.getBoolean("sparklstm.regenerate")) {
            Files.writeString(CONFIGURATION, expected, StandardCharsets.UTF_8);
            page = expected;
        }
        assertEquals(expected, page, CONFIGURATION + "'s settings are not ConfigKeys': run mvn test-compile "
                + "surefire:test@spark-tests -Dtest=DocsTest -Dsparklstm.regenerate=true");
    }

    static String table() {
        StringBuilder s = new StringBuilder("| key | default | allowed | affects | Spark ML Param | meaning |\n"
                + "| --- | --- | --- | --- | --- | --- |\n");
        for (ConfigKey key : ConfigKeys.ALL) {
            s.append("| `").append(key.name()).append("` | ")
                    .append(key.defaultValue().isEmpty() ? "" : "`" + key.defaultValue() + "`").append(" | ")
                    .append(cell(key.allowed())).append(" | ")
                    .append(key.effect().name().toLowerCase(Locale.ROOT)).append(" | ")
                    .append(key.hasParam() ? "`" + key.param() + "`" : "").append(" | ")
                    .append(cell(key.description())).append(" |\n");
        }
        return s.toString();
    }

    /* Markdown would read | as a column and * as emphasis. */
    private static String cell(String text) {
        return text.replace("|", "\\|").replace("*", "\\*");
    }

    @Test
    void theShippedConfigFileOnlyRestatesDefaults() throws Exception {
        Config shipped = Config.load(TrainCommand.DEFAULT_CONFIG, List.of());
        Config defaults = Config.load(null, List.of());
        assertTrue(shipped.equals(defaults), "conf/mnist-lstm.properties and ConfigKeys disagree: "
                + shipped.values() + " vs " + defaults.values());
    }

    @Test
    void theReadmeIsOneScreenfulWithItsTwoCommands() throws Exception {
        List<String> readme = Files.readAllLines(Path.of("README.md"), StandardCharsets.UTF_8);
        assertTrue(readme.size() <= 200, "README.md has " + readme.size() + " lines; the rest belongs in docs/");
        String text = String.join("\n", readme);
        assertTrue(text.contains("jobs/train-mnist.sh"), "README.md lacks the command that runs the main job");
        assertTrue(text.contains("mvn verify"), "README.md lacks the test command");
    }

    @Test
    void everyLinkOfTheReadmeAndTheDocsLeadsToAPageAndHeadingThatExist() throws Exception {
        List<Path> pages = new ArrayList<>(List.of(Path.of("README.md")));
        try (Stream<Path> docs = Files.list(Path.of("docs"))) {
            docs.filter(p -> p.toString().endsWith(".md")).sorted().forEach(pages::add);
        }
        List<String> broken = new ArrayList<>();
        for (Path page : pages) {
            Matcher m = LINK.matcher(Files.readString(page, StandardCharsets.UTF_8));
            while (m.find()) {
                String target = m.group(1);
                if (target.startsWith("http")) {
                    continue;
                }
                Path file = target.isEmpty() ? page : page.resolveSibling(target).normalize();
                if (!Files.exists(file)) {
                    broken.add(page + ": " + m.group() + " (no " + file + ")");
                } else if (m.group(2) != null && file.toString().endsWith(".md")
                        && !anchors(file).contains(m.group(2).substring(1))) {
                    broken.add(page + ": " + m.group() + " (no such heading in " + file + ")");
                }
            }
        }
        assertEquals(List.of(), broken);
    }

    /* GitHub's anchors: each heading lowercased, punctuation but hyphens and spaces dropped, spaces as hyphens. */
    private static List<String> anchors(Path page) throws Exception {
        List<String> anchors = new ArrayList<>();
        for (String line : Files.readAllLines(page, StandardCharsets.UTF_8)) {
            if (line.startsWith("#")) {
                anchors.add(line.replaceFirst("^#+\\s*", "").toLowerCase(Locale.ROOT)
                        .replaceAll("[^\\p{L}\\p{N} _-]", "").replace(' ', '-'));
            }
        }
        return anchors;
    }
}

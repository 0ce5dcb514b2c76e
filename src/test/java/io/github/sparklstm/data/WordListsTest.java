package io.github.sparklstm.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.sparklstm.train.CharacterNgrams;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The word-list task: what is kept, how it splits, the one-hot steps, and the n-gram baseline. */
class WordListsTest {

    @TempDir
    Path dict;

    private void lists() throws Exception {
        Files.writeString(dict.resolve("american-english"), String.join("\n", "Apple", "apple's", "banana", "both",
                "thinking", "walking", "singing", "e.g.", "tree", "house") + "\n");
        Files.writeString(dict.resolve("ngerman"), String.join("\n", "Straße", "both", "Häuser", "Bäume",
                "schön", "Mädchen", "größer", "über") + "\n");
    }

    @Test
    void keepsLetterWordsOfOneLanguageSplitBySeed() throws Exception {
        lists();
        WordLists.Task task = WordLists.read(dict, List.of("english", "german"), 100, 0.25, 1);
        assertEquals(List.of("english", "german"), task.languages());
        // "both" is in both lists; "apple's" and "e.g." are not letters only.
        assertEquals(2, task.dropped());
        List<String> all = new java.util.ArrayList<>();
        task.train().forEach(w -> all.add(w.text()));
        task.test().forEach(w -> all.add(w.text()));
        assertEquals(7 + 7, all.size());
        assertTrue(all.contains("apple") && all.contains("straße") && !all.contains("both"), all.toString());
        // 25% of each language's words for testing: 2 of 7 each.
        assertEquals(4, task.test().size());
        assertEquals(task.test(), WordLists.read(dict, List.of("english", "german"), 100, 0.25, 1).test());
        assertTrue(task.alphabet().contains("ß") && task.alphabet().contains("ä"));
        float[][] steps = task.oneHot("über");
        assertEquals(4, steps.length);
        for (float[] step : steps) {
            assertEquals(1f, sum(step));
        }
        assertEquals(1f, steps[0][task.alphabet().indexOf('ü')]);
    }

    @Test
    void aMissingListNamesItsDebianPackage() throws Exception {
        lists();
        InvalidDataException e = assertThrows(InvalidDataException.class,
                () -> WordLists.read(dict, List.of("english", "french"), 100, 0.2, 1));
        assertTrue(e.getMessage().contains("french") && e.getMessage().contains("wfrench"), e.getMessage());
    }

    @Test
    void ngramBaselineLearnsLetterGroups() {
        List<String> words = List.of("walking", "talking", "singing", "straße", "größe", "mädchen");
        int[] labels = {0, 0, 0, 1, 1, 1};
        CharacterNgrams model = CharacterNgrams.fit(words, labels, 2, 3);
        assertEquals(0, model.predict("running"));
        assertEquals(1, model.predict("fuße"));
        assertEquals(1.0, model.accuracy(words, labels));
        assertArrayEquals(new int[] {0, 1}, new int[] {model.predict("king"), model.predict("äße")});
    }

    private static float sum(float[] values) {
        float s = 0;
        for (float v : values) {
            s += v;
        }
        return s;
    }
}

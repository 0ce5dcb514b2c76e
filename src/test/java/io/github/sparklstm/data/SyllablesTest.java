package io.github.sparklstm.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.github.sparklstm.train.ContextMajority;
import io.github.sparklstm.train.Evaluation;
import java.io.BufferedReader;
import java.io.StringReader;
import java.util.List;
import org.junit.jupiter.api.Test;

/** GCIDE's marked headwords as letters labelled with what follows each, and the context baseline over them. */
class SyllablesTest {

    @Test
    void eachLetterIsLabelledWithTheMarkAfterIt() {
        Syllables.Word abacus = Syllables.parse("Ab\"a*cus");
        assertEquals("abacus", abacus.text());
        assertArrayEquals(new int[] {0, 2, 1, 0, 0, 0}, abacus.labels());
        assertArrayEquals(new int[] {1, 0, 0, 3, 1, 0, 2, 0, 0, 0, 0},
                Syllables.parse("A*bac`i*na\"tion").labels());
        assertArrayEquals(new int[] {1, 0, 0, 0, 2}, Syllables.parse("A*back\"").labels());
        assertNull(Syllables.parse("*ab"));
        assertNull(Syllables.parse("a\"*b"));
        assertNull(Syllables.parse("ab-c"));
        assertNull(Syllables.parse("aard vark"));
    }

    @Test
    void entriesAreKeptWhenTheirLettersAreTheHeadwordsAndSplitBySeed() throws Exception {
        String text = String.join("\n",
                "Abacus \\Ab\"a*cus\\ ([a^]b\"[.a]*k[u^]s), n.",
                "Abacus \\Ab\"a*cus\\, n. (a second entry of the same word)",
                "Aback \\A*back\"\\ ([.a]*b[a^]k\"), adv.",
                "AAS \\AAS\\ an acronym",
                "Aard vark \\Aard vark\\ a compound",
                "Abaft \\A*baft\"\\ ([.a]*b[.a]ft\"), prep.",
                "Abase \\A*base\"ment\\ a form whose letters are not the headword's",
                "   an indented line of a definition \\not*an\\ entry");
        Syllables.Task task = Syllables.read(new BufferedReader(new StringReader(text)), 0.34, 1);
        assertEquals(7, task.entries());
        assertEquals(3, task.kept());
        assertEquals(2, task.train().size());
        assertEquals(1, task.test().size());
    }

    @Test
    void theBaselineTakesTheWidestContextItHasSeen() {
        List<String> words = List.of("abab", "abac");
        List<int[]> labels = List.of(new int[] {0, 1, 0, 2}, new int[] {0, 1, 0, 3});
        ContextMajority baseline = ContextMajority.fit(words, labels, 4, 2);
        assertArrayEquals(new int[] {0, 1, 0, 2}, baseline.predict("abab"));
        // An unseen word: each letter by the contexts it shares, down to the letter alone.
        assertArrayEquals(new int[] {0, 1, 0, 1}, baseline.predict("abzb"));
        Evaluation e = baseline.evaluate(words, labels);
        assertEquals(1.0, e.accuracy());
        assertEquals(1.0, e.sequenceAccuracy());
    }
}

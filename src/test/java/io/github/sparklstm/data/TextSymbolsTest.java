package io.github.sparklstm.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Text as symbols: the two units, the vocabulary's order and limits, unknown symbols, and UTF-8 refused where bad. */
class TextSymbolsTest {

    @Test
    void charsAreCodePointsAndWordsAreRunsOfLettersWithTheirMarks() {
        assertEquals(List.of("a", "\uD835\uDD38", "\n", " ", "é"), TextSymbols.Unit.CHAR.split("a\uD835\uDD38\n é"));
        List<String> words = TextSymbols.Unit.WORD.split("Don't stop,  the 2 ships'\nlast  rock-n-roll.");
        assertEquals(List.of("Don't", "stop", ",", "the", "2", "ships", "'", "\n", "last", "rock", "-", "n", "-",
                "roll", "."), words);
        assertEquals("Don't stop , the 2 ships '\nlast rock - n - roll .", TextSymbols.Unit.WORD.join(words));
        assertEquals("a\uD835\uDD38\n é", TextSymbols.Unit.CHAR.join(TextSymbols.Unit.CHAR.split("a\uD835\uDD38\n é")));
    }

    @Test
    void theVocabularyIsUnknownThenTheFrequentFirstWithinItsLimits() {
        Map<String, Long> counts = new HashMap<>();
        TextSymbols.count(TextSymbols.Unit.CHAR.split("abracadabra!"), counts);
        TextSymbols all = TextSymbols.of(counts, 1, 0);
        // a:5 b:2 r:2 c:1 d:1 !:1; ties in code-point order ('!' 0x21 before 'c').
        assertEquals(List.of(TextSymbols.UNKNOWN, "a", "b", "r", "!", "c", "d"), all.symbols());
        assertEquals(List.of(TextSymbols.UNKNOWN, "a", "b", "r"), TextSymbols.of(counts, 2, 0).symbols());
        TextSymbols three = TextSymbols.of(counts, 1, 3);
        assertEquals(List.of(TextSymbols.UNKNOWN, "a", "b"), three.symbols());
        List<String> text = TextSymbols.Unit.CHAR.split("bar?");
        assertArrayEquals(new int[] {2, 1, 0, 0}, three.encode(text));
        assertEquals(2, three.unknownIn(text));
        assertEquals(all.symbols(), TextSymbols.listed(all.symbols()).symbols());
        // A model's labels are sorted: "<unk>" among them, numbered where it stands.
        TextSymbols sorted = TextSymbols.listed(List.of("!", TextSymbols.UNKNOWN, "a"));
        assertArrayEquals(new int[] {2, 1, 0}, sorted.encode(List.of("a", "?", "!")));
        assertThrows(IllegalArgumentException.class, () -> TextSymbols.listed(List.of("a", "b")));
        assertThrows(IllegalArgumentException.class, () -> TextSymbols.listed(List.of(TextSymbols.UNKNOWN, "a", "a")));
        assertThrows(IllegalArgumentException.class, () -> TextSymbols.of(counts, 0, 0));
    }

    @Test
    void textThatIsNotUtf8IsRefusedSayingWhere() throws Exception {
        assertEquals("héllo\n", TextSymbols.decode("héllo\n".getBytes(StandardCharsets.UTF_8), "f.txt"));
        byte[] latin1 = "ok\nsecond line: caf\u00e9 au lait".getBytes(StandardCharsets.ISO_8859_1);
        InvalidDataException e = assertThrows(InvalidDataException.class, () -> TextSymbols.decode(latin1,
                "corpus/part-1.txt"));
        assertTrue(e.getMessage().contains("corpus/part-1.txt") && e.getMessage().contains("byte 19 (line 2)")
                && e.getMessage().contains("0xe9"), e.getMessage());
        byte[] cut = java.util.Arrays.copyOf("ab€".getBytes(StandardCharsets.UTF_8), 4);
        InvalidDataException end = assertThrows(InvalidDataException.class, () -> TextSymbols.decode(cut, "g"));
        assertTrue(end.getMessage().contains("byte 2 (line 1)"), end.getMessage());
    }
}

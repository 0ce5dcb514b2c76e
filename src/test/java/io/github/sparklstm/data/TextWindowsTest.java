package io.github.sparklstm.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

/** Windows tile a text's part: inputs are its symbols, each step labelled with the next, nothing lost or repeated. */
class TextWindowsTest {

    @Test
    void windowsTileThePartWithEachStepLabelledByTheNextSymbol() {
        int[] text = {5, 1, 4, 1, 5, 9, 2, 6, 5, 3};
        int held = TextWindows.heldFrom(text.length, 0.2);
        assertEquals(8, held);
        FloatSequences train = TextWindows.of(text, 0, held, 3);
        // 7 targets in windows of 3: [5 1 4 | 1 5 9 | 2] predicting [1 4 1 | 5 9 2 | 6].
        assertEquals(3, train.labels().length);
        assertArrayEquals(new int[] {3, 6, 7}, train.ends());
        assertArrayEquals(new float[] {5, 1, 4, 1, 5, 9, 2}, train.values());
        assertArrayEquals(new int[] {1, 4, 1, 5, 9, 2, 6}, train.stepLabels());
        FloatSequences test = TextWindows.of(text, held, text.length, 3);
        assertArrayEquals(new float[] {5}, test.values());
        assertArrayEquals(new int[] {3}, test.stepLabels());
        assertEquals(0, TextWindows.of(text, 4, 5, 3).labels().length, "one symbol predicts nothing");
        assertEquals(text.length, TextWindows.heldFrom(text.length, 0));
        assertThrows(IllegalArgumentException.class, () -> TextWindows.heldFrom(10, 1.0));
    }
}

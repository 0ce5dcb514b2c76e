package io.github.sparklstm.distributed.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.sparklstm.data.FloatSequences;
import io.github.sparklstm.data.ImageSequences;
import io.github.sparklstm.data.ImageView;
import io.github.sparklstm.data.InvalidDataException;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The small pieces of the data path: how examples are encoded and assembled, how labels are ruled, shapes. */
class DataPiecesTest {

    @Test
    void floatExamplesAssembleInTheOrderGiven() {
        ExampleCodec codec = ExampleCodec.floats(2, 3);
        float[] a = {1, 2, 3, 4, 5, Float.MIN_VALUE};
        float[] b = {-0f, 7, 8, 9, 10, 1e30f};
        FloatSequences set = (FloatSequences) codec.assemble(List.of(codec.encodeFloats(4, a),
                codec.encodeFloats(1, b)).iterator(), 2);
        assertEquals(2, set.size());
        assertEquals(4, set.label(0));
        assertEquals(1, set.label(1));
        assertArrayEquals(new float[] {1, 2, 3, 4, 5, Float.MIN_VALUE, -0f, 7, 8, 9, 10, 1e30f}, set.values());
        assertEquals(Float.floatToRawIntBits(-0f), Float.floatToRawIntBits(set.value(1, 0, 0)));
        // Fewer examples than expected: trimmed, not padded.
        assertEquals(1, ((FloatSequences) codec.assemble(List.of(codec.encodeFloats(0, a)).iterator(), 5)).size());
    }

    @Test
    void imageExamplesStayBytes() {
        ImageView view = ImageView.of("rows", 2, 2, 0);
        ExampleCodec codec = ExampleCodec.images(view);
        ImageSequences set = (ImageSequences) codec.assemble(List.of(codec.encodeImage(9, new byte[] {1, 2, 3,
            (byte) 255})).iterator(), 1);
        assertEquals(9, set.label(0));
        assertEquals(255, set.images().pixel(0, 3));
    }

    @Test
    void labelRulesSayWhyTheyRefuse() {
        LabelRule below = LabelRule.below(3, "model.classes=3");
        assertEquals(2, below.classOf(2.0));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> below.classOf(3.0)).getMessage()
                .contains("label 3 is outside 0..2 (model.classes=3)"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> below.classOf(1.5)).getMessage()
                .contains("not an integer"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> below.classOf("a")).getMessage()
                .contains("training labels are numbers"));
        LabelRule strings = LabelRule.strings(List.of("cat", "dog"), "the training data");
        assertEquals(1, strings.classOf("dog"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> strings.classOf("emu")).getMessage()
                .contains("\"emu\" does not occur in the training data"));
    }

    @Test
    void flatRowsAreShapedBySettings() throws Exception {
        assertArrayEquals(new int[] {28, 28}, TableSource.reshape(784, 28, 0, "t"));
        assertArrayEquals(new int[] {28, 28}, TableSource.reshape(784, 0, 28, "t"));
        assertArrayEquals(new int[] {4, 196}, TableSource.reshape(784, 4, 196, "t"));
        assertTrue(assertThrows(InvalidDataException.class, () -> TableSource.reshape(784, 5, 0, "t"))
                .getMessage().contains("784 values, which do not form 5 steps of equal size"));
        assertTrue(assertThrows(InvalidDataException.class, () -> TableSource.reshape(784, 0, 0, "t"))
                .getMessage().contains("set data.steps or data.inputSize"));
    }
}

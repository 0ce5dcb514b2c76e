package io.github.sparklstm.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

class SequenceViewTest {

    @Test
    void rowsReadOneRowPerStep() {
        SequenceView v = SequenceView.of("rows", 28, 28, 1);
        assertEquals(28, v.steps());
        assertEquals(28, v.features());
        for (int t = 0; t < 28; t++) {
            for (int f = 0; f < 28; f++) {
                assertEquals(t * 28 + f, v.pixelIndex(t, f));
            }
        }
        assertThrows(IndexOutOfBoundsException.class, () -> v.pixelIndex(28, 0));
    }

    @Test
    void rowsOfNonSquareImages() {
        SequenceView v = SequenceView.of("rows", 2, 5, 0);
        assertEquals(2, v.steps());
        assertEquals(5, v.features());
        assertEquals(9, v.pixelIndex(1, 4));
    }

    @Test
    void pixelsReadOnePixelPerStep() {
        SequenceView v = SequenceView.of("pixels", 28, 28, 1);
        assertEquals(784, v.steps());
        assertEquals(1, v.features());
        for (int t = 0; t < 784; t++) {
            assertEquals(t, v.pixelIndex(t, 0));
        }
        assertThrows(IndexOutOfBoundsException.class, () -> v.pixelIndex(0, 1));
    }

    @Test
    void permutedPixelsAreAFixedPermutationOfTheSeed() {
        SequenceView a = SequenceView.of("permuted-pixels", 28, 28, 42);
        int[] order = a.pixelOrder();
        assertEquals(784, order.length);
        assertArrayEquals(identity(784), Arrays.stream(order).sorted().toArray(), "a permutation");
        assertFalse(Arrays.equals(identity(784), order), "actually permuted");
        for (int t = 0; t < 784; t++) {
            assertEquals(order[t], a.pixelIndex(t, 0));
        }
        assertArrayEquals(order, SequenceView.of("permuted-pixels", 28, 28, 42).pixelOrder(), "same seed");
        assertFalse(Arrays.equals(order, SequenceView.of("permuted-pixels", 28, 28, 43).pixelOrder()),
                "other seed");
        order[0] = -1;
        assertTrue(a.pixelOrder()[0] >= 0, "pixelOrder returns a copy of the shared permutation");
    }

    @Test
    void seedOnlyMattersForPermutedPixels() {
        assertEquals(SequenceView.of("rows", 28, 28, 1), SequenceView.of("rows", 28, 28, 2));
        assertArrayEquals(identity(784), SequenceView.of("rows", 28, 28, 5).pixelOrder());
    }

    @Test
    void unknownNameIsRejectedListingTheNames() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> SequenceView.of("columns", 28, 28, 0));
        assertTrue(e.getMessage().contains("columns"), e.getMessage());
        for (String name : SequenceView.NAMES) {
            assertTrue(e.getMessage().contains(name), e.getMessage());
        }
    }

    @Test
    void inconsistentShapeIsRejected() {
        assertThrows(IllegalArgumentException.class, () -> new SequenceView("rows", 28, 28, 784, 1, 0, 0f, 1f));
        assertThrows(IllegalArgumentException.class, () -> SequenceView.of("pixels", 0, 28, 0));
    }

    @Test
    void checkFitsComparesImageSize() throws InvalidDataException {
        SequenceView v = SequenceView.of("rows", 28, 28, 0);
        v.checkFits(TestData.images(2, 28, 28, 10), "ok");
        TestData.assertInvalid("small.gz", () -> v.checkFits(TestData.images(2, 14, 28, 10), "small.gz"),
                "images are 14x28", "\"rows\"", "expects 28x28");
    }

    private static int[] identity(int n) {
        int[] a = new int[n];
        Arrays.setAll(a, i -> i);
        return a;
    }

    @Test
    void standardisationUsesTheTrainingSetStatistics() throws Exception {
        LabeledImages train = MnistFiles.readTrain(java.nio.file.Path.of("data/mnist"));
        SequenceView view = SequenceView.of("rows", 28, 28, 0).standardizedFor(train);
        // The statistics torchvision's MNIST examples hard-code.
        assertEquals(0.1307, view.pixelMean(), 5e-5);
        assertEquals(0.3081, view.pixelStd(), 5e-5);
        assertEquals(-view.pixelMean() / view.pixelStd(), view.input(0), 1e-6);
        assertEquals((1 - view.pixelMean()) / view.pixelStd(), view.input(255), 1e-6);
        assertEquals(1f / 255f, SequenceView.of("rows", 28, 28, 0).input(1));
        assertThrows(IllegalArgumentException.class, () -> view.standardized(0f, 0f));
    }
}

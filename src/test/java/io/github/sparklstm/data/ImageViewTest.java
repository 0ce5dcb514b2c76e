package io.github.sparklstm.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

class ImageViewTest {

    @Test
    void rowsReadOneRowPerStep() {
        ImageView v = ImageView.of("rows", 28, 28, 1);
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
        ImageView v = ImageView.of("rows", 2, 5, 0);
        assertEquals(2, v.steps());
        assertEquals(5, v.features());
        assertEquals(9, v.pixelIndex(1, 4));
    }

    @Test
    void pixelsReadOnePixelPerStep() {
        ImageView v = ImageView.of("pixels", 28, 28, 1);
        assertEquals(784, v.steps());
        assertEquals(1, v.features());
        for (int t = 0; t < 784; t++) {
            assertEquals(t, v.pixelIndex(t, 0));
        }
        assertThrows(IndexOutOfBoundsException.class, () -> v.pixelIndex(0, 1));
    }

    @Test
    void permutedPixelsAreAFixedPermutationOfTheSeed() {
        ImageView a = ImageView.of("permuted-pixels", 28, 28, 42);
        int[] order = a.pixelOrder();
        assertEquals(784, order.length);
        assertArrayEquals(identity(784), Arrays.stream(order).sorted().toArray(), "a permutation");
        assertFalse(Arrays.equals(identity(784), order), "actually permuted");
        for (int t = 0; t < 784; t++) {
            assertEquals(order[t], a.pixelIndex(t, 0));
        }
        assertArrayEquals(order, ImageView.of("permuted-pixels", 28, 28, 42).pixelOrder(), "same seed");
        assertFalse(Arrays.equals(order, ImageView.of("permuted-pixels", 28, 28, 43).pixelOrder()),
                "other seed");
        order[0] = -1;
        assertTrue(a.pixelOrder()[0] >= 0, "pixelOrder returns a copy of the shared permutation");
    }

    @Test
    void seedOnlyMattersForPermutedPixels() {
        assertEquals(ImageView.of("rows", 28, 28, 1), ImageView.of("rows", 28, 28, 2));
        assertArrayEquals(identity(784), ImageView.of("rows", 28, 28, 5).pixelOrder());
    }

    @Test
    void unknownNameIsRejectedListingTheNames() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> ImageView.of("columns", 28, 28, 0));
        assertTrue(e.getMessage().contains("columns"), e.getMessage());
        for (String name : ImageView.NAMES) {
            assertTrue(e.getMessage().contains(name), e.getMessage());
        }
    }

    @Test
    void inconsistentShapeIsRejected() {
        assertThrows(IllegalArgumentException.class, () -> new ImageView("rows", 28, 28, 784, 1, 0));
        assertThrows(IllegalArgumentException.class, () -> ImageView.of("pixels", 0, 28, 0));
    }

    @Test
    void checkFitsComparesImageSize() throws InvalidDataException {
        ImageView v = ImageView.of("rows", 28, 28, 0);
        v.checkFits(28, 28, "ok");
        TestData.assertInvalid("small.gz", () -> v.checkFits(14, 28, "small.gz"),
                "images are 14x28", "\"rows\"", "expects 28x28");
    }

    private static int[] identity(int n) {
        int[] a = new int[n];
        Arrays.setAll(a, i -> i);
        return a;
    }
}

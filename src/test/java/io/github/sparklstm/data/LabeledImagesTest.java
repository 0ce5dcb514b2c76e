package io.github.sparklstm.data;

import static io.github.sparklstm.data.TestData.assertInvalid;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class LabeledImagesTest {
    private static final byte[] PIXELS = TestData.randomBytes(4 * 2 * 3, 3);
    private static final IdxArray IMAGES = new IdxArray(new int[] {4, 2, 3}, PIXELS);
    private static final IdxArray LABELS = new IdxArray(new int[] {4}, new byte[] {9, 0, 3, 9});

    @Test
    void pairsImagesWithLabels() throws InvalidDataException {
        LabeledImages set = LabeledImages.of(IMAGES, "i", LABELS, "l");
        assertEquals(4, set.size());
        assertEquals(2, set.height());
        assertEquals(3, set.width());
        assertEquals(6, set.pixelsPerImage());
        assertEquals(3, set.label(2));
        assertEquals(PIXELS[2 * 6 + 5] & 0xFF, set.pixel(2, 5));
        assertArrayEquals(new long[] {1, 0, 0, 1, 0, 0, 0, 0, 0, 2},
                new ImageSequences(set, ImageView.of("rows", 2, 3, 0)).labelCounts());
        assertThrows(IndexOutOfBoundsException.class, () -> set.pixel(0, 6));
    }

    @Test
    void labelCountMustMatchImageCount() {
        IdxArray three = new IdxArray(new int[] {3}, new byte[] {1, 2, 3});
        InvalidDataException e = assertInvalid("labels.gz", () -> LabeledImages.of(IMAGES, "images.gz", three,
                "labels.gz"), "3 labels", "images.gz", "4 images");
        assertEquals("labels.gz: has 3 labels but images.gz has 4 images", e.getMessage());
    }

    @Test
    void labelsAreAnyByte() throws InvalidDataException {
        IdxArray high = new IdxArray(new int[] {4}, new byte[] {1, 2, 3, (byte) 255});
        assertEquals(255, LabeledImages.of(IMAGES, "i", high, "l").label(3));
    }

    @Test
    void shapesAreChecked() {
        IdxArray flat = new IdxArray(new int[] {4, 6}, PIXELS);
        assertInvalid("i", () -> LabeledImages.of(flat, "i", LABELS, "l"), "3 dimensions", "found 2");
        IdxArray labels2d = new IdxArray(new int[] {4, 1}, LABELS.data());
        assertInvalid("l", () -> LabeledImages.of(IMAGES, "i", labels2d, "l"), "1 dimension", "found 2");
        assertThrows(IllegalArgumentException.class, () -> new LabeledImages(new byte[5], new byte[1], 2, 3));
        assertThrows(IllegalArgumentException.class, () -> new IdxArray(new int[] {2, 3}, new byte[5]));
    }

    @Test
    void subsetAndSelectCopy() throws InvalidDataException {
        LabeledImages set = LabeledImages.of(IMAGES, "i", LABELS, "l");
        LabeledImages middle = set.subset(1, 3);
        assertEquals(2, middle.size());
        assertEquals(set.label(1), middle.label(0));
        for (int p = 0; p < 6; p++) {
            assertEquals(set.pixel(2, p), middle.pixel(1, p));
        }
        LabeledImages picked = set.select(new int[] {3, 0, 3});
        assertArrayEquals(new byte[] {9, 9, 9}, picked.labels());
        for (int p = 0; p < 6; p++) {
            assertEquals(set.pixel(3, p), picked.pixel(0, p));
            assertEquals(set.pixel(0, p), picked.pixel(1, p));
        }
        byte before = set.pixels()[18];
        picked.pixels()[0] = (byte) ~picked.pixels()[0];
        assertEquals(before, set.pixels()[18], "select copies");
        assertThrows(IndexOutOfBoundsException.class, () -> set.subset(2, 5));
        assertThrows(IndexOutOfBoundsException.class, () -> set.select(new int[] {4}));
    }
}
